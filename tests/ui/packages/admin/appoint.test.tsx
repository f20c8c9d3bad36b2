import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import AppointPage from '../../../../miniprogram/src/packages/admin/appoint/index';
import { dialogFor, handOverNeeded, spacedCode } from '../../../../miniprogram/src/packages/admin/appoint/actions';
import { ApiError } from '../../../../miniprogram/src/client/cloud';
import { fakeGateway, refuse } from '../../support/gateway';
import { typeInto } from '../../support/type-into';

jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => ({
  ...jest.requireActual('../../../../miniprogram/src/components/ConfirmDialog'),
  ...require('../../support/confirm-dialog').confirmingWith(''),
}));
jest.mock('../../../../miniprogram/src/client/navigate', () => ({
  ...jest.requireActual('../../../../miniprogram/src/client/navigate'),
  useRouteParams: () => ({ unitId: 'v-fengfang' }),
}));

const gateway = fakeGateway();
const { sent } = gateway;
const WORK = '这位同志还有未交接的工作：认领中的心愿「帮忙搬煤」。请先交接，或选择一位接替的人一并交接。';

const holder = { userId: 'party-member', name: '赵志强', phoneMasked: '135****7702', role: 'village-cadre', roleLabel: '村（社区）干部' };
const person = { userId: 'pm-fengfang-1', name: '王建国', phoneMasked: null, unitName: '冯坊村' };
const invitation = {
  id: 'inv-7KQ2M9XH', code: '7KQ2M9XH', role: 'police', roleLabel: '警民之家民警', unitId: 'v-fengfang', unitName: '冯坊村',
  inviteeName: null, status: 'open', statusLabel: '待使用', expiresLabel: '12月9日 08:00 前有效', usedByName: null,
};
let answers: Record<string, unknown>;

beforeEach(() => {
  Taro.clearStorageSync();
  answers = {
    holders: {
      unit: { id: 'v-fengfang', name: '冯坊村', retired: false },
      items: [holder],
      appointableRoles: [{ role: 'village-cadre', label: '村（社区）干部' }, { role: 'police', label: '警民之家民警' }],
    },
    invitations: { items: [] },
    findPeople: { items: [person] },
    appoint: { holder: { ...holder, userId: person.userId, name: person.name } },
    removeRole: refuse('CONFLICT', WORK),
    invite: { invitation },
  };
  gateway.install((action, data) => {
    if (action === 'removeRole' && data.successorId) return { handedOver: [{ kind: 'wish', id: 'w1', title: '帮忙搬煤', label: '认领中的心愿' }], successorName: '王建国' };
    return answers[action];
  });
});

const inputs = (container: HTMLElement) => Array.from(container.querySelectorAll('taro-input-core'));

/** Lets Taro's input elements finish loading before typing into them. */
const settle = () => act(() => new Promise((r) => setTimeout(r, 20)));

describe('the appoint page’s actions', () => {
  it('asks before appointing with the person’s masked phone and the unit', () => {
    const spec = dialogFor({ kind: 'appoint', person: { ...person, phoneMasked: '138****2461' }, role: 'grid-leader' }, '冯坊村');
    expect(spec).toEqual({ title: '任命网格长', message: '任命王建国（138****2461）为冯坊村网格长？本人会收到通知。', confirmText: '确定任命' });
  });

  it('takes a CONFLICT that lists open work as a hand-over, and nothing else', () => {
    expect(handOverNeeded(new ApiError('CONFLICT', WORK, [], true))).toBe(WORK);
    expect(handOverNeeded(new ApiError('CONFLICT', '这是县里最后一位管理员，请先任命新的县管理员再免去', [], true))).toBeNull();
    expect(handOverNeeded(new ApiError('FORBIDDEN', '没有权限', [], true))).toBeNull();
  });

  it('shows an invitation code in two groups of four, to read out', () => {
    expect(spacedCode('7KQ2M9XH')).toBe('7KQ2 M9XH');
  });
});

describe('the appoint page', () => {
  it('appoints a person found by name to the role tapped', async () => {
    const { container } = render(<AppointPage />);
    expect(await screen.findByText('冯坊村人员任命')).toBeTruthy();
    fireEvent.click(screen.getByText('警民之家民警'));
    await settle();
    typeInto(inputs(container)[0]!, '王建');
    fireEvent.click(screen.getByText('查找'));
    fireEvent.click(await screen.findByText('王建国'));
    fireEvent.click(await screen.findByText('确定任命'));
    await waitFor(() => expect(sent().some((s) => s.action === 'appoint')).toBe(true));
    expect(sent().find((s) => s.action === 'findPeople')!.data).toEqual({ unitId: 'v-fengfang', name: '王建' });
    expect(sent().find((s) => s.action === 'appoint')!.data).toEqual({ userId: 'pm-fengfang-1', role: 'police', unitId: 'v-fengfang' });
  });

  it('keeps the list of open work when a removal is refused, and hands it to the successor picked', async () => {
    const { container } = render(<AppointPage />);
    fireEvent.click(await screen.findByText('免去'));
    fireEvent.click(await screen.findByText('确定免去'));
    expect(await screen.findByText(WORK)).toBeTruthy();
    expect(screen.getByText('找接替的人')).toBeTruthy();
    await settle();
    typeInto(inputs(container)[0]!, '王');
    fireEvent.click(screen.getByText('查找'));
    fireEvent.click(await screen.findByText('王建国'));
    fireEvent.click(await screen.findByText('交接并免去'));
    await waitFor(() => expect(sent().filter((s) => s.action === 'removeRole')).toHaveLength(2));
    expect(sent().filter((s) => s.action === 'removeRole').map((s) => s.data)).toEqual([
      { userId: 'party-member', role: 'village-cadre', unitId: 'v-fengfang' },
      { userId: 'party-member', role: 'village-cadre', unitId: 'v-fengfang', successorId: 'pm-fengfang-1' },
    ]);
  });

  it('makes an invitation code for the role tapped and shows it large', async () => {
    render(<AppointPage />);
    fireEvent.click(await screen.findByText('警民之家民警'));
    fireEvent.click(screen.getByText('生成邀请码'));
    expect(await screen.findByText('7KQ2 M9XH')).toBeTruthy();
    expect(sent().find((s) => s.action === 'invite')!.data).toEqual({ role: 'police', unitId: 'v-fengfang' });
    await waitFor(() => expect(sent().filter((s) => s.action === 'invitations').length).toBeGreaterThan(1));
  });
});
