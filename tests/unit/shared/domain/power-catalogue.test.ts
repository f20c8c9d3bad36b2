import { applyAdjustment, checkFlow, matchesSearch, totalLimitDays, type PowerItemDefinition, type PowerStep } from '../../../../shared/domain/power-catalogue';
import { QIANYANG } from '../../../../local/seed/geography';

const STANDARD_CATALOGUE = QIANYANG.powers.items;

const s = (title: string, role: PowerStep['role'], limitDays: number): PowerStep => ({ title, role, actorLabel: title, limitDays, publicity: null });

const standard: PowerItemDefinition = {
  code: 'ZM-01',
  kind: 'power',
  category: 'certificates',
  title: '出具证明',
  summary: '村级证明',
  basis: ['依据'],
  body: '村民委员会',
  materials: ['身份证', '户口簿'],
  fees: '不收费',
  starter: 'resident',
  steps: [s('提出申请', 'applicant', 0), s('村委会核实', 'village-cadre', 2), s('审签盖章', 'village-cadre', 2), s('登记', 'village-cadre', 1)],
  risks: [{ point: '虚假证明', measure: '先核实' }],
  riskCard: '严禁出具虚假证明',
  guideCard: ['带身份证'],
};

describe('checkFlow', () => {
  it('accepts every item of the seeded county catalogue', () => {
    expect(STANDARD_CATALOGUE.length).toBeGreaterThanOrEqual(20);
    for (const item of STANDARD_CATALOGUE) expect({ code: item.code, issues: checkFlow(item.steps, item.starter) }).toEqual({ code: item.code, issues: [] });
  });

  it('requires a resident item to begin with the applicant, and only there', () => {
    expect(checkFlow([s('受理', 'village-cadre', 2), s('审核', 'town-cadre', 5)], 'resident')).toEqual([{ path: 'steps.0.role', message: expect.any(String) }]);
    expect(checkFlow([s('申请', 'applicant', 0), s('受理', 'village-cadre', 2), s('补充', 'applicant', 0)], 'resident').map((i) => i.path)).toContain('steps.2.role');
  });

  it('refuses a flow of one step, a cadre step without a time limit and an applicant step with one', () => {
    expect(checkFlow([s('受理', 'village-cadre', 2)], 'cadre').map((i) => i.path)).toEqual(['steps']);
    expect(checkFlow([s('申请', 'applicant', 3), s('受理', 'village-cadre', 0)], 'resident').map((i) => i.path)).toEqual(['steps.0.limitDays', 'steps.1.limitDays']);
  });
});

describe('applyAdjustment', () => {
  it('lets a village shorten a limit, drop a material, add a risk and insert its own step', () => {
    const { item, issues } = applyAdjustment(standard, {
      stepLimits: [{ index: 2, limitDays: 1 }],
      droppedMaterials: ['户口簿'],
      extraRisks: [{ point: '拖延', measure: '当天办' }],
      extraSteps: [{ after: 1, title: '网格员上门核实', role: 'grid-leader', actorLabel: '网格员', limitDays: 1, publicity: null }],
    });
    expect(issues).toEqual([]);
    expect(item.steps.map((x) => [x.title, x.limitDays, Boolean(x.localAdded)])).toEqual([
      ['提出申请', 0, false],
      ['村委会核实', 2, false],
      ['网格员上门核实', 1, true],
      ['审签盖章', 1, false],
      ['登记', 1, false],
    ]);
    expect(item.materials).toEqual(['身份证']);
    expect(item.risks).toHaveLength(2);
    expect(totalLimitDays(item.steps)).toBeLessThanOrEqual(totalLimitDays(standard.steps));
  });

  it('keeps several steps inserted at the same place in the order given', () => {
    const extra = (title: string) => ({ after: 0, title, role: 'village-cadre' as const, actorLabel: '村委会', limitDays: 1, publicity: null });
    const { item } = applyAdjustment({ ...standard, steps: standard.steps.map((x) => ({ ...x, limitDays: x.limitDays ? 5 : 0 })) }, { extraSteps: [extra('甲'), extra('乙')] });
    expect(item.steps.map((x) => x.title)).toEqual(['提出申请', '甲', '乙', '村委会核实', '审签盖章', '登记']);
  });

  it('refuses a longer limit, a step by a town role, a new material and a total over the standard', () => {
    expect(applyAdjustment(standard, { stepLimits: [{ index: 1, limitDays: 3 }] }).issues.map((i) => i.path)).toEqual(['stepLimits.0.limitDays']);
    expect(applyAdjustment(standard, { extraSteps: [{ after: 1, title: '镇审核', role: 'town-cadre', actorLabel: '镇', limitDays: 1, publicity: null }] }).issues.map((i) => i.path)).toEqual(['extraSteps.0.role']);
    expect(applyAdjustment(standard, { droppedMaterials: ['结婚证'] }).issues.map((i) => i.path)).toEqual(['droppedMaterials.0']);
    expect(applyAdjustment(standard, { extraSteps: [{ after: 1, title: '再核实', role: 'village-cadre', actorLabel: '村委会', limitDays: 2, publicity: null }] }).issues.map((i) => i.path)).toEqual(['extraSteps']);
  });

  it('never changes the applicant step nor loses a county step', () => {
    expect(applyAdjustment(standard, { stepLimits: [{ index: 0, limitDays: 1 }] }).issues.map((i) => i.path)).toEqual(['stepLimits.0.index']);
    const { item } = applyAdjustment(standard, { stepLimits: [{ index: 1, limitDays: 1 }] });
    expect(item.steps.filter((x) => !x.localAdded).map((x) => [x.title, x.role])).toEqual(standard.steps.map((x) => [x.title, x.role]));
  });
});

describe('matchesSearch', () => {
  it('finds by title, summary or category name, ignoring spaces', () => {
    expect(matchesSearch(standard, '证 明')).toBe(true);
    expect(matchesSearch(standard, '证明出具')).toBe(true);
    expect(matchesSearch(standard, '低保')).toBe(false);
    expect(matchesSearch(standard, undefined)).toBe(true);
  });
});
