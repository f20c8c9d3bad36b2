import {
  isApprover,
  isOverseer,
  isRater,
  livesIn,
  mayConfigure,
  mayReleaseCadreText,
  mayReleaseObjection,
  ownsHousehold,
  pointsActorOf,
  pointsViewer,
  releasableFields,
  seesHeldObjection,
  type PointsActor,
} from '../../../../shared/domain/points-access';
import type { ModeratedObjection } from '../../../../shared/domain/points-moderation';
import type { UserRecord } from '../../../../shared/domain/records';

const village = { _id: 'v-fengfang', path: ['qianyang', 't-chengguan', 'v-fengfang'] };
const county = { _id: 'qianyang', kind: 'county' as const, path: ['qianyang'] };
const fengfang = { ...village, kind: 'village' as const };

const actor = (id: string, grants: PointsActor['grants'] = [], over: Partial<PointsActor> = {}): PointsActor => ({
  id,
  grants,
  homeUnitId: null,
  householdId: null,
  ...over,
});
const resident = actor('r', [], { homeUnitId: 'v-fengfang', householdId: 'h-fengfang-1-02' });
const neighbour = actor('n', [], { homeUnitId: 'v-xijie', householdId: 'h-xijie-1-01' });
const villageCadre = actor('vc', [{ role: 'village-cadre', unitId: 'v-fengfang' }]);
const otherVillageCadre = actor('ovc', [{ role: 'village-cadre', unitId: 'v-xijie' }]);
const townCadre = actor('tc', [{ role: 'town-cadre', unitId: 't-chengguan' }]);
const countyAdmin = actor('ca', [{ role: 'county-admin', unitId: 'qianyang' }]);
const gridLeader = actor('gl', [{ role: 'grid-leader', unitId: 'g-fengfang-1' }]);

describe('pointsActorOf', () => {
  const user = (residence: UserRecord['residence']) => ({ _id: 'u', roles: [], residence });

  it('counts a household as the person’s own only once the village has confirmed it', () => {
    const r = { unitId: 'v-fengfang', gridId: 'g-fengfang-1', householdId: 'h-1', path: village.path };
    expect(pointsActorOf(user({ ...r, householdConfirmed: true })).householdId).toBe('h-1');
    expect(pointsActorOf(user({ ...r, householdConfirmed: false })).householdId).toBeNull();
    expect(pointsActorOf(user({ ...r, householdId: null, householdConfirmed: true })).householdId).toBeNull();
  });

  it('places a person without a residence in no village and no household', () => {
    expect(pointsActorOf(user(null))).toEqual({ id: 'u', grants: [], homeUnitId: null, householdId: null });
  });
});

describe('who rates a village', () => {
  it('lets only the village’s own cadres rate, not the cadres above it or of another village', () => {
    expect(isRater(villageCadre, village)).toBe(true);
    for (const a of [townCadre, countyAdmin, otherVillageCadre, gridLeader, resident]) expect(isRater(a, village)).toBe(false);
  });
});

describe('who reads every household’s points', () => {
  it('lets the village’s cadres and the town and county above it oversee, and no resident or grid leader', () => {
    for (const a of [villageCadre, townCadre, countyAdmin]) expect(isOverseer(a, village)).toBe(true);
    for (const a of [otherVillageCadre, gridLeader, resident]) expect(isOverseer(a, village)).toBe(false);
  });

  it('lets a resident read their own village and their own household', () => {
    expect(livesIn(resident, village)).toBe(true);
    expect(livesIn(neighbour, village)).toBe(false);
    expect(ownsHousehold(resident, 'h-fengfang-1-02')).toBe(true);
    expect(ownsHousehold(resident, 'h-fengfang-1-03')).toBe(false);
  });

  it('shows held cadre text to the overseers as to cadres, and to a resident only as its author', () => {
    expect(pointsViewer(townCadre, village)).toEqual({ id: 'tc', isCadre: true });
    expect(pointsViewer(resident, village)).toEqual({ id: 'r', isCadre: false });
  });
});

describe('who approves a correction after finalisation', () => {
  it('lets village and town cadres over the village approve, but not the county', () => {
    expect(isApprover(villageCadre, village)).toBe(true);
    expect(isApprover(townCadre, village)).toBe(true);
    expect(isApprover(countyAdmin, village)).toBe(false);
    expect(isApprover(otherVillageCadre, village)).toBe(false);
  });
});

describe('who sets the indicators', () => {
  it('lets the county admin set the county default and a village’s own cadres adjust the village’s', () => {
    expect(mayConfigure(countyAdmin, county)).toBe(true);
    expect(mayConfigure(villageCadre, county)).toBe(false);
    expect(mayConfigure(villageCadre, fengfang)).toBe(true);
    expect(mayConfigure(townCadre, fengfang)).toBe(false);
    expect(mayConfigure(countyAdmin, fengfang)).toBe(false);
  });
});

describe('who releases held text', () => {
  const objection = (held: { field: string; authorId: string }[]): ModeratedObjection =>
    ({
      householdId: 'h-fengfang-1-02',
      moderation: { held: held.map((h) => ({ ...h, reason: '疑似违规' })) },
    }) as unknown as ModeratedObjection;

  it('lets only the village cadres who decide objections release a household’s held reason', () => {
    expect(mayReleaseObjection(villageCadre, village)).toBe(true);
    expect(mayReleaseObjection(townCadre, village)).toBe(false);
    expect(mayReleaseObjection(otherVillageCadre, village)).toBe(false);
  });

  it('shows a held objection reason to the household and the village cadres only', () => {
    const o = objection([{ field: 'reason', authorId: 'r' }]);
    expect(seesHeldObjection(resident, o, village)).toBe(true);
    expect(seesHeldObjection(villageCadre, o, village)).toBe(true);
    expect(seesHeldObjection(townCadre, o, village)).toBe(false);
    expect(seesHeldObjection(neighbour, o, village)).toBe(false);
  });

  it('never lets a cadre release what they wrote themselves', () => {
    expect(mayReleaseCadreText(villageCadre, village, 'vc')).toBe(false);
    expect(mayReleaseCadreText(villageCadre, village, 'another-cadre')).toBe(true);
    expect(mayReleaseCadreText(townCadre, village, 'vc')).toBe(true);
  });

  it('lists the held fields of an objection this cadre may release: the household’s reason, and decisions by others', () => {
    const o = objection([
      { field: 'reason', authorId: 'r' },
      { field: 'decisionReason', authorId: 'vc' },
    ]);
    expect(releasableFields(o, villageCadre, village).map((h) => h.field)).toEqual(['reason']);
    expect(releasableFields(o, townCadre, village).map((h) => h.field)).toEqual(['decisionReason']);
    expect(releasableFields(o, resident, village)).toEqual([]);
  });
});
