import { afterFailure, CASE_STATUSES, caseEventLabel, isOpen, nextCaseStatus, nextSheet } from '../../../../shared/domain/case-state';

describe('case sheets in order', () => {
  it('goes screening → assessment → mediation → follow-up and ends resolved', () => {
    expect(nextSheet('screened')).toBe('assessment');
    expect(nextCaseStatus('screened', 'assess')).toBe('mediating');
    expect(nextSheet('mediating')).toBe('mediation');
    expect(nextCaseStatus('mediating', 'recordSession')).toBe('mediating');
    expect(nextCaseStatus('mediating', 'agree')).toBe('agreed');
    expect(nextSheet('agreed')).toBe('followUp');
    expect(nextCaseStatus('agreed', 'followUpHeld')).toBe('resolved');
    expect(nextSheet('resolved')).toBeNull();
  });

  it('refuses a sheet out of order', () => {
    expect(nextCaseStatus('screened', 'recordSession')).toBeNull();
    expect(nextCaseStatus('screened', 'agree')).toBeNull();
    expect(nextCaseStatus('screened', 'followUpHeld')).toBeNull();
    expect(nextCaseStatus('mediating', 'assess')).toBeNull();
    expect(nextCaseStatus('mediating', 'followUpHeld')).toBeNull();
    expect(nextCaseStatus('agreed', 'recordSession')).toBeNull();
  });

  it('reopens an agreed case at follow-up when the dispute relapses', () => {
    expect(nextCaseStatus('agreed', 'relapse')).toBe('mediating');
  });

  it('treats resolved and unresolved as terminal', () => {
    for (const s of ['resolved', 'unresolved'] as const) {
      for (const e of ['assess', 'recordSession', 'agree', 'fail', 'followUpHeld', 'relapse', 'escalate', 'warn'] as const) {
        expect(nextCaseStatus(s, e)).toBeNull();
      }
    }
  });

  it('lets the deadline timer act only on cases still being handled', () => {
    expect(CASE_STATUSES.filter(isOpen)).toEqual(['screened', 'mediating']);
    expect(nextCaseStatus('agreed', 'escalate')).toBeNull();
  });

  it('sends a failed mediation one level up, and ends it as unresolved at the county', () => {
    expect(afterFailure('village')).toEqual({ status: 'mediating', level: 'town' });
    expect(afterFailure('town')).toEqual({ status: 'mediating', level: 'county' });
    expect(afterFailure('county')).toEqual({ status: 'unresolved', level: 'county' });
  });
});

describe('case timeline words', () => {
  it('words the stored event codes for people and passes older stored words through', () => {
    expect(caseEventLabel('screen')).toBe('登记排查单');
    expect(caseEventLabel('countyOverdue')).toBe('超期未结，县级督办');
    expect(caseEventLabel('完成研判')).toBe('完成研判');
  });
});
