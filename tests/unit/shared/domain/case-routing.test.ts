import { DEFAULT_ROUTING_RULES, checkAssessedLevel, describeConditions, rerouted, routeCase, ruleMatches, type RoutingFacts } from '../../../../shared/domain/case-routing';

const base: RoutingFacts = { type: 'neighbourhood', risk: 'low', amountFen: 0, parties: 2, repeat: false };
const yuan = (n: number) => n * 100;

/** One row per rule: facts that meet exactly that rule's conditions, and the level the proposal must reach. */
const ROWS: Record<string, { facts: Partial<RoutingFacts>; below: Partial<RoutingFacts>; level: 'town' | 'county' }> = {
  'major-risk': { facts: { risk: 'major' }, below: { risk: 'high' }, level: 'county' },
  'high-risk': { facts: { risk: 'high' }, below: { risk: 'medium' }, level: 'town' },
  'large-amount': { facts: { amountFen: yuan(500_000) }, below: { amountFen: yuan(500_000) - 1 }, level: 'county' },
  'medium-amount': { facts: { amountFen: yuan(50_000) }, below: { amountFen: yuan(50_000) - 1 }, level: 'town' },
  'group-dispute': { facts: { parties: 10 }, below: { parties: 9 }, level: 'county' },
  'many-parties': { facts: { parties: 5 }, below: { parties: 4 }, level: 'town' },
  'land-rights': { facts: { type: 'land-rights', risk: 'medium' }, below: { type: 'land-rights', risk: 'low' }, level: 'town' },
  'labour-wages': { facts: { type: 'labour', amountFen: yuan(20_000) }, below: { type: 'labour', amountFen: yuan(19_999) }, level: 'town' },
  repeat: { facts: { repeat: true }, below: { repeat: false }, level: 'town' },
  'repeat-high-risk': { facts: { repeat: true, risk: 'high' }, below: { repeat: true, risk: 'medium' }, level: 'county' },
};

describe('routeCase: the default routing table', () => {
  it('has a test row for every rule row', () => {
    expect(Object.keys(ROWS).sort()).toEqual(DEFAULT_ROUTING_RULES.map((r) => r.id).sort());
  });

  for (const rule of DEFAULT_ROUTING_RULES) {
    it(`rule ${rule.id}: sends the case to the ${rule.level} level and says why, and does not fire just below its threshold`, () => {
      const row = ROWS[rule.id]!;
      const facts = { ...base, ...row.facts };
      expect(ruleMatches(rule, facts)).toBe(true);
      const proposal = routeCase(facts, DEFAULT_ROUTING_RULES);
      expect(proposal.level).toBe(row.level);
      expect(proposal.matched.map((m) => m.id)).toContain(rule.id);
      expect(proposal.explanation).toContain(rule.reason);
      expect(ruleMatches(rule, { ...base, ...row.below })).toBe(false);
    });
  }

  it('sends a case that matches no rule to the village and says so', () => {
    const proposal = routeCase(base, DEFAULT_ROUTING_RULES);
    expect(proposal).toEqual({ level: 'village', matched: [], explanation: '不属于要上提的情形，按“小事不出村”由村（社区）调解' });
    expect(routeCase({ ...base, type: 'other', risk: 'medium', amountFen: yuan(49_999), parties: 4 }, DEFAULT_ROUTING_RULES).level).toBe('village');
  });

  it('takes the highest level when several rules match and lists the deciding reason first', () => {
    const proposal = routeCase({ ...base, risk: 'high', parties: 12 }, DEFAULT_ROUTING_RULES);
    expect(proposal.level).toBe('county');
    expect(proposal.matched[0]!.id).toBe('group-dispute');
    expect(proposal.explanation).toMatch(/^建议县级办理：涉及10方以上当事人/);
    expect(proposal.explanation).toContain('另：风险等级为高');
  });

  it('reads its rules from the data it is given, not from the defaults', () => {
    const rules = [{ id: 'contract-any', when: { types: ['contract'] }, level: 'town' as const, reason: '合同纠纷由镇司法所办理' }];
    expect(routeCase({ ...base, type: 'contract' }, rules).level).toBe('town');
    expect(routeCase({ ...base, risk: 'major' }, rules).level).toBe('village');
  });
});

describe('checkAssessedLevel', () => {
  it('lets the assessor keep or raise the proposed level without a reason', () => {
    expect(checkAssessedLevel('village', 'village', null)).toBe('ok');
    expect(checkAssessedLevel('village', 'town', undefined)).toBe('ok');
    expect(checkAssessedLevel('town', 'county', null)).toBe('ok');
  });

  it('asks for a reason to go below the proposed level', () => {
    expect(checkAssessedLevel('town', 'village', null)).toBe('needs-reason');
    expect(checkAssessedLevel('county', 'town', '   ')).toBe('needs-reason');
    expect(checkAssessedLevel('county', 'village', '当事人均在本村，村里有把握调解')).toBe('ok');
  });
});

describe('rerouted', () => {
  const facts = { type: 'neighbourhood', risk: 'low' as const, amountFen: 0, parties: 2, repeat: false };
  const cases = [
    { id: 'a', facts, proposedLevel: 'village' as const },
    { id: 'b', facts: { ...facts, risk: 'high' as const }, proposedLevel: 'town' as const },
    { id: 'c', facts: { ...facts, risk: 'major' as const }, proposedLevel: 'county' as const },
  ];

  it('lists the cases edited rules would send to another level than the one proposed then', () => {
    const toTown = { id: 'two', when: { minParties: 2 }, level: 'town' as const, reason: '两方以上' };
    expect(rerouted(cases, [...DEFAULT_ROUTING_RULES, toTown])).toEqual([{ id: 'a', from: 'village', to: 'town' }]);
    expect(rerouted(cases, DEFAULT_ROUTING_RULES)).toEqual([]);
    expect(rerouted(cases, DEFAULT_ROUTING_RULES.filter((r) => r.id !== 'major-risk'))).toEqual([{ id: 'c', from: 'county', to: 'town' }]);
  });
});

describe('describeConditions', () => {
  it('says a rule’s conditions in words, amounts in 万元', () => {
    const words = describeConditions({ types: ['labour'], minRisk: 'high', minAmountFen: 50_000 * 100, minParties: 5, repeat: true }, (c) => (c === 'labour' ? '劳资纠纷' : c), (r) => (r === 'high' ? '高' : r));
    expect(words).toBe('类型为劳资纠纷、风险为高及以上、争议金额5万元以上、当事人5方以上、同一当事人再次发生');
  });
});
