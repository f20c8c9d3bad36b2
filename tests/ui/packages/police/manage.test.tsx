import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { UserView } from '../../../../shared/contracts/auth';
import Workbench from '../../../../miniprogram/src/packages/police/workbench/index';
import { setSessionUser } from '../../../../miniprogram/src/client/session';
import { fakeGateway, refuse } from '../../support/gateway';
import { monthlyCountsView } from '../../support/police';
import { person } from '../../support/people';

// NutUI's Dialog needs the mini-program runtime; the workbench only mounts it (closed) here.
jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => ({ ConfirmDialog: () => null }));

const gateway = fakeGateway();
const { sent } = gateway;
const refusals: Record<string, unknown> = {};

const officer: UserView = person({ id: 'police', name: '孙立新', persona: 'police', roles: [{ role: 'police', unitId: 'v-fengfang', unitName: '冯坊村' }] });
const queue = { homeId: 'ph-v-fengfang', date: '2099-12-07', open: true, nowServing: null, waiting: 0, mine: null, tickets: [] };
const week = [{ weekday: 2, start: '09:00', end: '11:30' }];
const kept = { id: 'sl1', date: '2099-12-08', start: '09:00', end: '09:30', booked: 4, label: '12月8日 周二 09:00–09:30，已约 4 人' };
const manage = (canManage: boolean) => ({
  homeId: 'ph-v-fengfang',
  homeName: '冯坊村新时代警民之家',
  canManage,
  weekly: [{ weekday: 1, start: '09:00', end: '12:00' }, { weekday: 1, start: '14:30', end: '17:30' }],
  exceptions: [],
  services: [{ id: 'sv1', name: '身份证办理', description: '', mode: 'appointment', duties: ['jointWork'], active: true, schedule: { weekly: week, slotMinutes: 30, capacity: 3 } }],
  sessions: [],
});
let canManage = true;

beforeEach(() => {
  canManage = true;
  for (const k of Object.keys(refusals)) delete refusals[k];
  Taro.clearStorageSync();
  setSessionUser(officer);
  gateway.install((action) => {
    if (refusals[action]) return refusals[action];
    if (action === 'workbench') return { homeId: 'ph-v-fengfang', homeName: '冯坊村新时代警民之家', date: '2099-12-07', slots: [], queue, visits: [], sessions: [] };
    if (action === 'monthlyCounts') return monthlyCountsView();
    if (action === 'manage') return manage(canManage);
    if (action === 'setSchedule') return { service: manage(true).services[0], kept: [kept], removed: 0, updated: 5, created: 0 };
    return undefined;
  });
});

async function openSchedule(capacity = 3) {
  render(<Workbench />);
  fireEvent.click(await screen.findByText('管理本站：开放时间、服务、活动'));
  expect(await screen.findByText('周一 09:00–12:00、14:30–17:30')).toBeTruthy();
  fireEvent.click(screen.getByText('预约时间和人数'));
  expect(await screen.findByText(`${capacity} 人`)).toBeTruthy();
}

describe('管理本站', () => {
  it('raises a slot’s capacity with a tap and says which booked slots the change kept', async () => {
    await openSchedule();
    fireEvent.click(screen.getAllByText('增加')[0]!);
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText(/已为预约的居民保留.*12月8日 周二 09:00–09:30，已约 4 人/)).toBeTruthy();
    expect(sent().find((s) => s.action === 'setSchedule')!.data).toEqual({ serviceId: 'sv1', schedule: { weekly: week, slotMinutes: 30, capacity: 4 } });
  });

  it('shows the server’s list when a cut is refused, and keeps the form as a draft for the next time', async () => {
    refusals.setSchedule = refuse('CONFLICT', '有 1 个时段已约人数超过新的容量 2 人，不能这样改：12月8日 周二 09:00–09:30，已约 3 人。');
    await openSchedule();
    fireEvent.click(screen.getByText('减少'));
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText(/不能这样改：12月8日 周二 09:00–09:30，已约 3 人。.*填写的内容已保存/)).toBeTruthy();
    cleanup();
    await openSchedule(2);
    expect(screen.getByText('上次没有保存的内容已为您恢复。')).toBeTruthy();
  });

  it('shows a town cadre the settings without a button to change them', async () => {
    canManage = false;
    render(<Workbench />);
    fireEvent.click(await screen.findByText('管理本站：开放时间、服务、活动'));
    expect(await screen.findByText('您可以查看本站的设置；修改由驻村民警和村（社区）干部办理。')).toBeTruthy();
    expect(screen.queryByText('修改开放时间')).toBeNull();
    expect(screen.queryByText('停办')).toBeNull();
    await waitFor(() => expect(sent().some((s) => s.action === 'manage')).toBe(true));
  });
});
