import { covers, holdsRoleOver } from '../../../../shared/domain/jurisdiction';

describe('jurisdiction', () => {
  const casePath = ['qianyang', 't-nanzhai', 'v-nanzhai', 'g-nanzhai-1'];

  it('lets a role at a unit cover everything below it and nothing beside it', () => {
    expect(covers({ role: 'town-cadre', unitId: 't-nanzhai' }, casePath)).toBe(true);
    expect(covers({ role: 'town-cadre', unitId: 't-cuijiatou' }, casePath)).toBe(false);
    expect(covers({ role: 'county-admin', unitId: 'qianyang' }, casePath)).toBe(true);
  });

  it('matches by role code as well as by unit', () => {
    const grants = [{ role: 'party-member', unitId: 'v-nanzhai' }];
    expect(holdsRoleOver(grants, ['party-member'], casePath)).toBe(true);
    expect(holdsRoleOver(grants, ['village-cadre'], casePath)).toBe(false);
  });
});
