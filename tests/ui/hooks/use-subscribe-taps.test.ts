import Taro from '@tarojs/taro';
import { act, renderHook, waitFor } from '@testing-library/react';
import { useCaseReport } from '../../../miniprogram/src/hooks/use-cases-report';

// In the mini-program, reporting a dispute asks for the 审核结果 template straight from the tap,
// before the report goes to the server, and the report goes on whatever the person answers.
const fetchMock = jest.fn();
type Dialog = { tmplIds: string[]; success: (res: Record<string, string>) => void; fail: () => void };
const shim = Taro as unknown as { requestSubscribeMessage?: (o: Dialog) => void };
const env = process.env.TARO_ENV;
const order: string[] = [];
const dialog = jest.fn((o: Dialog) => {
  order.push(`dialog:${o.tmplIds.join(',')}`);
  o.fail();
});

beforeEach(() => {
  fetchMock.mockReset();
  order.length = 0;
  dialog.mockClear();
  fetchMock.mockImplementation((_url: string, init: RequestInit) => {
    order.push(`call:${(JSON.parse(init.body as string) as { action: string }).action}`);
    return Promise.reject(new Error('no answer queued'));
  });
  global.fetch = fetchMock as unknown as typeof fetch;
  shim.requestSubscribeMessage = dialog;
  process.env.TARO_ENV = 'weapp';
});
afterEach(() => {
  process.env.TARO_ENV = env;
  delete shim.requestSubscribeMessage;
});

function queue(data: unknown) {
  fetchMock.mockImplementationOnce((_url: string, init: RequestInit) => {
    order.push(`call:${(JSON.parse(init.body as string) as { action: string }).action}`);
    return Promise.resolve({ status: 200, json: () => Promise.resolve({ ok: true, data }) });
  });
}

describe('asking for subscribe messages at the tap', () => {
  it('asks for the result template when a resident reports a dispute, before the report is sent', async () => {
    queue({ templates: [{ templateKey: 'result', templateId: 'T-RESULT' }] });
    const { result } = renderHook(() => useCaseReport('g-1', jest.fn()));
    await waitFor(() => expect(order).toEqual(['call:subscribeTemplates']));

    act(() => {
      result.current.set('type', 'neighbourhood');
      result.current.set('description', '邻居的排水管接到我家院墙根，下雨天院里积水。');
      result.current.setParty(0, { name: '张桂芳' });
      result.current.setParty(1, { name: '王老五' });
    });
    await act(() => result.current.submit());
    // The dialog opened before the report left, with nothing awaited in between; the (here failing)
    // report went on although the person closed the dialog.
    expect(order).toEqual(['call:subscribeTemplates', 'dialog:T-RESULT', 'call:screen']);
    expect(result.current.formError).toContain('您填写的内容已保存');
  });

  it('does not ask when the form is refused before sending', async () => {
    // The template ids are already known from the first test.
    const { result } = renderHook(() => useCaseReport('g-1', jest.fn()));
    act(() => result.current.set('type', null));
    await act(() => result.current.submit());
    expect(result.current.errors.type).toBe('请选一种纠纷类型');
    expect(dialog).not.toHaveBeenCalled();
  });
});
