import { allowedOrderActions, canSeeOrder, checkOrderAction, DEFAULT_ROUTE, fixedOnTime, routeReport, type OrderFacts, type SanitationRoutingRule } from '../../../../shared/domain/sanitation-report';

const rules: SanitationRoutingRule[] = [
  { id: 'plant', when: { facilityKinds: ['treatment-plant'] }, level: 'county', deadlineHours: 48, reason: '县处理场' },
  { id: 'sewage', when: { facilityKinds: ['sewage-facility'], categories: ['broken', 'sewage-leak'] }, level: 'town', deadlineHours: 72, reason: '镇统一维修' },
  { id: 'overflow', when: { categories: ['overflow'] }, level: 'village', deadlineHours: 24, reason: '当天清运' },
];

const path = ['qianyang', 't-chengguan', 'v-fengfang'];
const order = (o: Partial<OrderFacts> = {}): OrderFacts => ({ status: 'open', level: 'village', handlerUnitId: 'v-fengfang', handlerId: null, reporterIds: ['r1'], path, ...o });
const cadre = { id: 'c1', grants: [{ role: 'village-cadre', unitId: 'v-fengfang' }] };
const townCadre = { id: 't1', grants: [{ role: 'town-cadre', unitId: 't-chengguan' }] };
const county = { id: 'a1', grants: [{ role: 'county-admin', unitId: 'qianyang' }] };
const reporter = { id: 'r1', grants: [] };

describe('随手拍 routing', () => {
  it('takes the first rule whose conditions all hold, in the county order', () => {
    expect(routeReport({ category: 'broken', facilityKind: 'treatment-plant' }, rules)).toMatchObject({ level: 'county', ruleId: 'plant' });
    expect(routeReport({ category: 'sewage-leak', facilityKind: 'sewage-facility' }, rules)).toMatchObject({ level: 'town', deadlineHours: 72 });
    expect(routeReport({ category: 'overflow', facilityKind: 'sewage-facility' }, rules)).toMatchObject({ level: 'village', ruleId: 'overflow' });
    expect(routeReport({ category: 'overflow', facilityKind: null }, rules)).toMatchObject({ ruleId: 'overflow' });
  });

  it('a rule that names facility kinds never matches a report without a facility; no rule means the village', () => {
    expect(routeReport({ category: 'broken', facilityKind: null }, rules)).toEqual(DEFAULT_ROUTE);
    expect(routeReport({ category: 'dumping', facilityKind: null }, [])).toEqual(DEFAULT_ROUTE);
  });
});

describe('work order steps', () => {
  it('the handler of the level accepts and fixes; a county admin may step in; others may not', () => {
    expect(checkOrderAction(order(), 'accept', cadre)).toBe('ok');
    expect(checkOrderAction(order(), 'accept', townCadre)).toBe('forbidden');
    expect(checkOrderAction(order(), 'accept', county)).toBe('ok');
    expect(checkOrderAction(order({ level: 'town', handlerUnitId: 't-chengguan' }), 'accept', townCadre)).toBe('ok');
    expect(checkOrderAction(order({ level: 'town', handlerUnitId: 't-chengguan' }), 'accept', cadre)).toBe('forbidden');
    expect(checkOrderAction(order({ status: 'accepted' }), 'accept', cadre)).toBe('state');
    expect(checkOrderAction(order(), 'fix', cadre)).toBe('state');
  });

  it('only a reporter confirms or reopens, and only a fixed order', () => {
    expect(allowedOrderActions(order({ status: 'fixed' }), reporter)).toEqual(['confirm', 'reopen']);
    expect(checkOrderAction(order({ status: 'fixed' }), 'confirm', cadre)).toBe('forbidden');
    expect(checkOrderAction(order({ status: 'accepted' }), 'reopen', reporter)).toBe('state');
    expect(allowedOrderActions(order({ status: 'closed' }), reporter)).toEqual([]);
  });

  it('fixed on time means no later than the deadline', () => {
    expect(fixedOnTime('2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z')).toBe(true);
    expect(fixedOnTime('2026-11-01T10:00:01Z', '2026-11-01T10:00:00Z')).toBe(false);
  });

  it('the village reads an order only once it is public; reporters and cadres always', () => {
    const neighbour = { id: 'n1', grants: [], villageId: 'v-fengfang' };
    const outsider = { id: 'x1', grants: [], villageId: 'v-xijie' };
    expect(canSeeOrder(order(), neighbour, 'v-fengfang', true)).toBe(true);
    expect(canSeeOrder(order(), neighbour, 'v-fengfang', false)).toBe(false);
    expect(canSeeOrder(order(), outsider, 'v-fengfang', true)).toBe(false);
    expect(canSeeOrder(order(), { ...reporter, villageId: 'v-fengfang' }, 'v-fengfang', false)).toBe(true);
    expect(canSeeOrder(order(), { ...cadre, villageId: null }, 'v-fengfang', false)).toBe(true);
  });
});
