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
});
