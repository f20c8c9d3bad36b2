import { dispatchNow } from '../support/dispatch';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t.close());

describe('notifications inbox', () => {
  it('lists only the caller own messages with an unread count, and marks them read', async () => {
    const cadre = await t.login('village-cadre');
    const resident = await t.login('resident');
    ok(await t.call('wishes', 'submit', { title: '收件箱测试', content: '看看干部能否收到消息。', category: 'other' }, resident));
    await dispatchNow();
    const page = ok(await t.call('notifications', 'list', {}, cadre));
    expect(page.items[0]).toMatchObject({ kind: 'wish.submitted', read: false });
    expect(page.unread).toBeGreaterThanOrEqual(1);

    const marked = ok(await t.call('notifications', 'markRead', { ids: [page.items[0].id] }, cadre));
    expect(marked.updated).toBe(1);
    expect(ok(await t.call('notifications', 'list', {}, cadre)).unread).toBe(page.unread - 1);

    ok(await t.call('notifications', 'markRead', { all: true }, cadre));
    expect(ok(await t.call('notifications', 'list', { unreadOnly: true }, cadre)).items).toHaveLength(0);
  });

  it('does not let anyone mark another person message as read', async () => {
    const cadre = await t.login('village-cadre');
    const resident = await t.login('resident');
    ok(await t.call('wishes', 'submit', { title: '别人的消息', content: '这条消息属于村干部。', category: 'other' }, resident));
    await dispatchNow();
    const theirs = ok(await t.call('notifications', 'list', { unreadOnly: true }, cadre)).items[0];
    const res = ok(await t.call('notifications', 'markRead', { ids: [theirs.id] }, resident));
    expect(res.updated).toBe(0);
    expect(ok(await t.call('notifications', 'list', { unreadOnly: true }, cadre)).items[0].id).toBe(theirs.id);
  });
});
