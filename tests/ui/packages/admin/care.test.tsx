import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import CarePage from '../../../../miniprogram/src/packages/admin/care/index';
import { fakeGateway, refuse } from '../../support/gateway';
import { typeInto } from '../../support/type-into';

jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => ({
  ...jest.requireActual('../../../../miniprogram/src/components/ConfirmDialog'),
  ...require('../../support/confirm-dialog').confirmingWith('搬到县城和子女同住'),
}));
jest.mock('../../../../miniprogram/src/client/navigate', () => ({
  ...jest.requireActual('../../../../miniprogram/src/client/navigate'),
  useRouteParams: () => ({}),
}));

const gateway = fakeGateway();
const { sent } = gateway;

const entry = {
  id: 'care-1', gridId: 'g-1', gridName: '第一网格', householdId: null, name: '李秀英', kinds: ['living-alone-elderly'], kindsLabel: '独居老人',
  address: '冯坊1组6号', phoneMasked: null, contactName: '儿子', contactPhoneMasked: '139****0001', note: '腿脚不便', canEdit: true,
};
let answers: Record<string, unknown>;

beforeEach(() => {
  Taro.clearStorageSync();
  answers = {
    careGrids: { items: [{ gridId: 'g-1', gridName: '第一网格', villageName: '冯坊村', count: 1 }, { gridId: 'g-2', gridName: '第二网格', villageName: '冯坊村', count: 0 }] },
    careList: { gridName: '第一网格', canEdit: true, items: [entry] },
    careAdd: refuse('INVALID_INPUT', '输入有误', [{ path: 'name', message: '至少 2 个字' }, { path: 'kinds', message: '请至少选一项关爱类别' }, { path: 'address', message: '至少 2 个字' }]),
  };
  gateway.install((action) => answers[action]);
});

const settle = () => act(() => new Promise((r) => setTimeout(r, 20)));

describe('the care register page (关爱对象)', () => {
  it('opens on the first grid the person keeps, with numbers masked and the kinds in words', async () => {
    render(<CarePage />);
    expect(await screen.findByText('李秀英 · 独居老人')).toBeTruthy();
    expect(screen.getByText('儿子 139****0001')).toBeTruthy();
    expect(sent().find((c) => c.action === 'careList')!.data).toEqual({ gridId: 'g-1' });
    fireEvent.click(screen.getByText('第二网格（0 人）'));
    await waitFor(() => expect(sent().filter((c) => c.action === 'careList').map((c) => c.data.gridId)).toContain('g-2'));
  });

  it('shows every field error at once, each naming its field, from the contract', async () => {
    render(<CarePage />);
    fireEvent.click(await screen.findByText('登记一位关爱对象'));
    await settle();
    fireEvent.click(screen.getByText('保存'));
    // The client parses with the same contract before sending: nothing goes out.
    expect(await screen.findByText('姓名：至少 2 个字')).toBeTruthy();
    expect(screen.getByText('关爱类别：请至少选一项关爱类别')).toBeTruthy();
    expect(screen.getByText('住址：至少 2 个字')).toBeTruthy();
    expect(sent().some((c) => c.action === 'careAdd')).toBe(false);
  });

  it('sends a filled form with the kinds tapped and blank numbers left out as none', async () => {
    answers.careAdd = { item: { ...entry, id: 'care-2', name: '王秀兰' } };
    const { container } = render(<CarePage />);
    fireEvent.click(await screen.findByText('登记一位关爱对象'));
    await settle();
    const inputs = Array.from(container.querySelectorAll('taro-input-core'));
    typeInto(inputs[0]!, '王秀兰');
    typeInto(inputs[1]!, '冯坊1组3号');
    fireEvent.click(screen.getByText('残疾人'));
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(sent().some((c) => c.action === 'careAdd')).toBe(true));
    expect(sent().find((c) => c.action === 'careAdd')!.data).toEqual({ gridId: 'g-1', name: '王秀兰', kinds: ['disabled'], address: '冯坊1组3号', note: '', contactName: null, phone: null, contactPhone: null });
  });

  it('asks for the reason before taking someone off the register, and sends it', async () => {
    answers.careRemove = { removed: true };
    render(<CarePage />);
    fireEvent.click(await screen.findByText('移出名单'));
    // The dialog asks; its confirm button is the one with the confirm words.
    fireEvent.click(await screen.findByText('移出'));
    await waitFor(() => expect(sent().some((c) => c.action === 'careRemove')).toBe(true));
    expect(sent().find((c) => c.action === 'careRemove')!.data).toEqual({ id: 'care-1', reason: '搬到县城和子女同住' });
  });
});
