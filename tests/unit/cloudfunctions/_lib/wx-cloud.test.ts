import { wechatChecker } from '../../../../cloudfunctions/_lib/content-check';
import { SendError, wechatSender } from '../../../../cloudfunctions/_lib/sender';
import { useWxOpenApi, type WxOpenApi } from '../../../../cloudfunctions/_lib/wx-cloud';

afterEach(() => useWxOpenApi(null));

function fake(over: { send?: WxOpenApi['subscribeMessage']['send']; check?: WxOpenApi['security']['msgSecCheck'] }) {
  const calls: unknown[] = [];
  const api: WxOpenApi = {
    subscribeMessage: { send: async (p) => (calls.push(p), over.send ? over.send(p) : { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' }) },
    security: { msgSecCheck: async (p) => (calls.push(p), over.check ? over.check(p) : { errCode: 0, result: { suggest: 'pass', label: 100 } }) },
  };
  useWxOpenApi(api);
  return calls;
}

const message = { touser: 'o-1', templateId: 'tpl-1', page: 'pages/inbox/index?nid=n1', data: { thing1: { value: '标题' } }, miniprogramState: 'formal' as const };

describe('wechatSender (cloud.openapi.subscribeMessage.send)', () => {
  it('sends the message in the cloud call shape, in Chinese', async () => {
    const calls = fake({});
    await wechatSender.send(message);
    expect(calls).toEqual([{ ...message, lang: 'zh_CN' }]);
  });

  it('turns a rejected call into SendError carrying WeChat errCode', async () => {
    fake({ send: async () => Promise.reject({ errCode: 43101, errMsg: 'user refuse to accept the msg' }) });
    await expect(wechatSender.send(message)).rejects.toEqual(new SendError('user refuse to accept the msg', 43101));
  });

  it('turns an error answer into SendError too', async () => {
    fake({ send: async () => ({ errCode: 47003, errMsg: 'argument invalid! data.thing1.value' }) });
    await expect(wechatSender.send(message)).rejects.toMatchObject({ errcode: 47003 });
  });
});

describe('wechatChecker (cloud.openapi.security.msgSecCheck v2)', () => {
  it('asks with version 2 and reads suggest and label', async () => {
    const calls = fake({ check: async () => ({ errCode: 0, result: { suggest: 'risky', label: '20001' } }) });
    expect(await wechatChecker.check({ openid: 'o-1', scene: 3, content: '内容' })).toEqual({ suggest: 'risky', label: 20001 });
    expect(calls).toEqual([{ openid: 'o-1', scene: 3, version: 2, content: '内容' }]);
  });

  it('fails on an error answer so the caller holds the text', async () => {
    fake({ check: async () => ({ errCode: -1, errMsg: 'system error' }) });
    await expect(wechatChecker.check({ openid: 'o-1', scene: 3, content: '内容' })).rejects.toThrow(/errCode -1/);
  });
});
