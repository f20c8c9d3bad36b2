import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { powers } from '../../cloudfunctions/powers';
import { chinaDate } from '../../shared/domain/china-time';
import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
const tokens: Record<string, string> = {};
const POWER_COLLECTIONS = ['matters', 'notifications', 'auditLog', 'powerItems', 'powerItemVersions', 'powerStats', 'powerComplaints', 'reminderTalks'];
const snapshot = () => snapshotCounts(t, POWER_COLLECTIONS);

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['resident', 'grid-leader', 'village-cadre', 'town-cadre', 'county-admin', 'supervisor', 'resettled'] as const) tokens[p] = await t.login(p);
  tokens.otherCadre = await t.loginOpenid('demo-cadre-v-xijie');
});
afterAll(() => t.close());
afterEach(() => clock.reset());

const applyFor = (code: string, token = tokens.resident!, extra: object = {}) => t.call('powers', 'apply', { code, ...extra }, token);
const advance = (matterId: string, stepIndex: number, token: string, extra: object = {}) => t.call('powers', 'advance', { matterId, stepIndex, ...extra }, token);

async function inbox(token: string) {
  // A change's notices ride on its record until the dispatch timer writes them out.
  await dispatchNow();
  return ok(await t.call('notifications', 'list', { limit: 50 }, token)).items as { kind: string; link: { id: string } | null }[];
}

describe('powers: a matter moves strictly along its flowchart', () => {
  it('takes a 低保 application through every step by the role each names, telling the next handler and the applicant', async () => {
    const m = ok(await applyFor('MS-01', tokens.resident, { note: '家里老人长期看病' }));
    expect(m.status).toBe('in_progress');
    expect(m.steps.map((s: { status: string }) => s.status)).toEqual(['done', 'current', 'pending', 'pending', 'pending', 'pending', 'pending']);
    expect(m.currentStepTitle).toBe('村委会受理登记');
    expect(m.dueAt).not.toBeNull();
    expect((await inbox(tokens['village-cadre']!)).some((n) => n.kind === 'matter.step' && n.link?.id === m.id)).toBe(true);

    const byRole: [number, string][] = [
      [1, 'village-cadre'],
      [2, 'grid-leader'],
      [3, 'village-cadre'],
      [4, 'village-cadre'],
      [5, 'town-cadre'],
      [6, 'village-cadre'],
    ];
    let view = m;
    for (const [index, persona] of byRole) {
      view = ok(await advance(m.id, index, tokens[persona]!, { note: `第${index + 1}步办结` }));
    }
    expect(view.status).toBe('done');
    expect(view.workingDays).toBe(0);
    expect(view.steps.every((s: { status: string }) => s.status === 'done')).toBe(true);
    expect(view.steps.map((s: { actorName: string }) => s.actorName)).toEqual(['张桂芳', '陈建军', '刘文华', '陈建军', '陈建军', '周明', '陈建军']);
    expect(view.timeline.map((e: { action: string }) => e.action)[0]).toBe('提出申请');
    expect(view.timeline).toHaveLength(7);
    expect(view.allowed).toEqual([]);
    expect(ok(await t.call('powers', 'matter', { matterId: m.id }, tokens.resident)).allowed).toEqual(['rate', 'complain']);
    expect((await inbox(tokens['grid-leader']!)).some((n) => n.kind === 'matter.step' && n.link?.id === m.id)).toBe(true);
    expect((await inbox(tokens['town-cadre']!)).some((n) => n.kind === 'matter.step' && n.link?.id === m.id)).toBe(true);
    expect((await inbox(tokens.resident!)).some((n) => n.kind === 'matter.done' && n.link?.id === m.id)).toBe(true);
    // Every step a cadre did is in the audit log; the resident's own application is not a cadre action.
    await dispatchNow();
    expect(await t.count('auditLog', { 'target.id': m.id })).toBe(6);
    expect(await t.count('auditLog', { 'target.id': m.id, action: 'powers.advance' })).toBe(6);

    const rated = ok(await t.call('powers', 'rate', { matterId: m.id, stars: 5, comment: '办得快' }, tokens.resident));
    expect(rated.rating).toMatchObject({ stars: 5, comment: '办得快' });
    expect(rated.allowed).toEqual(['complain']);
    expect((await t.call('powers', 'rate', { matterId: m.id, stars: 4 }, tokens.resident)).status).toBe(409);
  });

  it('refuses to let a cadre skip a step, and writes nothing', async () => {
    const m = ok(await applyFor('MS-01'));
    ok(await advance(m.id, 1, tokens['village-cadre']!));
    const before = await snapshot();
    // Step 2 is the grid leader's visit; the cadre tries to jump to the village's 民主评议 at step 3.
    const skip = await advance(m.id, 3, tokens['village-cadre']!);
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // Doing an already finished step again is refused the same way.
    expect((await advance(m.id, 1, tokens['village-cadre']!)).status).toBe(409);
    expect(await snapshot()).toEqual(before);
    expect(ok(await t.call('powers', 'matter', { matterId: m.id }, tokens.resident)).current).toBe(2);
  });

  it('refuses a step to anyone not holding its role, the supervisor and the town included, and writes nothing', async () => {
    const m = ok(await applyFor('MS-01'));
    ok(await advance(m.id, 1, tokens['village-cadre']!));
    const before = await snapshot();
    for (const persona of ['village-cadre', 'supervisor', 'town-cadre']) {
      const res = await advance(m.id, 2, tokens[persona]!);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await snapshot()).toEqual(before);
    const gridView = ok(await t.call('powers', 'matter', { matterId: m.id }, tokens['grid-leader']));
    expect(gridView.allowed).toEqual(['advance', 'refuse']);
    expect(ok(await t.call('powers', 'matter', { matterId: m.id }, tokens['village-cadre'])).allowed).toEqual([]);
  });

  it('hides a matter from the cadre of another village, who can neither read nor act on it', async () => {
    const m = ok(await applyFor('ZM-01'));
    const before = await snapshot();
    expect((await t.call('powers', 'matter', { matterId: m.id }, tokens.otherCadre)).status).toBe(404);
    const res = await advance(m.id, 1, tokens.otherCadre!);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await t.call('powers', 'matter', { matterId: m.id }, tokens.resettled)).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('ends a matter refused with the reason, and lets the applicant withdraw one in progress', async () => {
    const a = ok(await applyFor('ZM-01'));
    const refused = ok(await advance(a.id, 1, tokens['village-cadre']!, { decision: 'refuse', note: '所需证明不在村级证明事项清单内' }));
    expect(refused.status).toBe('refused');
    expect(refused.steps.map((s: { status: string }) => s.status)).toEqual(['done', 'refused', 'cancelled', 'cancelled']);
    expect((await inbox(tokens.resident!)).some((n) => n.kind === 'matter.refused' && n.link?.id === a.id)).toBe(true);

    const b = ok(await applyFor('ZM-01'));
    const withdrawn = ok(await t.call('powers', 'withdraw', { matterId: b.id, reason: '不需要了' }, tokens.resident));
    expect(withdrawn.status).toBe('withdrawn');
    expect((await advance(b.id, 1, tokens['village-cadre']!)).status).toBe(409);
    expect((await t.call('powers', 'withdraw', { matterId: a.id, reason: '不需要了' }, tokens.resident)).status).toBe(409);
  });

  it('follows the village adjustment: 冯坊村 inserted a grid leader visit into the homestead flow', async () => {
    const m = ok(await applyFor('ZJ-01'));
    expect(m.steps.map((s: { title: string }) => s.title).slice(0, 4)).toEqual(['提出申请', '村民小组会议讨论', '网格员现场踏勘', '村级审查']);
    expect(m.versionId).toBe('v-fengfang_ZJ-01_v1');
    ok(await advance(m.id, 1, tokens['village-cadre']!));
    expect((await advance(m.id, 2, tokens['village-cadre']!)).status).toBe(403);
    expect(ok(await advance(m.id, 2, tokens['grid-leader']!)).currentStepTitle).toBe('村级审查');
  });

  it('lets exactly one of several cadres doing the same step at once succeed', async () => {
    const m = ok(await applyFor('ZM-01'));
    const base = (await t.runtime.db.collection('users').doc('village-cadre').get()).data[0];
    const cadreTokens: string[] = [];
    for (let i = 0; i < 8; i++) {
      await t.runtime.db.collection('users').add({ ...base, _id: `vc-race-${i}`, openid: `vc-race-${i}`, name: `干部${i}`, demo: false });
      cadreTokens.push(await t.loginOpenid(`vc-race-${i}`));
    }
    const results = await Promise.all(cadreTokens.map((tok) => advance(m.id, 1, tok)));
    expect(results.filter((r) => r.body.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.body.ok).every((r) => r.status === 409)).toBe(true);
    const view = ok(await t.call('powers', 'matter', { matterId: m.id }, tokens.resident));
    expect(view.current).toBe(2);
    expect(view.timeline.filter((e: { stepIndex: number | null }) => e.stepIndex === 1)).toHaveLength(1);
    await dispatchNow();
    expect(await t.count('auditLog', { 'target.id': m.id })).toBe(1);
  });

  it('returns the first matter for a retried application with the same requestId', async () => {
    const before = await t.count('matters');
    const first = ok(await applyFor('MS-05', tokens.resident, { requestId: 'power-retry-0001' }));
    const again = await Promise.all([1, 2, 3].map(() => applyFor('MS-05', tokens.resident, { requestId: 'power-retry-0001' })));
    expect(again.every((r) => r.body.ok && (r.body.data as { id: string }).id === first.id)).toBe(true);
    expect(await t.count('matters')).toBe(before + 1);
  });
});

describe('powers: the queue and who sees what', () => {
  it('puts a matter in the queue of the role at its current step only', async () => {
    const m = ok(await applyFor('MS-01'));
    ok(await advance(m.id, 1, tokens['village-cadre']!));
    const gridQueue = ok(await t.call('powers', 'matters', { scope: 'queue', limit: 50 }, tokens['grid-leader'])).items.map((x: { id: string }) => x.id);
    const cadreQueue = ok(await t.call('powers', 'matters', { scope: 'queue', limit: 50 }, tokens['village-cadre'])).items.map((x: { id: string }) => x.id);
    expect(gridQueue).toContain(m.id);
    expect(cadreQueue).not.toContain(m.id);
    expect((await t.call('powers', 'matters', { scope: 'queue' }, tokens.resident)).status).toBe(403);
    const mine = ok(await t.call('powers', 'matters', { scope: 'mine', limit: 50 }, tokens.resident)).items;
    expect(mine.some((x: { id: string }) => x.id === m.id)).toBe(true);
    expect((await t.call('powers', 'matters', { scope: 'village' }, tokens.resident)).status).toBe(403);
    const village = ok(await t.call('powers', 'matters', { scope: 'village', limit: 50 }, tokens.supervisor)).items;
    expect(village.every((x: { unitName: string }) => x.unitName === '冯坊村')).toBe(true);
  });
});

describe('powers: catalogue versions', () => {
  const revision = {
    code: 'MS-03',
    kind: 'power',
    category: 'livelihood',
    title: '临时救助（困难救助）申请',
    summary: '因火灾、交通事故、突发重病等导致基本生活暂时出现严重困难的家庭申请临时救助。',
    basis: ['《社会救助暂行办法》第四十七条至第五十一条'],
    body: '镇人民政府（村民委员会协助）',
    materials: ['身份证', '困难情况证明（病历、事故证明等）'],
    fees: '不收费',
    starter: 'resident',
    steps: [
      { title: '提出申请', role: 'applicant', actorLabel: '申请人', limitDays: 0, publicity: null },
      { title: '网格员入户核实', role: 'grid-leader', actorLabel: '网格员', limitDays: 2, publicity: null },
      { title: '村委会审核', role: 'village-cadre', actorLabel: '村民委员会', limitDays: 2, publicity: null },
      { title: '镇政府审批', role: 'town-cadre', actorLabel: '镇民政办', limitDays: 5, publicity: '救助对象和金额公示' },
    ],
    risks: [{ point: '重复救助、虚报困难', measure: '入户核实留存照片' }],
    riskCard: '严禁虚报冒领、优亲厚友、截留救助金。',
    guideCard: ['家里突遭变故，可以申请临时救助。'],
    changeNote: '改为网格员先入户核实，取消村内公示',
  };

  it('keeps a started matter on the version it began under when the county publishes a new one', async () => {
    const old = ok(await applyFor('MS-03'));
    expect(old.version).toBe(1);
    const oldTitles = old.steps.map((s: { title: string }) => s.title);

    const published = ok(await t.call('powers', 'publish', revision, tokens['county-admin']));
    expect(published.version).toBe(2);
    expect(published.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(await t.count('auditLog', { action: 'powers.revise', 'target.id': 'qianyang_MS-03' })).toBe(1);

    const fresh = ok(await applyFor('MS-03'));
    expect(fresh.version).toBe(2);
    expect(fresh.steps.map((s: { title: string }) => s.title)).toEqual(revision.steps.map((s) => s.title));
    expect(fresh.currentRole).toBe('grid-leader');

    const still = ok(await t.call('powers', 'matter', { matterId: old.id }, tokens.resident));
    expect(still.version).toBe(1);
    expect(still.steps.map((s: { title: string }) => s.title)).toEqual(oldTitles);
    // The old matter still advances by its own flow: the village cadre verifies first; the grid leader
    // has no step in version 1, so the matter is not even theirs to see.
    expect((await advance(old.id, 1, tokens['grid-leader']!)).status).toBe(404);
    expect(ok(await advance(old.id, 1, tokens['village-cadre']!)).currentStepTitle).toBe('村内公示');

    const earlier = ok(await t.call('powers', 'item', { code: 'MS-03', versionId: 'qianyang_MS-03_v1' }));
    expect(earlier.steps.map((s: { title: string }) => s.title)).toEqual(oldTitles);
  });

  it('puts a village adjustment out of force when the county publishes a new version, telling its cadres', async () => {
    ok(await t.call('powers', 'adjust', { code: 'MS-02', villageId: 'v-fengfang', stepLimits: [{ index: 1, limitDays: 1 }], changeNote: '受理当天办' }, tokens['village-cadre']));
    const std = ok(await t.call('powers', 'item', { code: 'MS-02', villageId: 'qianyang' }));
    const steps = std.steps.map(({ localAdded: _l, ...s }: { localAdded: boolean }) => s);
    const next = { ...revision, code: 'MS-02', title: std.title, summary: std.summary, basis: std.basis, body: std.body, materials: std.materials, fees: std.fees, starter: 'resident', steps, risks: std.risks, riskCard: std.riskCard, guideCard: std.guideCard, changeNote: '入户核查改为 3 个工作日' };
    next.steps[2] = { ...next.steps[2], limitDays: 3 };
    expect(ok(await t.call('powers', 'publish', next, tokens['county-admin'])).version).toBe(2);
    const village = ok(await t.call('powers', 'item', { code: 'MS-02', villageId: 'v-fengfang' }));
    expect(village.adjusted).toBe(false);
    expect(village.version).toBe(2);
    expect(village.steps[1].limitDays).toBe(3);
    expect((await inbox(tokens['village-cadre']!)).some((n) => n.kind === 'power.revised')).toBe(true);
  });

  it('refuses a flowchart with the applicant in the middle, and a publish by anyone but the county, writing nothing', async () => {
    const before = await snapshot();
    const bad = await t.call('powers', 'publish', { ...revision, code: 'MS-09', steps: [revision.steps[1], revision.steps[0], revision.steps[2]] }, tokens['county-admin']);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((bad.body as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['steps.1.role', 'steps.0.role']));
    expect((await t.call('powers', 'publish', revision, tokens['village-cadre'])).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('lets a village tighten an item but not loosen it, auditing the change', async () => {
    const before = await snapshot();
    const longer = await t.call('powers', 'adjust', { code: 'MS-05', villageId: 'v-fengfang', stepLimits: [{ index: 1, limitDays: 9 }], changeNote: '延长核实时限' }, tokens['village-cadre']);
    expect(longer.status).toBe(400);
    expect(longer.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'stepLimits.0.limitDays' }] } });
    expect((await t.call('powers', 'adjust', { code: 'MS-05', villageId: 'v-xijie', stepLimits: [{ index: 1, limitDays: 1 }], changeNote: '缩短' }, tokens['village-cadre'])).status).toBe(403);
    expect(await snapshot()).toEqual(before);

    const done = ok(await t.call('powers', 'adjust', { code: 'MS-05', villageId: 'v-fengfang', stepLimits: [{ index: 1, limitDays: 1 }], localNote: '村委会一楼便民窗口', changeNote: '核实当天办' }, tokens['village-cadre']));
    expect(done.adjusted).toBe(true);
    expect(done.steps[1].limitDays).toBe(1);
    expect(done.localNote).toBe('村委会一楼便民窗口');
    expect(await t.count('auditLog', { action: 'powers.adjust', 'target.id': 'v-fengfang_MS-05' })).toBe(1);
    // Another village still sees the county's standard.
    expect(ok(await t.call('powers', 'item', { code: 'MS-05', villageId: 'v-xijie' })).steps[1].limitDays).toBe(3);
  });
});

describe('powers: bad input writes nothing', () => {
  it('answers INVALID_INPUT with the field for a bad code, a refusal without a reason, an unknown field', async () => {
    const m = ok(await applyFor('ZM-02'));
    const before = await snapshot();
    const badCode = await applyFor('低保');
    expect(badCode.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'code' }] } });
    const noReason = await advance(m.id, 1, tokens['village-cadre']!, { decision: 'refuse' });
    expect(noReason.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'note' }] } });
    const extra = await applyFor('ZM-02', tokens.resident, { applicantId: 'village-cadre' });
    expect(extra.status).toBe(400);
    const stars = await t.call('powers', 'rate', { matterId: m.id, stars: 6 }, tokens.resident);
    expect(stars.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'stars' }] } });
    expect(await snapshot()).toEqual(before);
  });

  it('requires a title from a cadre starting a village matter, and lets no resident start one', async () => {
    const before = await snapshot();
    const noTitle = await applyFor('JC-01', tokens['village-cadre']);
    expect(noTitle.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'title' }] } });
    expect((await applyFor('JC-01', tokens.resident, { title: '修路' })).status).toBe(403);
    expect((await applyFor('ZR-02', tokens['village-cadre'], { title: '监督' })).status).toBe(403);
    expect(await snapshot()).toEqual(before);

    const started = ok(await applyFor('JC-01', tokens['village-cadre'], { title: '冯坊村文化广场提升项目' }));
    expect(started.currentStepTitle).toBe('村党组织提议');
    await dispatchNow();
    expect(await t.count('auditLog', { action: 'powers.start', 'target.id': started.id })).toBe(1);
  });
});

describe('powers: overdue steps', () => {
  it('flags a step past its limit once and tells the village supervisor', async () => {
    const m = ok(await applyFor('ZM-02'));
    clock.freeze(new Date(Date.now() + 20 * DAY_MS));
    const first = (await powers.runTimer('overdue')) as { flagged: number };
    expect(first.flagged).toBeGreaterThan(0);
    const view = ok(await t.call('powers', 'matter', { matterId: m.id }, tokens.resident));
    expect(view.overdue).toBe(true);
    expect(view.steps[1].overdue).toBe(true);
    expect(view.timeline.some((e: { action: string }) => e.action.startsWith('超过办理时限'))).toBe(true);
    expect((await inbox(tokens.supervisor!)).some((n) => n.kind === 'matter.overdue' && n.link?.id === m.id)).toBe(true);
    const again = (await powers.runTimer('overdue')) as { flagged: number };
    expect(again.flagged).toBe(0);
    expect(await t.count('notifications', { kind: 'matter.overdue', 'link.id': m.id, recipientId: 'supervisor' })).toBe(1);
  });
});

describe('powers: complaints go to the supervisor', () => {
  it('delivers a complaint to the supervisor, hides it from the cadres, and tells the resident the answer', async () => {
    const m = ok(await applyFor('ZM-01'));
    const after = ok(await t.call('powers', 'complain', { matterId: m.id, text: '窗口没人，打电话也不接。' }, tokens.resident));
    expect(after.complaints).toHaveLength(1);
    expect((await inbox(tokens.supervisor!)).some((n) => n.kind === 'matter.complaint')).toBe(true);
    expect(ok(await t.call('powers', 'matter', { matterId: m.id }, tokens['village-cadre'])).complaints).toEqual([]);
    expect((await t.call('powers', 'complaints', {}, tokens['village-cadre'])).status).toBe(403);

    const list = ok(await t.call('powers', 'complaints', { status: 'open', limit: 50 }, tokens.supervisor)).items;
    const mine = list.find((c: { matterId: string }) => c.matterId === m.id);
    expect(mine).toMatchObject({ text: '窗口没人，打电话也不接。', status: 'open' });
    const handled = ok(await t.call('powers', 'handleComplaint', { complaintId: mine.id, reply: '已督促村委会安排专人值守窗口。' }, tokens.supervisor));
    expect(handled.status).toBe('handled');
    expect((await inbox(tokens.resident!)).some((n) => n.kind === 'matter.complaint-handled' && n.link?.id === m.id)).toBe(true);
    expect(await t.count('auditLog', { action: 'powers.handleComplaint', 'target.id': mine.id })).toBe(1);
    expect((await t.call('powers', 'handleComplaint', { complaintId: mine.id, reply: '再次答复' }, tokens.supervisor)).status).toBe(409);
  });
});

describe('powers: 三提醒 reminder talks', () => {
  it('shows the county the report figures as counts and never the content', async () => {
    const counts = ok(await t.call('powers', 'talkCounts', {}, tokens['county-admin']));
    expect(counts.total).toEqual({ cadres: 232, before: 160, during: 171, after: 125 });
    expect(counts.byTown.map((x: { name: string }) => x.name)).toContain('城关镇');
    expect(JSON.stringify(counts)).not.toMatch(/四议两公开|提醒严格执行|topic|followUp/);
    const list = await t.call('powers', 'talks', { scope: 'village' }, tokens['county-admin']);
    expect(list.status).toBe(403);
    expect(ok(await t.call('powers', 'talks', { scope: 'mine' }, tokens['county-admin'])).items).toEqual([]);
    expect((await t.call('powers', 'talkCounts', {}, tokens.supervisor)).status).toBe(403);
  });

  it('lets a supervisor record a talk with a cadre of the village, which the cadre sees and the county counts', async () => {
    const supervisorView = ok(await t.call('powers', 'talks', { scope: 'village', limit: 50 }, tokens.supervisor));
    expect(supervisorView.cadres.map((c: { id: string }) => c.id)).toContain('village-cadre');
    const today = chinaDate(new Date());
    const talk = ok(await t.call('powers', 'recordTalk', { cadreId: 'village-cadre', stage: 'before', date: today, topic: '集体资产出租前廉洁提醒', followUp: '公开招租，亲属回避' }, tokens.supervisor));
    expect(talk.cadreName).toBe('陈建军');
    const own = ok(await t.call('powers', 'talks', { scope: 'mine', limit: 50 }, tokens['village-cadre'])).items;
    expect(own.some((x: { id: string; topic: string }) => x.id === talk.id && x.topic === '集体资产出租前廉洁提醒')).toBe(true);
    expect((await inbox(tokens['village-cadre']!)).some((n) => n.kind === 'power.talk')).toBe(true);
    expect(await t.count('auditLog', { action: 'powers.recordTalk', 'target.id': talk.id })).toBe(1);
    // The same cadre again: one more talk before, still 232 people.
    expect(ok(await t.call('powers', 'talkCounts', {}, tokens['county-admin'])).total).toEqual({ cadres: 232, before: 161, during: 171, after: 125 });
  });

  it('refuses a talk with another village cadre, by a non-supervisor, or dated in the future, writing nothing', async () => {
    const before = await snapshot();
    const today = chinaDate(new Date());
    const body = { cadreId: 'cadre-v-xijie', stage: 'during', date: today, topic: '提醒', followUp: '整改' };
    expect((await t.call('powers', 'recordTalk', body, tokens.supervisor)).status).toBe(403);
    expect((await t.call('powers', 'recordTalk', { ...body, cadreId: 'village-cadre' }, tokens['village-cadre'])).status).toBe(403);
    const future = await t.call('powers', 'recordTalk', { ...body, cadreId: 'village-cadre', date: '2099-01-01' }, tokens.supervisor);
    expect(future.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'date' }] } });
    expect(await snapshot()).toEqual(before);
  });
});

describe('powers: the public view', () => {
  it('shows anyone the list, searchable and by category, with anonymous counts', async () => {
    const all = ok(await t.call('powers', 'catalogue', {}));
    expect(all.items.length).toBeGreaterThanOrEqual(20);
    expect(all.items.some((i: { kind: string }) => i.kind === 'responsibility')).toBe(true);
    const search = ok(await t.call('powers', 'catalogue', { q: '低保' }));
    expect(search.items.map((i: { code: string }) => i.code)).toEqual(['MS-01', 'MS-06']); // 危房改造 names 低保户
    const homestead = ok(await t.call('powers', 'catalogue', { category: 'homestead', villageId: 'v-fengfang' }));
    expect(homestead.items.map((i: { code: string; adjusted: boolean }) => [i.code, i.adjusted])).toEqual([['ZJ-01', true], ['ZJ-02', false]]);
    const village = ok(await t.call('powers', 'catalogue', {}, tokens.resident));
    expect(village.unitName).toBe('冯坊村');
    const certificate = village.items.find((i: { code: string }) => i.code === 'ZM-01');
    expect(certificate.counts.done).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(village)).not.toMatch(/张桂芳|applicant/);
  });

  it('shows an item with its flowchart, both cards and the village note, and whether the caller may apply', async () => {
    const item = ok(await t.call('powers', 'item', { code: 'ZM-01', villageId: 'v-fengfang' }));
    expect(item.steps.length).toBe(4);
    expect(item.riskCard).toMatch(/严禁/);
    expect(item.guideCard.length).toBeGreaterThan(0);
    expect(item.localNote).toMatch(/便民服务窗口/);
    expect(item.materials).not.toContain('户口簿');
    expect(item.canStart).toBe(false);
    expect(ok(await t.call('powers', 'item', { code: 'ZM-01' }, tokens.resident)).canStart).toBe(true);
    expect((await t.call('powers', 'item', { code: 'XX-99' })).status).toBe(404);
  });
});
