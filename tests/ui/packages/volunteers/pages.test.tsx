import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import VolunteerHome from '../../../../miniprogram/src/packages/volunteers/home/index';
import Activity from '../../../../miniprogram/src/packages/volunteers/activity/index';
import CheckIn from '../../../../miniprogram/src/packages/volunteers/checkin/index';
import Certificate from '../../../../miniprogram/src/packages/volunteers/certificate/index';
import { fakeGateway } from '../../support/gateway';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../support/taro');
  return { __esModule: true, ...actual, default: actual.default, useRouter: () => ({ params: { id: 'va1', code: 'QYFF2026LWH1' } }) };
});

const gateway = fakeGateway();
const { sent } = gateway;
const activity = {
  id: 'va1', serviceId: null, unitId: 'v-fengfang', unitName: '冯坊村', title: '陪同老人去县医院复查', description: '', place: '村卫生室门口集合',
  date: '2099-12-09', startAt: '2099-12-09T00:00:00.000Z', endAt: '2099-12-09T04:00:00.000Z', skills: ['medical'], capacity: 3, confirmed: 3, waiting: 2,
  status: 'open', organiserName: '陈建军', hoursConfirmed: false, mine: null, canRun: false,
};
const answers: Record<string, unknown> = {
  home: { volunteer: null, community: { id: 'v-fengfang', name: '冯坊村' }, totalMinutes: 0, upcoming: [], canManage: false },
  join: { id: 'vl-resident', userId: 'resident', name: '张桂芳', unitId: 'v-fengfang', unitName: '冯坊村', skills: ['digital'], availability: ['weekend'], status: 'pending', source: 'self', joinedAt: '2099-12-01T00:00:00.000Z' },
  activity: { activity, roster: null },
  signUp: { ...activity, waiting: 3, mine: { id: 'vg1', status: 'waitlisted', waitingPlace: 3, checkInAt: null, checkOutAt: null, creditedMinutes: null } },
  checkInCode: { token: 'va1.in.abc.SIGNATURESIGNATURESIGNATURE1', shortCode: '042917', expiresAt: '2099-12-09T00:00:30.000Z', checkedIn: 2, checkedOut: 0, confirmed: 3 },
  certificate: { name: '刘先生', unitName: '冯坊村', totalMinutes: 150, activities: 2, since: '2099-10-01T00:00:00.000Z', entries: [{ id: 'vh1', title: '清理村道垃圾', date: '2099-11-30', minutes: 120, kind: 'confirmed', at: '2099-11-30T04:00:00.000Z' }], checkedAt: '2099-12-01T00:00:00.000Z' },
};

beforeEach(() => gateway.install((action) => answers[action]));

describe('volunteer pages', () => {
  it('home: joins the community\'s volunteers with skills and free times chosen by taps', async () => {
    render(<VolunteerHome />);
    fireEvent.click(await screen.findByText('手机电脑'));
    fireEvent.click(screen.getByText('加入志愿者'));
    await waitFor(() => expect(sent().some((b) => b.action === 'join')).toBe(true));
    expect(sent().find((b) => b.action === 'join')!.data).toEqual({ skills: ['digital'], availability: ['weekend'] });
  });

  it('activity: offers the waitlist when full, signs up with one tap, and never shows a date as code', async () => {
    render(<Activity />);
    fireEvent.click(await screen.findByText('名额满了，我要候补'));
    await waitFor(() => expect(sent().some((b) => b.action === 'signUp' && b.data.activityId === 'va1')).toBe(true));
    expect(screen.getByText(/12月9日/)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/2099-12-09/);
  });

  it('check-in screen: draws the code as a grid, with the six digits and the live count', async () => {
    render(<CheckIn />);
    expect(await screen.findByText('042917')).toBeTruthy();
    expect(screen.getByText('已签到 2 / 3 人')).toBeTruthy();
    const qr = screen.getByLabelText('签到二维码');
    expect(qr.querySelectorAll('.qr__row').length).toBeGreaterThanOrEqual(21);
    expect(qr.querySelectorAll('.qr__dark').length).toBeGreaterThan(20);
    expect(sent().find((b) => b.action === 'checkInCode')!.data).toEqual({ activityId: 'va1', mode: 'in' });
  });

  it('certificate: reads the record by its code, the volunteer by surname', async () => {
    render(<Certificate />);
    expect(await screen.findByText('刘先生')).toBeTruthy();
    expect(screen.getByText('2.5 小时')).toBeTruthy();
    expect(sent().find((b) => b.action === 'certificate')!.data).toEqual({ code: 'QYFF2026LWH1' });
  });
});
