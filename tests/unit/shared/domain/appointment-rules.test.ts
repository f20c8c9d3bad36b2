import {
  APPOINTABLE_ROLES,
  appointableRolesAt,
  checkAppointment,
  checkInvitationUse,
  checkLastCountyAdmin,
  checkRemoval,
  checkUnitChange,
  describeOpenWork,
  strandedByRemoval,
  type AdminActor,
  type UnitFacts,
} from '../../../../shared/domain/appointment-rules';

const county: UnitFacts = { id: 'qy', kind: 'county', path: ['qy'], retired: false };
const town: UnitFacts = { id: 't1', kind: 'town', path: ['qy', 't1'], retired: false };
const otherTown: UnitFacts = { id: 't2', kind: 'town', path: ['qy', 't2'], retired: false };
const village: UnitFacts = { id: 'v1', kind: 'village', path: ['qy', 't1', 'v1'], retired: false };
const community: UnitFacts = { id: 'c1', kind: 'community', path: ['qy', 't1', 'c1'], retired: false };
const grid: UnitFacts = { id: 'g1', kind: 'grid', path: ['qy', 't1', 'v1', 'g1'], retired: false };
const farVillage: UnitFacts = { id: 'v9', kind: 'village', path: ['qy', 't2', 'v9'], retired: false };
const retiredVillage: UnitFacts = { ...village, id: 'v0', path: ['qy', 't1', 'v0'], retired: true };

const countyAdmin: AdminActor = { id: 'a', grants: [{ role: 'county-admin', unitId: 'qy' }] };
const townCadre: AdminActor = { id: 't', grants: [{ role: 'town-cadre', unitId: 't1' }] };
const villageCadre: AdminActor = { id: 'c', grants: [{ role: 'village-cadre', unitId: 'v1' }] };
const resident: AdminActor = { id: 'r', grants: [] };

describe('checkAppointment', () => {
  it('lets a county admin appoint every role anywhere in the county, at the kind of unit the role sits at', () => {
    expect(checkAppointment('village-cadre', farVillage, countyAdmin)).toBe('ok');
    expect(checkAppointment('town-cadre', otherTown, countyAdmin)).toBe('ok');
    expect(checkAppointment('grid-leader', grid, countyAdmin)).toBe('ok');
    expect(checkAppointment('police', community, countyAdmin)).toBe('ok');
    expect(checkAppointment('mediator', town, countyAdmin)).toBe('ok');
    expect(checkAppointment('supervisor', village, countyAdmin)).toBe('ok');
    expect(checkAppointment('county-admin', county, countyAdmin)).toBe('ok');
  });

  it('lets a town cadre appoint the roles below theirs inside their own town only', () => {
    expect(checkAppointment('village-cadre', village, townCadre)).toBe('ok');
    expect(checkAppointment('grid-leader', grid, townCadre)).toBe('ok');
    expect(checkAppointment('police', community, townCadre)).toBe('ok');
    expect(checkAppointment('mediator', town, townCadre)).toBe('ok');
    expect(checkAppointment('village-cadre', farVillage, townCadre)).toBe('forbidden');
  });

  it('keeps town cadres and county admins for the county admin to appoint', () => {
    expect(checkAppointment('town-cadre', town, townCadre)).toBe('forbidden');
    expect(checkAppointment('county-admin', county, townCadre)).toBe('forbidden');
  });

  it('refuses village cadres and residents, who administer nobody', () => {
    expect(checkAppointment('grid-leader', grid, villageCadre)).toBe('forbidden');
    expect(checkAppointment('village-cadre', village, resident)).toBe('forbidden');
  });

  it('calls a role at the wrong kind of unit invalid input', () => {
    expect(checkAppointment('grid-leader', village, countyAdmin)).toBe('invalid');
    expect(checkAppointment('town-cadre', village, countyAdmin)).toBe('invalid');
    expect(checkAppointment('county-admin', town, countyAdmin)).toBe('invalid');
    expect(checkAppointment('police', grid, countyAdmin)).toBe('invalid');
  });

  it('never appoints a party member: they come by 双报到', () => {
    expect(checkAppointment('party-member', community, countyAdmin)).toBe('invalid');
  });

  it('answers conflict for a retired unit', () => {
    expect(checkAppointment('village-cadre', retiredVillage, countyAdmin)).toBe('conflict');
  });
});

describe('checkRemoval', () => {
  it('follows the same jurisdiction and removes party members too', () => {
    expect(checkRemoval('party-member', community, townCadre)).toBe('ok');
    expect(checkRemoval('village-cadre', farVillage, townCadre)).toBe('forbidden');
    expect(checkRemoval('town-cadre', town, townCadre)).toBe('forbidden');
  });

  it('still removes holders at a retired unit', () => {
    expect(checkRemoval('village-cadre', retiredVillage, countyAdmin)).toBe('ok');
  });
});

describe('appointableRolesAt', () => {
  it('offers a town cadre the village roles at a village, and a county admin the county admin at the county', () => {
    expect(appointableRolesAt(village, townCadre)).toEqual(['village-cadre', 'police', 'mediator', 'supervisor']);
    expect(appointableRolesAt(county, countyAdmin)).toEqual(['mediator', 'supervisor', 'county-admin']);
    expect(appointableRolesAt(grid, resident)).toEqual([]);
  });

  it('lists only roles the contract knows', () => {
    for (const r of appointableRolesAt(town, countyAdmin)) expect(APPOINTABLE_ROLES).toContain(r);
  });
});

describe('checkUnitChange', () => {
  it('lets a town cadre add villages, communities and grids inside the town, but not towns', () => {
    expect(checkUnitChange('add', town, townCadre, 'village')).toBe('ok');
    expect(checkUnitChange('add', town, townCadre, 'community')).toBe('ok');
    expect(checkUnitChange('add', village, townCadre, 'grid')).toBe('ok');
    expect(checkUnitChange('add', county, townCadre, 'town')).toBe('forbidden');
    expect(checkUnitChange('add', county, countyAdmin, 'town')).toBe('ok');
  });

  it('keeps the tree in its shape: a grid under a village, a village under a town', () => {
    expect(checkUnitChange('add', town, countyAdmin, 'grid')).toBe('invalid');
    expect(checkUnitChange('add', grid, countyAdmin, 'grid')).toBe('invalid');
  });

  it('renames and retires villages and grids in the jurisdiction, and never retires a town or the county here', () => {
    expect(checkUnitChange('rename', village, townCadre)).toBe('ok');
    expect(checkUnitChange('retire', grid, townCadre)).toBe('ok');
    expect(checkUnitChange('retire', farVillage, townCadre)).toBe('forbidden');
    expect(checkUnitChange('retire', town, countyAdmin)).toBe('invalid');
    expect(checkUnitChange('retire', county, countyAdmin)).toBe('invalid');
    expect(checkUnitChange('rename', town, townCadre)).toBe('forbidden');
    expect(checkUnitChange('rename', town, countyAdmin)).toBe('ok');
  });

  it('moves only grids, and nothing at a retired unit', () => {
    expect(checkUnitChange('move', grid, townCadre)).toBe('ok');
    expect(checkUnitChange('move', village, countyAdmin)).toBe('invalid');
    expect(checkUnitChange('add', retiredVillage, countyAdmin, 'grid')).toBe('conflict');
    expect(checkUnitChange('retire', retiredVillage, countyAdmin)).toBe('conflict');
  });
});

describe('hand-over on removal', () => {
  const claimed = [{ kind: 'wish' as const, id: 'w1', title: '帮忙买菜' }];
  const waiting = [{ kind: 'case' as const, id: 'k1', title: '冯坊村邻里纠纷' }];

  it('always lists work in the person’s own name', () => {
    expect(strandedByRemoval(claimed, waiting, 2)).toEqual(claimed);
  });

  it('lists work that waits on the role only when the person is its last holder there', () => {
    expect(strandedByRemoval(claimed, waiting, 0)).toEqual([...claimed, ...waiting]);
    expect(strandedByRemoval([], waiting, 1)).toEqual([]);
  });

  it('words the list in Chinese with what each piece is', () => {
    expect(describeOpenWork([...claimed, ...waiting])).toBe(
      '这位同志还有未交接的工作：认领中的心愿「帮忙买菜」、正在办理的矛盾纠纷「冯坊村邻里纠纷」。请先交接，或选择一位接替的人一并交接。',
    );
  });

  it('never removes the last county admin', () => {
    expect(checkLastCountyAdmin('county-admin', 0)).toBe('conflict');
    expect(checkLastCountyAdmin('county-admin', 1)).toBe('ok');
    expect(checkLastCountyAdmin('village-cadre', 0)).toBe('ok');
  });
});

describe('checkInvitationUse', () => {
  const now = '2026-12-02T00:00:00.000Z';
  it('lets an open invitation be used until it expires, and only once', () => {
    expect(checkInvitationUse({ status: 'open', expiresAt: '2026-12-09T00:00:00.000Z' }, now)).toBe('ok');
    expect(checkInvitationUse({ status: 'open', expiresAt: now }, now)).toBe('expired');
    expect(checkInvitationUse({ status: 'used', expiresAt: '2026-12-09T00:00:00.000Z' }, now)).toBe('used');
    expect(checkInvitationUse({ status: 'revoked', expiresAt: '2026-12-09T00:00:00.000Z' }, now)).toBe('revoked');
  });
});
