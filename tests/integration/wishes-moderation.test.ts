import { useContentChecker } from '../../cloudfunctions/_lib/content-check';
import type { Persona } from '../../shared/contracts/common';
import { HELD_PLACEHOLDER } from '../../shared/domain/moderation';
import type { UserRecord } from '../../shared/domain/records';
import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';
import { exportOf } from '../support/my-data';

let t: TestRuntime;
const tokens: Record<string, string> = {};
const OTHERS: Persona[] = ['resettled', 'party-member', 'grid-leader', 'police', 'mediator', 'supervisor'];

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['resident', 'village-cadre', 'town-cadre', 'county-admin', ...OTHERS] as Persona[]) tokens[p] = await t.login(p);
  const neighbour = ((await t.runtime.db.collection('users').doc('r-fengfang-1').get()).data as UserRecord[])[0]!;
  tokens.neighbour = await t.loginOpenid(neighbour.openid);
});
afterAll(async () => {
  useContentChecker(null);
  await t.close();
});

const FLAGGED = '村口有人聚众赌博';

/** Everything a person can read about wishes and their own messages (once the dispatch timer wrote them out), as one string. */
async function everythingVisibleTo(token: string, wishId: string): Promise<string> {
  await dispatchNow();
  const parts = [
    await t.call('wishes', 'get', { wishId }, token),
    await t.call('wishes', 'list', { scope: 'village', limit: 50 }, token),
    await t.call('wishes', 'list', { scope: 'claimed', limit: 50 }, token),
    await t.call('wishes', 'list', { scope: 'mine', limit: 50 }, token),
    await t.call('notifications', 'list', { limit: 50 }, token),
  ];
  return JSON.stringify(parts.map((p) => p.body));
}

describe('content security on wishes', () => {
  it('holds a flagged wish with the reason, tells the author, and shows the text only to the author and cadres', async () => {
    const wish = ok(await t.call('wishes', 'submit', { title: '反映情况', content: `${FLAGGED}，希望管一管。`, category: 'other' }, tokens.resident));
    expect(wish.content).toContain(FLAGGED);
    expect(wish.held).toEqual([{ field: 'content', reason: '疑似违法犯罪内容' }]);
    await dispatchNow();
    const inbox = ok(await t.call('notifications', 'list', { limit: 50 }, tokens.resident));
    expect(inbox.items.some((n: { kind: string; link: { id: string } | null }) => n.kind === 'content.held' && n.link?.id === wish.id)).toBe(true);

    for (const cadre of ['village-cadre', 'town-cadre', 'county-admin']) {
      const seen = ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens[cadre]));
      expect(seen.content).toContain(FLAGGED);
      expect(seen.held).toEqual([{ field: 'content', reason: '疑似违法犯罪内容' }]);
    }
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens['village-cadre'])).allowed).toContain('release');

    // The grid leader may see a wish under review, but not the held text.
    const gridView = ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens['grid-leader']));
    expect(gridView.content).toBe(HELD_PLACEHOLDER);
    expect(gridView.held).toBeUndefined();
    for (const who of [...OTHERS, 'neighbour']) expect(await everythingVisibleTo(tokens[who]!, wish.id)).not.toContain(FLAGGED);
  });

  it('lets a cadre release held text only before approving, audited, and then everyone may read it', async () => {
    const wish = ok(await t.call('wishes', 'submit', { title: '放行测试', content: `${FLAGGED}，请干部处理。`, category: 'other' }, tokens.resident));
    const early = await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, tokens['village-cadre']);
    expect(early.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const before = await snapshotCounts(t);
    const refused = await t.call('wishes', 'release', { wishId: wish.id }, tokens['grid-leader']);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await snapshotCounts(t)).toEqual(before);

    const released = ok(await t.call('wishes', 'release', { wishId: wish.id }, tokens['village-cadre']));
    expect(released.held).toBeUndefined();
    expect(released.allowed).not.toContain('release');
    await dispatchNow();
    expect(await t.count('auditLog', { 'target.id': wish.id, action: 'wishes.release' })).toBe(1);
    const inbox = ok(await t.call('notifications', 'list', { limit: 50 }, tokens.resident));
    expect(inbox.items.some((n: { kind: string; link: { id: string } | null }) => n.kind === 'content.released' && n.link?.id === wish.id)).toBe(true);
    const again = await t.call('wishes', 'release', { wishId: wish.id }, tokens['village-cadre']);
    expect(again.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, tokens['village-cadre']));
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens['party-member'])).content).toContain(FLAGGED);
  });

  it('holds a flagged fulfilment note from the wisher and neighbours, keeping it out of the timeline and messages', async () => {
    const wish = ok(await t.call('wishes', 'submit', { title: '帮忙搬柜子', content: '柜子太重，一个人搬不动。', category: 'daily-life' }, tokens.resident));
    expect(wish.held).toBeUndefined();
    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, tokens['village-cadre']));
    ok(await t.call('wishes', 'claim', { wishId: wish.id }, tokens['party-member']));
    const note = '柜子搬好了，顺便说一下刷单赚钱的门路';
    const own = ok(await t.call('wishes', 'fulfil', { wishId: wish.id, note }, tokens['party-member']));
    expect(own.fulfilNote).toBe(note);
    expect(own.held).toEqual([{ field: 'fulfilNote', reason: '疑似欺诈内容' }]);
    expect(own.timeline.at(-1).note).toBeNull();

    const wisherView = ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens.resident));
    expect(wisherView.status).toBe('fulfilled');
    expect(wisherView.fulfilNote).toBe(HELD_PLACEHOLDER);
    expect(await everythingVisibleTo(tokens.resident!, wish.id)).not.toContain('刷单');
    expect(JSON.stringify(await exportOf(t, tokens.resident))).not.toContain('刷单');
    expect(JSON.stringify(await exportOf(t, tokens['party-member']))).toContain('刷单');
    expect(await everythingVisibleTo(tokens.neighbour!, wish.id)).not.toContain('刷单');
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens['village-cadre'])).fulfilNote).toBe(note);
    // The wisher can still confirm; the step is not blocked by the review of someone else's text.
    expect(ok(await t.call('wishes', 'confirm', { wishId: wish.id }, tokens.resident)).status).toBe('completed');
  });

  it("holds a cadre's flagged rejection reason from the wisher in the wish, the message and the export, until another cadre releases it", async () => {
    const wish = ok(await t.call('wishes', 'submit', { title: '想要一台旧电视', content: '家里电视坏了，想要一台旧的。', category: 'daily-life' }, tokens.resident));
    const reason = '怀疑拿去刷单，不予通过';
    const rejected = ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'reject', reason }, tokens['village-cadre']));
    expect(rejected.reason).toBe(reason);
    expect(rejected.held).toEqual([{ field: 'reason', reason: '疑似欺诈内容' }]);
    expect(rejected.timeline.at(-1).note).toBeNull();
    await dispatchNow();
    const cadreInbox = ok(await t.call('notifications', 'list', { limit: 50 }, tokens['village-cadre'])).items;
    expect(cadreInbox.some((n: { kind: string; link: { id: string } | null }) => n.kind === 'content.held' && n.link?.id === wish.id)).toBe(true);

    const wisherView = ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens.resident));
    expect(wisherView.reason).toBe(HELD_PLACEHOLDER);
    expect(wisherView.held).toBeUndefined();
    const told = ok(await t.call('notifications', 'list', { limit: 50 }, tokens.resident)).items.find(
      (n: { kind: string; link: { id: string } | null }) => n.kind === 'wish.rejected' && n.link?.id === wish.id,
    );
    expect(told.body).toContain(HELD_PLACEHOLDER);
    expect(await everythingVisibleTo(tokens.resident!, wish.id)).not.toContain('拿去刷单');
    expect(JSON.stringify(await exportOf(t, tokens.resident))).not.toContain('拿去刷单');
    expect(await everythingVisibleTo(tokens['grid-leader']!, wish.id)).not.toContain('拿去刷单');

    ok(await t.call('wishes', 'release', { wishId: wish.id }, tokens['town-cadre']));
    await dispatchNow();
    expect(await t.count('auditLog', { 'target.id': wish.id, action: 'wishes.release' })).toBe(1);
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens.resident)).reason).toBe(reason);
    // The wisher, who read the placeholder, is told the reason may now be read.
    const visible = ok(await t.call('notifications', 'list', { limit: 50 }, tokens.resident)).items.filter(
      (n: { kind: string; link: { id: string } | null }) => n.kind === 'content.visible' && n.link?.id === wish.id,
    );
    expect(visible).toHaveLength(1);
  });

  it('refuses the cadre who wrote a held rejection reason its release (FORBIDDEN, nothing written); another cadre releases it', async () => {
    const wish = ok(await t.call('wishes', 'submit', { title: '想要一辆旧自行车', content: '上街买菜用。', category: 'daily-life' }, tokens.resident));
    const reason = '怀疑转手刷单，不予通过';
    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'reject', reason }, tokens['village-cadre']));
    const own = ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens['village-cadre']));
    expect(own.held).toEqual([{ field: 'reason', reason: '疑似欺诈内容' }]);
    expect(own.allowed).not.toContain('release');
    const before = await snapshotCounts(t);
    const refused = await t.call('wishes', 'release', { wishId: wish.id }, tokens['village-cadre']);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '不能放行自己填写的内容，请由其他干部复核' } });
    expect(await snapshotCounts(t)).toEqual(before);
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens.resident)).reason).toBe(HELD_PLACEHOLDER);

    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens['town-cadre'])).allowed).toContain('release');
    ok(await t.call('wishes', 'release', { wishId: wish.id }, tokens['town-cadre']));
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens.resident)).reason).toBe(reason);
  });

  it("holds a wisher's flagged cancellation reason from the grid leader, not from the cadres", async () => {
    const wish = ok(await t.call('wishes', 'submit', { title: '想学用智能手机', content: '想请人教我用手机视频通话。', category: 'other' }, tokens.resident));
    const reason = '不用了，孙子天天赌博没空';
    const cancelled = ok(await t.call('wishes', 'cancel', { wishId: wish.id, reason }, tokens.resident));
    expect(cancelled).toMatchObject({ status: 'cancelled', reason, held: [{ field: 'reason', reason: '疑似违法犯罪内容' }] });
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens['grid-leader'])).reason).toBe(HELD_PLACEHOLDER);
    expect(await everythingVisibleTo(tokens['grid-leader']!, wish.id)).not.toContain('天天赌博');
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens['village-cadre'])).reason).toBe(reason);
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens.resident)).reason).toBe(reason);
  });

  it('writes nothing for a rejection reason that is too short', async () => {
    const wish = ok(await t.call('wishes', 'submit', { title: '想要一把椅子', content: '家里椅子坏了。', category: 'daily-life' }, tokens.resident));
    const before = await snapshotCounts(t);
    const res = await t.call('wishes', 'review', { wishId: wish.id, decision: 'reject', reason: '赌' }, tokens['village-cadre']);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await snapshotCounts(t)).toEqual(before);
  });

  it('holds text when the check itself cannot be made, never showing it unchecked', async () => {
    useContentChecker({ name: 'down', check: async () => Promise.reject(new Error('system busy')) });
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const wish = ok(await t.call('wishes', 'submit', { title: '检查不可用', content: '平常的一句话，等检查恢复。', category: 'other' }, tokens.resident));
      expect(wish.held).toEqual([
        { field: 'title', reason: '内容安全检查暂时不可用，已转人工复核' },
        { field: 'content', reason: '内容安全检查暂时不可用，已转人工复核' },
      ]);
      const grid = ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens['grid-leader']));
      expect(grid.title).toBe(HELD_PLACEHOLDER);
      await dispatchNow();
      const cadreInbox = ok(await t.call('notifications', 'list', { limit: 5 }, tokens['village-cadre']));
      expect(JSON.stringify(cadreInbox)).not.toContain('检查不可用');
      expect(log).toHaveBeenCalledWith(expect.stringContaining('"where":"checkText"'));
    } finally {
      log.mockRestore();
      useContentChecker(null);
    }
  });
});
