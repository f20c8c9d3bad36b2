import { SendError } from '../../../cloudfunctions/_lib/sender';
import { LocalSender } from '../../../local/sender';

const message = (n: number) => ({ touser: `o-${n}`, templateId: 'tpl', page: `pages/inbox/index?nid=n${n}`, data: { thing1: { value: '测试' } }, miniprogramState: 'developer' as const });

describe('LocalSender (the local stand-in for subscribeMessage.send)', () => {
  it('records each message it would have sent', async () => {
    const s = new LocalSender();
    await s.send(message(1));
    await s.send(message(2));
    expect(s.sent.map((r) => r.message.touser)).toEqual(['o-1', 'o-2']);
    expect(s.name).toBe('local-stand-in');
  });

  it('fails exactly the next N sends with the given WeChat code, recording none of them', async () => {
    const s = new LocalSender().failNext(2, 43101);
    await expect(s.send(message(1))).rejects.toMatchObject({ name: 'SendError', errcode: 43101 });
    await expect(s.send(message(2))).rejects.toBeInstanceOf(SendError);
    await s.send(message(3));
    expect(s.sent.map((r) => r.message.touser)).toEqual(['o-3']);
  });

  it('counts sends per key and forgets everything on clear', async () => {
    const s = new LocalSender();
    await s.send(message(1));
    await s.send(message(1));
    expect(s.countBy((m) => m.touser).get('o-1')).toBe(2);
    s.failNext(1);
    s.clear();
    await s.send(message(4));
    expect(s.sent).toHaveLength(1);
  });

  it('remembers only the latest messages when told how many to keep', async () => {
    const s = new LocalSender({ keep: 2 });
    for (const n of [1, 2, 3]) await s.send(message(n));
    expect(s.sent.map((r) => r.message.touser)).toEqual(['o-2', 'o-3']);
  });
});
