import { afterSupport, honourWinners, householdIn, intakeOf, isOverdue, nextDueOf, outcomeOf, tallyOf, voterKeyOf } from '../../../../shared/domain/council-rules';

describe('a topic against the agenda list', () => {
  it('accepts an item on the list: a resident gathers supports, a member body goes straight on the agenda', () => {
    const item = { title: '道路硬化', forwardTo: null, refusal: null };
    expect(intakeOf(item, 'resident')).toEqual({ kind: 'accept', status: 'gathering' });
    expect(intakeOf(item, 'body')).toEqual({ kind: 'accept', status: 'agenda' });
  });
  it('forwards an item outside the list to the unit that can act, and refuses one with nowhere to go', () => {
    expect(intakeOf({ title: '邻里纠纷', forwardTo: '村人民调解委员会', refusal: null }, 'resident')).toMatchObject({ kind: 'forward', to: '村人民调解委员会' });
    expect(intakeOf({ title: '个人私事', forwardTo: null, refusal: '属于个人私事，不在议事范围' }, 'resident')).toEqual({ kind: 'refuse', reason: '属于个人私事，不在议事范围' });
  });
});

describe('supports and the threshold', () => {
  it('puts a gathering topic on the agenda exactly when the supports reach the threshold', () => {
    expect(afterSupport('gathering', 9, 10)).toBe('gathering');
    expect(afterSupport('gathering', 10, 10)).toBe('agenda');
    expect(afterSupport('scheduled', 11, 10)).toBe('scheduled');
  });
});

describe('a vote from its ballots', () => {
  it('counts each ballot once by its choice', () => {
    expect(tallyOf(['agree', 'agree', 'abstain', 'disagree', 'agree'])).toEqual({ agree: 3, disagree: 1, abstain: 1, cast: 5 });
  });
  it('decides nothing without quorum, abstentions counting towards it', () => {
    expect(outcomeOf(tallyOf(['agree', 'agree']), 5, 0.5, 0.5)).toBe('no-quorum');
    expect(outcomeOf(tallyOf(['agree', 'agree', 'abstain']), 5, 0.5, 0.5)).toBe('adopted');
  });
  it('needs more than the majority share of the ballots cast: a tie is not adopted', () => {
    expect(outcomeOf(tallyOf(['agree', 'disagree']), 2, 0.5, 0.5)).toBe('rejected');
    expect(outcomeOf(tallyOf(['agree', 'agree', 'disagree']), 3, 0.5, 0.5)).toBe('adopted');
    expect(outcomeOf(tallyOf(['agree', 'agree', 'disagree']), 3, 0.5, 2 / 3)).toBe('rejected');
    expect(outcomeOf(tallyOf([]), 0, 0.5, 0.5)).toBe('no-quorum');
  });
  it('lets only the electorate vote: a representative in the snapshot, a confirmed household of the village', () => {
    const reps = { kind: 'representatives' as const, villageId: 'v1', electorateIds: ['a'] };
    const homes = { kind: 'households' as const, villageId: 'v1', electorateIds: [] };
    const user = (id: string, unitId: string, confirmed = true) => ({ _id: id, residence: { unitId, householdId: `h-${id}`, householdConfirmed: confirmed } });
    expect(voterKeyOf(reps, user('a', 'v2'))).toBe('a');
    expect(voterKeyOf(reps, user('b', 'v1'))).toBeNull();
    expect(voterKeyOf(homes, user('b', 'v1'))).toBe('h-b');
    expect(voterKeyOf(homes, user('c', 'v2'))).toBeNull();
    expect(voterKeyOf(homes, user('d', 'v1', false))).toBeNull();
    expect(voterKeyOf(homes, { _id: 'e', residence: null })).toBeNull();
    expect(householdIn(user('b', 'v1'), 'v1')).toBe('h-b');
  });
});

describe('carrying a decision out', () => {
  it('finds steps past due and the next date to watch', () => {
    expect(isOverdue({ dueDate: '2026-12-01', doneAt: null }, '2026-12-02')).toBe(true);
    expect(isOverdue({ dueDate: '2026-12-02', doneAt: null }, '2026-12-02')).toBe(false);
    expect(isOverdue({ dueDate: '2026-12-01', doneAt: '2026-11-30' }, '2026-12-02')).toBe(false);
    expect(
      nextDueOf([
        { dueDate: '2026-12-05', doneAt: null, overdueAlertedAt: null },
        { dueDate: '2026-12-01', doneAt: null, overdueAlertedAt: '2026-12-02' },
        { dueDate: '2026-12-03', doneAt: null, overdueAlertedAt: null },
      ]),
    ).toBe('2026-12-03');
    expect(nextDueOf([])).toBeNull();
  });
});

describe('the honour results and ties', () => {
  const c = (id: string, votes: number, day: number) => ({ id, votes, nominatedAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z` });
  it('honours the most voted, as many as the seats', () => {
    expect(honourWinners([c('a', 5, 1), c('b', 9, 2), c('c', 7, 3)], 2, 'share')).toEqual(['b', 'c']);
  });
  it('shares the last place among all tied at it by the share rule', () => {
    expect(honourWinners([c('a', 7, 1), c('b', 9, 2), c('c', 7, 3), c('d', 2, 4)], 2, 'share')).toEqual(['b', 'a', 'c']);
  });
  it('gives a tied last place to the earlier nomination by that rule', () => {
    expect(honourWinners([c('c', 7, 3), c('b', 9, 2), c('a', 7, 1)], 2, 'earlier-nomination')).toEqual(['b', 'a']);
  });
  it('never honours a candidate nobody voted for', () => {
    expect(honourWinners([c('a', 0, 1), c('b', 3, 2)], 2, 'share')).toEqual(['b']);
    expect(honourWinners([], 1, 'share')).toEqual([]);
  });
});
