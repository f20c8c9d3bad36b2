import { HELD_PLACEHOLDER } from '../../shared/domain/moderation';
import type { CaseSummary, CaseView } from '../../shared/contracts/cases';
import type { OutboxRecord } from '../../shared/domain/notifications-records';
import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';
import { exportOf } from '../support/my-data';

/**
 * Content security on everything written on a dispute case after the report: the place, the
 * assessment, mediation sessions, agreements, failure reasons and follow-up notes. The local checker
 * is the labelled word-list stand-in: 赌博, 刷单, 六合彩, 代开发票, 加微信领红包 and 色情 are flagged.
 */
let t: TestRuntime;
const tok: Record<string, string> = {};
const PEOPLE = ['resident', 'grid-leader', 'village-cadre', 'town-cadre', 'mediator'] as const;
type Who = (typeof PEOPLE)[number];
const collections = ['cases', 'notifications', 'auditLog'];

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of PEOPLE) tok[p] = await t.login(p);
  tok['other-mediator'] = await t.loginOpenid('demo-mediator-v-xijie');
});
afterAll(() => t.close());

/** A count of notices or audit entries once the notifications timer has written out what changes carry (_lib/effects.ts). */
async function settledCount(collection: string, where: object): Promise<number> {
  await dispatchNow();
  return t.count(collection, where);
}

const call = (action: string, data: object, who: Who | 'other-mediator'): Promise<CallResult<CaseView>> => t.call('cases', action, data, tok[who]);
const get = async (caseId: string, who: Who) => ok<CaseView>(await call('get', { caseId }, who));
const listed = async (caseId: string, scope: string, who: Who): Promise<CaseSummary | undefined> => {
  const res = ok<{ items: CaseSummary[] }>(await t.call('cases', 'list', { scope, limit: 50 }, tok[who]));
  return res.items.find((i) => i.id === caseId);
};
const timelineText = (v: CaseView) => v.timeline.map((e) => e.note ?? '').join('|');

/** A fresh pair of parties each time, so no case counts as a repeat dispute. */
function report(extra: object = {}) {
  const tag = Math.random().toString(36).slice(2, 6);
  return { type: 'neighbourhood', parties: [{ name: `赵${tag}` }, { name: `钱${tag}` }], description: '两家为院墙边界争执，想请村里来量一下。', ...extra };
}

async function mediating(): Promise<CaseView> {
  const c = ok<CaseView>(await call('screen', report(), 'resident'));
  return ok<CaseView>(await call('assess', { caseId: c.id, risk: 'low', level: 'village' }, 'village-cadre'));
}

async function notificationsOf(caseId: string): Promise<OutboxRecord[]> {
  await dispatchNow();
  const res = await t.runtime.db.collection('notifications').where({ 'link.id': caseId }).limit(1000).get();
  return res.data as OutboxRecord[];
}

describe('cases: content security on every sheet', () => {
  it('holds a flagged mediation summary: the mediator and the handlers read it, the reporter and the grid leader read the placeholder, also in the timeline', async () => {
    const c = await mediating();
    const v = ok<CaseView>(await call('recordSession', { caseId: c.id, date: '2026-11-20', participants: ['赵', '钱'], summary: '双方说对方在家组织赌博，当场争吵。' }, 'mediator'));
    expect(v.sessions[0]!.summary).toContain('赌博');
    expect(v.held).toEqual([{ field: 'sessions.0.summary', reason: '疑似违法犯罪内容' }]);
    expect(await settledCount('notifications', { recipientId: 'mediator', kind: 'content.held', 'link.id': c.id })).toBe(1);
    const notice = (await notificationsOf(c.id)).find((n) => n.kind === 'content.held')!;
    expect(notice.title).toBe('您填写的第1次调解记录需要人工复核');

    for (const who of ['village-cadre', 'town-cadre'] as const) {
      const seen = await get(c.id, who);
      expect(seen.sessions[0]!.summary).toContain('赌博');
      expect(timelineText(seen)).toContain('赌博');
      expect(seen.held).toEqual([{ field: 'sessions.0.summary', reason: '疑似违法犯罪内容' }]);
    }
    for (const who of ['resident', 'grid-leader'] as const) {
      const seen = await get(c.id, who);
      expect(seen.sessions[0]!.summary).toBe(HELD_PLACEHOLDER);
      expect(timelineText(seen)).not.toContain('赌博');
      expect(timelineText(seen)).toContain(`主持：${HELD_PLACEHOLDER}`);
      expect(seen.held).toBeUndefined();
      expect(seen.allowed).not.toContain('release');
    }
    // The reporter's own export quotes the placeholder too.
    const mine: { cases: { id: string; sessions: { summary: string }[] }[] } = await exportOf(t, tok.resident);
    expect(mine.cases.find((x) => x.id === c.id)!.sessions[0]!.summary).toBe(HELD_PLACEHOLDER);
  });

  it('holds a flagged agreement and follow-up note and never quotes them in anyone else’s notifications', async () => {
    const c = await mediating();
    ok(await call('recordSession', { caseId: c.id, date: '2026-11-20', participants: ['赵', '钱'], summary: '双方同意重新量地界。' }, 'mediator'));
    const agreed = ok<CaseView>(
      await call('conclude', { caseId: c.id, outcome: 'agreed', agreement: '钱家赔偿五百元，另付六合彩欠款。', signedBy: ['赵', '钱'] }, 'mediator'),
    );
    expect(agreed.held).toEqual([{ field: 'outcomes.0.agreement', reason: '疑似违法犯罪内容' }]);
    const visit = ok<CaseView>(await call('followUp', { caseId: c.id, held: true, satisfaction: 'satisfied', note: '钱家说以后不再刷单了。' }, 'grid-leader'));
    // The grid leader wrote the note and reads it; the agreement by the mediator stays hidden from them.
    expect(visit.followUps[0]!.note).toContain('刷单');
    expect(visit.outcomes[0]!.agreement).toBe(HELD_PLACEHOLDER);
    expect(visit.held).toEqual([{ field: 'followUps.0.note', reason: '疑似欺诈内容' }]);

    const reporter = await get(c.id, 'resident');
    expect(reporter.outcomes[0]!.agreement).toBe(HELD_PLACEHOLDER);
    expect(reporter.followUps[0]!.note).toBe(HELD_PLACEHOLDER);
    expect(timelineText(reporter)).not.toMatch(/六合彩|刷单/);
    const handler = await get(c.id, 'village-cadre');
    expect(handler.outcomes[0]!.agreement).toContain('六合彩');
    expect(handler.followUps[0]!.note).toContain('刷单');
    expect(handler.held?.map((h) => h.field).sort()).toEqual(['followUps.0.note', 'outcomes.0.agreement']);
    expect(handler.allowed).toContain('release');

    const notes = await notificationsOf(c.id);
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(`${n.title}${n.body}`).not.toMatch(/六合彩|刷单/);
    expect(notes.filter((n) => n.kind === 'content.held').map((n) => n.recipientId).sort()).toEqual(['grid-leader', 'mediator']);
  });

  it('holds a flagged failure reason when mediation fails and the case goes up, without quoting it to the next level', async () => {
    const c = await mediating();
    ok(await call('recordSession', { caseId: c.id, date: '2026-11-20', participants: ['赵', '钱'], summary: '双方各执一词。' }, 'mediator'));
    const failed = ok<CaseView>(await call('conclude', { caseId: c.id, outcome: 'failed', reason: '一方坚持要对方代开发票才肯谈。' }, 'mediator'));
    expect(failed.level).toBe('town');
    // The village mediator no longer handles the case, but wrote the reason and still reads it.
    expect(failed.outcomes[0]!.reason).toContain('代开发票');
    expect((await get(c.id, 'town-cadre')).outcomes[0]!.reason).toContain('代开发票');
    const reporter = await get(c.id, 'resident');
    expect(reporter.outcomes[0]!.reason).toBe(HELD_PLACEHOLDER);
    expect(timelineText(reporter)).toContain(`村级调解未成：${HELD_PLACEHOLDER}。上交镇级`);
    for (const n of await notificationsOf(c.id)) expect(n.body).not.toContain('代开发票');
  });

  it('holds a flagged place, assessment note and reason for a lower level; the author and the handlers read them', async () => {
    const c = ok<CaseView>(await call('screen', report({ place: '村口赌博的棚子边' }), 'resident'));
    expect(c.held).toEqual([{ field: 'screening.place', reason: '疑似违法犯罪内容' }]);
    expect((await get(c.id, 'grid-leader')).screening.place).toBe(HELD_PLACEHOLDER);
    const assessed = ok<CaseView>(
      await call('assess', { caseId: c.id, risk: 'high', level: 'village', lowerReason: '双方都在村里，村里能调，别让人说是刷单。', note: '加微信领红包的事另行核实。' }, 'village-cadre'),
    );
    expect(assessed.assessment).toMatchObject({ lowerReason: expect.stringContaining('刷单'), note: expect.stringContaining('加微信领红包') });
    expect(assessed.held?.map((h) => h.field).sort()).toEqual(['assessment.lowerReason', 'assessment.note', 'screening.place']);

    const reporter = await get(c.id, 'resident');
    expect(reporter.screening.place).toContain('赌博');
    expect(reporter.assessment).toMatchObject({ lowerReason: HELD_PLACEHOLDER, note: HELD_PLACEHOLDER });
    expect(reporter.held).toEqual([{ field: 'screening.place', reason: '疑似违法犯罪内容' }]);
    expect(timelineText(reporter)).not.toContain('刷单');
    const grid = await get(c.id, 'grid-leader');
    expect(grid.screening.place).toBe(HELD_PLACEHOLDER);
    expect(grid.assessment).toMatchObject({ lowerReason: HELD_PLACEHOLDER, note: HELD_PLACEHOLDER });
    const mediator = await get(c.id, 'mediator');
    expect(mediator.assessment).toMatchObject({ lowerReason: expect.stringContaining('刷单'), note: expect.stringContaining('加微信领红包') });
    expect(timelineText(mediator)).toContain('刷单');
  });
});

describe('cases: held text in lists', () => {
  it('shows a held description to the handlers and the author in lists, the placeholder to others, and marks the case under review', async () => {
    const c = ok<CaseView>(await call('screen', report({ description: '邻居在院里聚众赌博到半夜，吵得老人睡不着。' }), 'resident'));
    const cadreArea = await listed(c.id, 'area', 'village-cadre');
    expect(cadreArea).toMatchObject({ brief: expect.stringContaining('赌博'), underReview: true });
    expect((await listed(c.id, 'handling', 'village-cadre'))?.brief).toContain('赌博');
    expect((await listed(c.id, 'committee', 'mediator'))?.brief).toContain('赌博');
    expect((await listed(c.id, 'area', 'town-cadre'))?.brief).toContain('赌博');
    expect((await listed(c.id, 'mine', 'resident'))?.brief).toContain('赌博');
    expect(await listed(c.id, 'area', 'grid-leader')).toMatchObject({ brief: HELD_PLACEHOLDER, underReview: true });

    ok(await call('release', { caseId: c.id }, 'village-cadre'));
    const after = await listed(c.id, 'area', 'grid-leader');
    expect(after?.brief).toContain('赌博');
    expect(after?.underReview).toBeUndefined();
  });
});

describe('cases: release', () => {
  async function heavilyHeld(): Promise<CaseView> {
    const c = ok<CaseView>(await call('screen', report({ description: '邻居在院里聚众赌博到半夜。' }), 'resident'));
    ok(await call('assess', { caseId: c.id, risk: 'low', level: 'village', note: '涉及刷单纠纷，需核实。' }, 'village-cadre'));
    return ok<CaseView>(await call('recordSession', { caseId: c.id, date: '2026-11-21', participants: ['赵', '钱'], summary: '双方就六合彩欠款争吵。' }, 'mediator'));
  }

  it('refuses anyone who does not handle the case now, writing nothing', async () => {
    const c = await heavilyHeld();
    const before = await snapshotCounts(t, collections);
    for (const who of ['resident', 'grid-leader'] as const) {
      const res = await call('release', { caseId: c.id }, who);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // A mediator of another village cannot even see the case.
    expect((await call('release', { caseId: c.id }, 'other-mediator')).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await snapshotCounts(t, collections)).toEqual(before);
    expect((await get(c.id, 'grid-leader')).description).toBe(HELD_PLACEHOLDER);
  });

  it('rejects bad input and writes nothing', async () => {
    const c = await heavilyHeld();
    const before = await snapshotCounts(t, collections);
    const bad = [
      await call('release', { caseId: c.id, field: 'sessions.0.summary; drop' }, 'village-cadre'),
      await call('release', { caseId: c.id, everything: true }, 'village-cadre'),
      await call('recordSession', { caseId: c.id, date: '2026-11-21', participants: ['赵'], summary: '赌' }, 'mediator'),
      await call('followUp', { caseId: c.id, held: true, satisfaction: 'satisfied', note: '' }, 'grid-leader'),
    ];
    for (const res of bad) expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await snapshotCounts(t, collections)).toEqual(before);
  });

  it('releases one named field, or everything but the handler’s own text; audited, each author told', async () => {
    const c = await heavilyHeld();
    const cadre = await get(c.id, 'village-cadre');
    expect(cadre.held?.map((h) => h.field).sort()).toEqual(['assessment.note', 'description', 'sessions.0.summary']);

    // One field by name.
    const one = ok<CaseView>(await call('release', { caseId: c.id, field: 'sessions.0.summary' }, 'village-cadre'));
    expect(one.held?.map((h) => h.field).sort()).toEqual(['assessment.note', 'description']);
    expect((await get(c.id, 'resident')).sessions[0]!.summary).toContain('六合彩');
    expect(await settledCount('notifications', { recipientId: 'mediator', kind: 'content.released', 'link.id': c.id })).toBe(1);
    expect(await settledCount('auditLog', { action: 'cases.release', 'target.id': c.id, actorId: 'village-cadre' })).toBe(1);
    // A field that is not held is a conflict.
    expect((await call('release', { caseId: c.id, field: 'sessions.0.summary' }, 'village-cadre')).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // Everything: the village cadre frees the description but not the note they wrote themselves.
    const most = ok<CaseView>(await call('release', { caseId: c.id }, 'village-cadre'));
    expect(most.held).toEqual([{ field: 'assessment.note', reason: '疑似欺诈内容' }]);
    expect(await settledCount('notifications', { recipientId: 'resident', kind: 'content.released', 'link.id': c.id })).toBe(1);
    expect((await get(c.id, 'grid-leader')).description).toContain('赌博');
    expect((await get(c.id, 'grid-leader')).assessment?.note).toBe(HELD_PLACEHOLDER);
    const own = await call('release', { caseId: c.id, field: 'assessment.note' }, 'village-cadre');
    expect(own.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(most.allowed).not.toContain('release');

    // Another handler (the town cadre over the village) reviews the cadre's note.
    expect((await get(c.id, 'town-cadre')).allowed).toContain('release');
    const done = ok<CaseView>(await call('release', { caseId: c.id }, 'town-cadre'));
    expect(done.held).toBeUndefined();
    expect(done.underReview).toBeUndefined();
    expect(await settledCount('notifications', { recipientId: 'village-cadre', kind: 'content.released', 'link.id': c.id })).toBe(1);
    expect(await settledCount('auditLog', { action: 'cases.release', 'target.id': c.id })).toBe(3);
    const all = await get(c.id, 'grid-leader');
    expect(all.assessment?.note).toContain('刷单');
    expect(all.sessions[0]!.summary).toContain('六合彩');
    expect(timelineText(all)).toContain('六合彩');
    expect((await call('release', { caseId: c.id }, 'town-cadre')).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
