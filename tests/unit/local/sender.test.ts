import { SendError } from '../../../cloudfunctions/_lib/sender';
import { failRateFromEnv, LocalSender } from '../../../local/sender';

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

  it('fails the share of sends it is told to, as network failures that the dispatcher retries', async () => {
    const draws = [0.1, 0.5, 0.29, 0.3, 0.95];
    const s = new LocalSender().failRate(0.3, () => draws.shift()!);
    const outcomes: string[] = [];
    for (const n of [1, 2, 3, 4, 5]) {
      outcomes.push(await s.send(message(n)).then(() => 'sent', (e: SendError) => `failed ${e.errcode}`));
    }
    expect(outcomes).toEqual(['failed -1', 'sent', 'failed -1', 'sent', 'sent']);
    expect(s.sent.map((r) => r.message.touser)).toEqual(['o-2', 'o-4', 'o-5']);
    expect(s.failureRate).toBe(0.3);
  });

  it('refuses a failure rate outside 0 … 1', () => {
    expect(() => new LocalSender().failRate(1.5)).toThrow(RangeError);
    expect(() => new LocalSender().failRate(-0.1)).toThrow(RangeError);
  });
});

describe('LOCAL_SENDER_FAIL', () => {
  it('reads the share of sends to fail, 0 when unset', () => {
    expect(failRateFromEnv(undefined)).toBe(0);
    expect(failRateFromEnv('')).toBe(0);
    expect(failRateFromEnv('0.3')).toBe(0.3);
    expect(failRateFromEnv('1')).toBe(1);
  });

  it('stops the runtime with a sentence naming the variable when the value is not a share', () => {
    expect(() => failRateFromEnv('30%')).toThrow(/LOCAL_SENDER_FAIL must be a number from 0 to 1/);
    expect(() => failRateFromEnv('2')).toThrow(/LOCAL_SENDER_FAIL/);
  });
});
