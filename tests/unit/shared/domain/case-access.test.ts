import { allowedCaseActions, canReportAt, canSeeCase, checkCaseAction, committeeFor, isCurrentHandler, type CaseActor, type CaseFacts } from '../../../../shared/domain/case-access';

const path = ['qianyang', 't-chengguan', 'v-fengfang', 'g-fengfang-1'];
const kase = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  status: 'mediating',
  level: 'village',
  path,
  reporterId: 'reporter',
  committeeId: 'v-fengfang',
  committeeIds: ['v-fengfang'],
  sessionCount: 1,
  ...over,
});
const actor = (id: string, grants: CaseActor['grants'] = []): CaseActor => ({ id, grants });
const reporter = actor('reporter');
const neighbour = actor('n');
const gridLeader = actor('gl', [{ role: 'grid-leader', unitId: 'g-fengfang-1' }]);
const villageCadre = actor('vc', [{ role: 'village-cadre', unitId: 'v-fengfang' }]);
const otherVillageCadre = actor('ovc', [{ role: 'village-cadre', unitId: 'v-xijie' }]);
const townCadre = actor('tc', [{ role: 'town-cadre', unitId: 't-chengguan' }]);
const otherTownCadre = actor('otc', [{ role: 'town-cadre', unitId: 't-nanzhai' }]);
const county = actor('ca', [{ role: 'county-admin', unitId: 'qianyang' }]);
const mediator = actor('m', [{ role: 'mediator', unitId: 'v-fengfang' }]);
const townMediator = actor('tm', [{ role: 'mediator', unitId: 't-chengguan' }]);
const police = actor('p', [{ role: 'police', unitId: 'v-fengfang' }]);

describe('who sees a case', () => {
  it('shows it to the reporter and the handlers along the chain, and to no one else', () => {
    for (const a of [reporter, gridLeader, villageCadre, townCadre, county]) expect(canSeeCase(kase(), a)).toBe(true);
    for (const a of [neighbour, otherVillageCadre, otherTownCadre, police]) expect(canSeeCase(kase(), a)).toBe(false);
  });

  it('shows a mediator only cases assigned to their committee', () => {
    expect(canSeeCase(kase(), mediator)).toBe(true);
    expect(canSeeCase(kase(), townMediator)).toBe(false);
    const escalated = kase({ level: 'town', committeeId: 't-chengguan', committeeIds: ['v-fengfang', 't-chengguan'] });
    expect(canSeeCase(escalated, townMediator)).toBe(true);
    expect(canSeeCase(kase({ path: ['qianyang', 't-chengguan', 'v-xijie', 'g-xijie-1'], committeeId: 'v-xijie', committeeIds: ['v-xijie'] }), mediator)).toBe(false);
  });

  it('gives the full phone numbers only to those handling it now', () => {
    expect(isCurrentHandler(kase(), villageCadre)).toBe(true);
    expect(isCurrentHandler(kase(), mediator)).toBe(true);
    expect(isCurrentHandler(kase(), reporter)).toBe(false);
    expect(isCurrentHandler(kase(), gridLeader)).toBe(false);
    const atTown = kase({ level: 'town', committeeId: 't-chengguan', committeeIds: ['v-fengfang', 't-chengguan'] });
    expect(isCurrentHandler(atTown, villageCadre)).toBe(false);
    expect(isCurrentHandler(atTown, mediator)).toBe(false);
    expect(isCurrentHandler(atTown, townCadre)).toBe(true);
  });
});

describe('who acts on a case', () => {
  it('lets cadres at the case level or above assess, not mediators or the reporter', () => {
    const screened = kase({ status: 'screened', sessionCount: 0 });
    expect(checkCaseAction('assess', screened, villageCadre)).toBe('ok');
    expect(checkCaseAction('assess', screened, townCadre)).toBe('ok');
    expect(checkCaseAction('assess', screened, mediator)).toBe('forbidden');
    expect(checkCaseAction('assess', screened, reporter)).toBe('forbidden');
    expect(checkCaseAction('assess', kase(), villageCadre)).toBe('conflict');
  });

  it('lets the committee mediator record sessions and the outcome, but only after a session', () => {
    expect(allowedCaseActions(kase(), mediator)).toEqual(['recordSession', 'conclude']);
    expect(checkCaseAction('conclude', kase({ sessionCount: 0 }), mediator)).toBe('conflict');
    expect(checkCaseAction('recordSession', kase({ status: 'screened' }), villageCadre)).toBe('conflict');
  });

  it('takes the case out of the village hands once it is at the town', () => {
    const atTown = kase({ level: 'town', committeeId: 't-chengguan', committeeIds: ['v-fengfang', 't-chengguan'] });
    expect(checkCaseAction('recordSession', atTown, villageCadre)).toBe('forbidden');
    expect(checkCaseAction('recordSession', atTown, townCadre)).toBe('ok');
    expect(checkCaseAction('recordSession', atTown, townMediator)).toBe('ok');
  });

  it('lets the grid leader record the follow-up visit', () => {
    expect(checkCaseAction('followUp', kase({ status: 'agreed' }), gridLeader)).toBe('ok');
    expect(checkCaseAction('followUp', kase({ status: 'agreed' }), neighbour)).toBe('forbidden');
    expect(checkCaseAction('followUp', kase(), villageCadre)).toBe('conflict');
  });

  it('names the committee of each level from the path', () => {
    expect(committeeFor('village', path)).toBe('v-fengfang');
    expect(committeeFor('town', path)).toBe('t-chengguan');
    expect(committeeFor('county', path)).toBe('qianyang');
  });

  it('lets residents report in their own village and handlers in their area', () => {
    expect(canReportAt(path, { ...neighbour, residencePath: ['qianyang', 't-chengguan', 'v-fengfang', 'g-fengfang-2'] })).toBe(true);
    expect(canReportAt(path, { ...neighbour, residencePath: ['qianyang', 't-chengguan', 'v-xijie', 'g-xijie-1'] })).toBe(false);
    expect(canReportAt(path, { ...gridLeader, residencePath: null })).toBe(true);
    expect(canReportAt(path, { ...otherTownCadre, residencePath: null })).toBe(false);
  });
});
