import {
  ackIssues,
  canIssueOver,
  escalationDue,
  escalationTargets,
  gridReach,
  inArea,
  isInForce,
  nextEscalationAt,
  normaliseArea,
  placesOf,
  timingIssue,
  type EscalationState,
} from '../../../../shared/domain/alert-rules';

const town = { _id: 't1', kind: 'town', path: ['c', 't1'] };
const village = { _id: 'v1', kind: 'village', path: ['c', 't1', 'v1'] };
const grid = { _id: 'g1', kind: 'grid', path: ['c', 't1', 'v1', 'g1'] };
const otherVillage = { _id: 'v2', kind: 'village', path: ['c', 't2', 'v2'] };

describe('alert area', () => {
  it('drops places inside another chosen place and duplicates, so every resident lies under one', () => {
    expect(normaliseArea([village, town, grid, town]).map((u) => u._id)).toEqual(['t1']);
    expect(normaliseArea([grid, otherVillage]).map((u) => u._id)).toEqual(['g1', 'v2']);
  });

  it('lets a town cadre issue only inside the town, the county admin anywhere in the county', () => {
    const townCadre = [{ role: 'town-cadre', unitId: 't1' }];
    expect(canIssueOver(townCadre, [village, grid])).toBe(true);
    expect(canIssueOver(townCadre, [village, otherVillage])).toBe(false);
    expect(canIssueOver([{ role: 'county-admin', unitId: 'c' }], [village, otherVillage])).toBe(true);
    expect(canIssueOver([{ role: 'village-cadre', unitId: 'v1' }], [village])).toBe(false);
    expect(canIssueOver(townCadre, [])).toBe(false);
  });

  it('knows which homes lie in the area and the places an alert lies inside', () => {
    expect(inArea(['v1'], ['c', 't1', 'v1', 'g9'])).toBe(true);
    expect(inArea(['g1'], ['c', 't1', 'v1', 'g2'])).toBe(false);
    expect(placesOf([grid, otherVillage]).sort()).toEqual(['g1', 't1', 't2', 'v1', 'v2']);
  });
});

describe('alert timing and escalation', () => {
  const base: EscalationState = {
    status: 'active',
    expiresAt: '2026-12-08T00:00:00.000Z',
    ackDueAt: '2026-12-07T02:00:00.000Z',
    townAfterMinutes: 30,
    escalated: 0,
  };

  it('refuses an acknowledgement deadline after the expiry', () => {
    expect(timingIssue(120, 1)).not.toBeNull();
    expect(timingIssue(60, 1)).toBeNull();
  });

  it('escalates to the village at the deadline, to the town after the further wait, then never again', () => {
    expect(nextEscalationAt(base)).toBe('2026-12-07T02:00:00.000Z');
    expect(escalationDue(base, '2026-12-07T01:59:00.000Z')).toBeNull();
    expect(escalationDue(base, '2026-12-07T02:00:00.000Z')).toBe(1);
    expect(nextEscalationAt({ ...base, escalated: 1 })).toBe('2026-12-07T02:30:00.000Z');
    expect(escalationDue({ ...base, escalated: 1 }, '2026-12-07T02:31:00.000Z')).toBe(2);
    expect(nextEscalationAt({ ...base, escalated: 2 })).toBeNull();
  });

  it('does not escalate an ended or expired alert', () => {
    expect(escalationDue({ ...base, status: 'ended' }, '2026-12-07T03:00:00.000Z')).toBeNull();
    expect(escalationDue(base, '2026-12-08T01:00:00.000Z')).toBeNull();
    expect(nextEscalationAt({ ...base, expiresAt: '2026-12-07T01:00:00.000Z' })).toBeNull();
    expect(isInForce(base, '2026-12-07T03:00:00.000Z')).toBe(true);
    expect(isInForce(base, '2026-12-08T00:00:00.000Z')).toBe(false);
  });

  it('groups grids not acknowledged by village (level 1) and by town (level 2)', () => {
    const grids = [grid, { _id: 'g2', path: ['c', 't1', 'v1', 'g2'] }, { _id: 'g3', path: ['c', 't1', 'v3', 'g3'] }];
    expect([...escalationTargets(grids, new Set(['g1']), 1)]).toEqual([
      ['v1', ['g2']],
      ['v3', ['g3']],
    ]);
    expect([...escalationTargets(grids, new Set(['g1']), 2)]).toEqual([['t1', ['g2', 'g3']]]);
    expect(escalationTargets(grids, new Set(['g1', 'g2', 'g3']), 1).size).toBe(0);
  });
});

describe('acknowledgement', () => {
  it('refuses more households than the grid has and people from another grid', () => {
    const g = { households: 8, careIds: new Set(['a', 'b']) };
    expect(ackIssues({ householdsReached: 8, careReachedIds: ['a'] }, g)).toEqual([]);
    expect(ackIssues({ householdsReached: 9, careReachedIds: [] }, g).map((i) => i.path)).toEqual(['householdsReached']);
    expect(ackIssues({ householdsReached: 1, careReachedIds: ['z'] }, g).map((i) => i.path)).toEqual(['careReachedIds']);
  });

  it('sums the leaders’ households and unites the people they reached', () => {
    const r = gridReach(
      [
        { householdsReached: 3, careReachedIds: ['a'] },
        { householdsReached: 4, careReachedIds: ['a', 'b'] },
      ],
      ['a', 'b', 'c'],
    );
    expect(r).toEqual({ householdsReached: 7, careReached: 2, careNotReached: ['c'] });
  });
});
