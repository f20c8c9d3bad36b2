import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { chinaMonth } from '../../shared/domain/china-time';
import type { CaseView } from '../../shared/contracts/cases';
import type { CaseRecord } from '../../shared/domain/case-records';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['resident', 'grid-leader', 'village-cadre', 'town-cadre', 'county-admin'] as const) tok[p] = await t.login(p);
});
afterAll(() => t.close());
afterEach(() => clock.reset());

const dispute = (i: number) => ({
  type: 'neighbourhood',
  parties: [{ name: `甲${i}` }, { name: `乙${i}` }],
  description: '邻居翻修房屋把排水管接到我家院墙根，下雨天院里积水。',
  urgency: 'normal',
});

async function assessedCase(i: number, risk: 'low' | 'high'): Promise<CaseView> {
  const c = ok<CaseView>(await t.call('cases', 'screen', dispute(i), tok['grid-leader']));
  return ok<CaseView>(await t.call('cases', 'assess', { caseId: c.id, risk, level: risk === 'high' ? 'town' : 'village' }, tok['village-cadre']));
}

/** A rule that sends every dispute of two or more parties to the town. */
const everyoneToTown = { id: 'two-parties', level: 'town', reason: '演示：两方以上的纠纷都由镇里办', when: { minParties: 2 } };

describe('routing rules edited by the county admin', () => {
  it('reads the rules in force (the seed, version 0) with their conditions in yuan, and refuses anyone else', async () => {
    const set = ok(await t.call('cases', 'routingRules', {}, tok['county-admin']));
    expect(set.version).toBe(0);
    expect(set.rules.find((r: { id: string }) => r.id === 'medium-amount')).toMatchObject({ level: 'town', when: { minAmountYuan: 50_000 } });
    expect(set.types.some((x: { code: string }) => x.code === 'neighbourhood')).toBe(true);
    for (const who of ['village-cadre', 'town-cadre', 'resident'] as const) {
      expect((await t.call('cases', 'routingRules', {}, tok[who])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('previews an edit on last month’s assessed cases of the county: the count equals an independent count', async () => {
    for (let i = 0; i < 5; i++) await assessedCase(i, i < 3 ? 'low' : 'high');
    const month = chinaMonth(clock.now());
    // A month later, these are last month's cases.
    clock.freeze(new Date(Date.now() + 32 * DAY_MS));
    const admin = await t.login('county-admin');
    const set = ok(await t.call('cases', 'routingRules', {}, admin));
    const preview = ok(await t.call('cases', 'previewRouting', { rules: [...set.rules, everyoneToTown] }, admin));
    expect(preview.month).toBe(month);
    // Independently: every assessed case of that month the rules then proposed for the village now goes to the town.
    const assessed = (await t.runtime.db.collection('cases').where({ countyId: 'qianyang', month }).limit(1000).get()).data as CaseRecord[];
    const withAssessment = assessed.filter((c) => c.assessment);
    const villageProposed = withAssessment.filter((c) => c.assessment!.proposedLevel === 'village').length;
    expect(villageProposed).toBeGreaterThanOrEqual(3);
    expect(preview).toMatchObject({ assessed: withAssessment.length, changed: villageProposed, capped: false });
    expect(preview.examples.every((x: { from: string; to: string }) => x.from === 'village' && x.to === 'town')).toBe(true);
    // The rules as they are change nothing.
    expect(ok(await t.call('cases', 'previewRouting', { rules: set.rules }, admin)).changed).toBe(0);
  });

  it('saves a new version (the old kept), audited; a save from a stale version is CONFLICT; new cases record the version that routed them', async () => {
    const set = ok(await t.call('cases', 'routingRules', {}, tok['county-admin']));
    const saved = ok(await t.call('cases', 'updateRouting', { rules: [...set.rules, everyoneToTown], baseVersion: 0, changeNote: '演示：两方以上都上提到镇' }, tok['county-admin']));
    expect(saved.version).toBe(1);
    expect(saved.history).toEqual([expect.objectContaining({ version: 1, byName: expect.any(String), changeNote: '演示：两方以上都上提到镇' })]);
    expect(await t.count('routingRules', { countyId: 'qianyang' })).toBeGreaterThan(0);
    expect(await t.count('routingRuleSets', { countyId: 'qianyang' })).toBe(1);
    expect(await t.count('auditLog', { action: 'cases.updateRouting', 'target.id': 'qianyang@1' })).toBe(1);

    const stale = await t.call('cases', 'updateRouting', { rules: set.rules, baseVersion: 0, changeNote: '旧版本上的修改' }, tok['county-admin']);
    expect(stale.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await t.count('routingRuleSets', { countyId: 'qianyang' })).toBe(1);

    const c = ok<CaseView>(await t.call('cases', 'screen', dispute(99), tok['grid-leader']));
    const proposal = ok(await t.call('cases', 'propose', { caseId: c.id, risk: 'low' }, tok['village-cadre']));
    expect(proposal.level).toBe('town');
    ok(await t.call('cases', 'assess', { caseId: c.id, risk: 'low', level: 'town' }, tok['village-cadre']));
    const stored = ((await t.runtime.db.collection('cases').doc(c.id).get()).data as CaseRecord[])[0]!;
    expect(stored.assessment).toMatchObject({ rulesVersion: 1, proposedLevel: 'town', matchedRuleIds: ['two-parties'] });
  });

  it('refuses rules that break the form with Chinese messages, writing nothing', async () => {
    const before = await t.count('routingRuleSets');
    const noCondition = await t.call('cases', 'updateRouting', { rules: [{ ...everyoneToTown, when: {} }], baseVersion: 1, changeNote: '没有条件' }, tok['county-admin']);
    expect(noCondition.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'rules.0.when', message: '每条规则至少要有一个条件' }] } });
    const twice = await t.call('cases', 'updateRouting', { rules: [everyoneToTown, everyoneToTown], baseVersion: 1, changeNote: '重复的规则' }, tok['county-admin']);
    expect(twice.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'rules', message: '规则编号不能重复' }] } });
    const unknownType = await t.call('cases', 'previewRouting', { rules: [{ ...everyoneToTown, when: { types: ['no-such-type'] } }] }, tok['county-admin']);
    expect(unknownType.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'rules.0.when.types', message: '没有这个纠纷类型' }] } });
    expect(await t.count('routingRuleSets')).toBe(before);
  });
});
