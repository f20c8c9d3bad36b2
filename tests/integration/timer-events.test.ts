import { FUNCTIONS } from '../../cloudfunctions/registry';
import { startTestRuntime, type TestRuntime } from '../support/runtime';

// Every timer of every function, as the cloud entry `main` receives events.
const TIMERS = Object.values(FUNCTIONS).flatMap((fn) => Object.keys(fn.timers).map((timer) => [fn.name, timer] as const));

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  for (const k of ['WX_CONTEXT_KEYS', 'WX_APPID', 'WX_OPENID']) delete process.env[k];
  jest.restoreAllMocks();
});

describe('only the platform runs a timer', () => {
  it('has timers to protect', () => {
    expect(TIMERS.length).toBeGreaterThanOrEqual(5);
  });

  it.each(TIMERS)('%s.%s: a timer-shaped event from a mini-program caller (WX_OPENID) is FORBIDDEN and runs nothing', async (name, timer) => {
    const fn = FUNCTIONS[name]!;
    const run = jest.spyOn(fn.timers[timer]!, 'run');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    // As the platform passes a mini-program caller to the function: the keys, then their values.
    process.env.WX_CONTEXT_KEYS = 'WX_APPID,WX_OPENID';
    process.env.WX_APPID = 'wx-app';
    process.env.WX_OPENID = 'o-attacker';
    const res = await fn.main({ Type: 'Timer', TriggerName: timer, Time: '2026-12-01T00:00:00Z' }, { request_id: 'r1' });
    expect(res).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect(run).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('timer event from a WeChat caller'));
  });

  it.each(TIMERS)('%s.%s: a timer-shaped event carrying the caller as userInfo is FORBIDDEN and runs nothing', async (name, timer) => {
    const fn = FUNCTIONS[name]!;
    const run = jest.spyOn(fn.timers[timer]!, 'run');
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const res = await fn.main({ Type: 'Timer', TriggerName: timer, userInfo: { appId: 'wx-app', openId: 'o-attacker' } }, {});
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(run).not.toHaveBeenCalled();
  });

  it.each(TIMERS)("%s.%s: the platform's own trigger (no WeChat caller) runs the timer", async (name, timer) => {
    const fn = FUNCTIONS[name]!;
    const run = jest.spyOn(fn.timers[timer]!, 'run');
    const res = await fn.main({ Type: 'Timer', TriggerName: timer, Time: '2026-12-01T00:00:00Z' }, { request_id: 'r2' });
    expect(res).toEqual({ ok: true, data: null });
    expect(run).toHaveBeenCalledTimes(1);
  });
});
