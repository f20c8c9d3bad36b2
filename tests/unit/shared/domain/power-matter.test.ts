import type { PowerStep } from '../../../../shared/domain/power-catalogue';
import { averageDays, canSeeMatter, checkStepAction, closeAt, completeStep, matterEventLabel, startSteps, type MatterFacts } from '../../../../shared/domain/power-matter';
import type { HolidayCalendar } from '../../../../shared/domain/power-holidays';

const plain: HolidayCalendar = { holidays: [], workdays: [] };
const s = (title: string, role: PowerStep['role'], limitDays: number): PowerStep => ({ title, role, actorLabel: title, limitDays, publicity: null });
const flow = [s('提出申请', 'applicant', 0), s('村委会受理', 'village-cadre', 3), s('入户调查', 'grid-leader', 5), s('镇审核', 'town-cadre', 10)];
const path = ['qianyang', 't-chengguan', 'v-fengfang', 'g-fengfang-1'];
const at = '2026-11-23T02:00:00.000Z'; // Monday 10:00 China time

const cadre = { id: 'c', grants: [{ role: 'village-cadre', unitId: 'v-fengfang' }] };
const otherCadre = { id: 'x', grants: [{ role: 'village-cadre', unitId: 'v-xijie' }] };
const gridLeader = { id: 'g', grants: [{ role: 'grid-leader', unitId: 'g-fengfang-1' }] };
const supervisor = { id: 's', grants: [{ role: 'supervisor', unitId: 'v-fengfang' }] };
const neighbour = { id: 'n', grants: [] };

function started() {
  const { steps, current } = startSteps(flow, { at, applicantId: 'r', applicantName: '张桂芳', note: null }, plain);
  const facts: MatterFacts = { status: 'in_progress', applicantId: 'r', current, steps, path };
  return { steps, current, facts };
}

describe('startSteps', () => {
  it('records the application as the applicant step and starts the next with its deadline', () => {
    const { steps, current } = started();
    expect(current).toBe(1);
    expect(steps.map((x) => x.status)).toEqual(['done', 'current', 'pending', 'pending']);
    expect(steps[0]).toMatchObject({ actorName: '张桂芳', doneAt: at });
    expect(steps[1]!.dueAt).toBe('2026-11-26T15:59:59.999Z'); // Thursday, end of day China time
  });

  it('starts at the first step when there is no applicant step', () => {
    const { current, steps } = startSteps([s('提议', 'village-cadre', 5), s('商议', 'village-cadre', 5)], { at, applicantId: 'c', applicantName: '陈建军', note: null }, plain);
    expect(current).toBe(0);
    expect(steps[0]!.status).toBe('current');
  });
});

describe('checkStepAction', () => {
  it('lets only a holder of the current step role act on the current step', () => {
    const { facts } = started();
    expect(checkStepAction(facts, 1, cadre)).toBe('ok');
    expect(checkStepAction(facts, 1, gridLeader)).toBe('forbidden');
    expect(checkStepAction(facts, 1, supervisor)).toBe('forbidden');
    expect(checkStepAction(facts, 1, otherCadre)).toBe('forbidden');
  });

  it('calls acting on a later or an earlier step a skip, whoever asks', () => {
    const { facts } = started();
    expect(checkStepAction(facts, 2, gridLeader)).toBe('skip');
    expect(checkStepAction(facts, 0, cadre)).toBe('skip');
    expect(checkStepAction(facts, 9, cadre)).toBe('skip');
  });

  it('calls any action on a finished matter closed', () => {
    const { facts } = started();
    expect(checkStepAction({ ...facts, status: 'done', current: null }, 1, cadre)).toBe('closed');
  });
});

describe('completeStep and closeAt', () => {
  it('moves one step at a time and finishes after the last', () => {
    const { steps } = started();
    const a = completeStep(steps, 1, { id: 'c', name: '陈建军', at: '2026-11-24T02:00:00.000Z', note: '已受理' }, plain);
    expect(a).toMatchObject({ current: 2, status: 'in_progress' });
    expect(a.steps[1]).toMatchObject({ status: 'done', actorName: '陈建军', note: '已受理', overdue: false });
    expect(a.steps[2]).toMatchObject({ status: 'current', startedAt: '2026-11-24T02:00:00.000Z' });
    const b = completeStep(a.steps, 2, { id: 'g', name: '刘文华', at: '2026-11-25T02:00:00.000Z', note: null }, plain);
    const c = completeStep(b.steps, 3, { id: 't', name: '周明', at: '2026-11-26T02:00:00.000Z', note: null }, plain);
    expect(c).toMatchObject({ current: null, status: 'done' });
    expect(c.steps.every((x) => x.status === 'done')).toBe(true);
  });

  it('marks a step finished after its deadline as late in the history', () => {
    const { steps } = started();
    const late = completeStep(steps, 1, { id: 'c', name: '陈建军', at: '2026-12-01T02:00:00.000Z', note: null }, plain);
    expect(late.steps[1]!.overdue).toBe(true);
  });

  it('ends a refused matter at the step, leaving the rest not done', () => {
    const { steps } = started();
    const r = closeAt(steps, 1, 'refused', { id: 'c', name: '陈建军', at, note: '不符合条件' });
    expect(r.status).toBe('refused');
    expect(r.steps.map((x) => x.status)).toEqual(['done', 'refused', 'cancelled', 'cancelled']);
  });
});

describe('canSeeMatter', () => {
  it('shows a matter to its applicant, the handlers and supervisors over it, the grid leader of its grid, and nobody else', () => {
    const { facts } = started();
    expect(canSeeMatter(facts, { id: 'r', grants: [] })).toBe(true);
    expect(canSeeMatter(facts, cadre)).toBe(true);
    expect(canSeeMatter(facts, supervisor)).toBe(true);
    expect(canSeeMatter(facts, gridLeader)).toBe(true);
    expect(canSeeMatter(facts, { id: 'g2', grants: [{ role: 'grid-leader', unitId: 'g-fengfang-2' }] })).toBe(false);
    expect(canSeeMatter(facts, otherCadre)).toBe(false);
    expect(canSeeMatter(facts, neighbour)).toBe(false);
  });
});

describe('averageDays', () => {
  it('is null before the first matter is done and rounds to one decimal', () => {
    expect(averageDays(0, 0)).toBeNull();
    expect(averageDays(10, 3)).toBe(3.3);
  });
});

describe('matter timeline words', () => {
  const m = { steps: [{ title: '提出申请' }, { title: '村级审查' }], rating: { stars: 4 } };
  it('names the step of a step event and the stars of a rating, from codes', () => {
    expect(matterEventLabel({ action: 'complete', stepIndex: 1 }, m)).toBe('完成：村级审查');
    expect(matterEventLabel({ action: 'refuse', stepIndex: 1 }, m)).toBe('不予通过：村级审查');
    expect(matterEventLabel({ action: 'overdue', stepIndex: 1 }, m)).toBe('超过办理时限：村级审查');
    expect(matterEventLabel({ action: 'rate', stepIndex: null }, m)).toBe('评价：4 星');
    expect(matterEventLabel({ action: 'apply', stepIndex: null }, m)).toBe('提出申请');
  });
  it('passes the words of entries stored before codes through unchanged', () => {
    expect(matterEventLabel({ action: '完成：村级审查', stepIndex: 1 }, m)).toBe('完成：村级审查');
  });
});
