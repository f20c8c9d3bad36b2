import Taro from '@tarojs/taro';
import { askToSubscribe, grantResults, prepareSubscribe } from '../../../miniprogram/src/client/subscribe';

const fetchMock = jest.fn();
const answer = (body: unknown) => fetchMock.mockResolvedValueOnce({ status: 200, json: () => Promise.resolve(body) });
type Dialog = { tmplIds: string[]; success: (res: Record<string, string>) => void; fail: () => void };
const dialog = jest.fn<void, [Dialog]>();
const shim = Taro as unknown as { requestSubscribeMessage?: (o: Dialog) => void };
const env = process.env.TARO_ENV;

beforeEach(() => {
  fetchMock.mockReset();
  dialog.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
  shim.requestSubscribeMessage = dialog;
});
afterEach(() => {
  process.env.TARO_ENV = env;
  delete shim.requestSubscribeMessage;
});

describe('grantResults', () => {
  it('turns the WeChat answer into one report per template asked for', () => {
    const templates = [
      { templateKey: 'result' as const, templateId: 'T-R' },
      { templateKey: 'progress' as const, templateId: 'T-P' },
      { templateKey: 'todo' as const, templateId: 'T-T' },
    ];
    expect(grantResults(templates, { errMsg: 'requestSubscribeMessage:ok', 'T-R': 'accept', 'T-P': 'reject', other: 'accept' })).toEqual([
      { templateKey: 'result', result: 'accept' },
      { templateKey: 'progress', result: 'reject' },
    ]);
  });
});

describe('askToSubscribe', () => {
  it('does nothing outside the mini-program', async () => {
    process.env.TARO_ENV = 'h5';
    await prepareSubscribe('wish.submit');
    await askToSubscribe('wish.submit');
    expect(fetchMock).not.toHaveBeenCalled();
    expect(dialog).not.toHaveBeenCalled();
  });

  it('opens the dialog synchronously from the tap with the prepared ids, then reports the answer', async () => {
    process.env.TARO_ENV = 'weapp';
    answer({ ok: true, data: { templates: [{ templateKey: 'result', templateId: 'T-R' }, { templateKey: 'progress', templateId: 'T-P' }] } });
    await prepareSubscribe('wish.submit');

    const asked = askToSubscribe('wish.submit');
    // No await between the tap and the dialog: WeChat refuses a dialog that is not opened by a tap.
    expect(dialog).toHaveBeenCalledTimes(1);
    expect(dialog.mock.calls[0]![0].tmplIds).toEqual(['T-R', 'T-P']);
    answer({ ok: true, data: { grants: [] } });
    dialog.mock.calls[0]![0].success({ errMsg: 'requestSubscribeMessage:ok', 'T-R': 'accept', 'T-P': 'reject' });
    await asked;

    const [url, init] = fetchMock.mock.calls[1] as [string, RequestInit];
    expect(url).toBe('/api/notifications');
    expect(JSON.parse(init.body as string)).toEqual({
      action: 'reportGrants',
      data: { results: [{ templateKey: 'result', result: 'accept' }, { templateKey: 'progress', result: 'reject' }], requestId: expect.any(String) },
    });
  });

  it('lets the tap go on when the person closes the dialog or it fails', async () => {
    process.env.TARO_ENV = 'weapp';
    const asked = askToSubscribe('wish.submit');
    dialog.mock.calls[0]![0].fail();
    await expect(asked).resolves.toBeUndefined();
  });
});
