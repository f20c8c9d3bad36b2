import { canKeepFacility, canMoveStatus, canReadLedger, collectionDueAt, modeProblem, nextStatuses } from '../../../../shared/domain/sanitation-facility';

const village = ['qianyang', 't-chengguan', 'v-fengfang'];

describe('sanitation facilities', () => {
  it('moves status only along the allowed steps; retired is final', () => {
    expect(canMoveStatus('in-service', 'faulty')).toBe(true);
    expect(canMoveStatus('faulty', 'under-repair')).toBe(true);
    expect(canMoveStatus('under-repair', 'in-service')).toBe(true);
    expect(canMoveStatus('in-service', 'in-service')).toBe(false);
    expect(canMoveStatus('retired', 'in-service')).toBe(false);
    expect(nextStatuses('retired')).toEqual([]);
  });

  it('asks for a sewage mode exactly on sewage facilities; an oxidation pond is its own mode', () => {
    expect(modeProblem('sewage-facility', null)).not.toBeNull();
    expect(modeProblem('sewage-facility', 'wetland')).toBeNull();
    expect(modeProblem('collection-point', 'wetland')).not.toBeNull();
    expect(modeProblem('oxidation-pond', null)).toBeNull();
    expect(modeProblem('oxidation-pond', 'integrated')).not.toBeNull();
  });

  it('a village cadre keeps their own village, a town cadre every village of the town, a supervisor only reads', () => {
    expect(canKeepFacility([{ role: 'village-cadre', unitId: 'v-fengfang' }], village)).toBe(true);
    expect(canKeepFacility([{ role: 'village-cadre', unitId: 'v-xijie' }], village)).toBe(false);
    expect(canKeepFacility([{ role: 'town-cadre', unitId: 't-chengguan' }], village)).toBe(true);
    expect(canKeepFacility([{ role: 'supervisor', unitId: 'v-fengfang' }], village)).toBe(false);
    expect(canReadLedger([{ role: 'supervisor', unitId: 'v-fengfang' }], village)).toBe(true);
    expect(canKeepFacility([{ role: 'party-member', unitId: 'v-fengfang' }], village)).toBe(false);
  });

  it('a collection point is due its interval after the last collection (or after it was registered)', () => {
    expect(collectionDueAt('2026-11-01T00:00:00.000Z', 3, '2026-01-01T00:00:00.000Z')).toBe('2026-11-04T00:00:00.000Z');
    expect(collectionDueAt(null, 2, '2026-11-01T00:00:00.000Z')).toBe('2026-11-03T00:00:00.000Z');
  });
});
