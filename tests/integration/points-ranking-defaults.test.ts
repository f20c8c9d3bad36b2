import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t.close());

describe('points.ranking opened without parameters', () => {
  it('answers with the caller’s own village and its latest month that has a board', async () => {
    const token = await t.login('resident');
    const plain = ok(await t.call('points', 'ranking', {}, token));
    expect(plain.month).toMatch(/^\d{4}-\d{2}$/);
    expect(plain.status).not.toBe('draft');
    const same = ok(await t.call('points', 'ranking', { villageId: plain.villageId, month: plain.month }, token));
    expect(same).toEqual(plain);
  });

  it('tells a town cadre, who has no village of their own, that the ranking is read village by village', async () => {
    const res = await t.call('points', 'ranking', {}, await t.login('town-cadre'));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '积分排名按村（社区）查看：请从辖区某个村（社区）的积分页进入' } });
  });
});
