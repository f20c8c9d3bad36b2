import { chinaDate, chinaMonth } from '../shared/domain/china-time';
import { OPEN_STATUSES, type CaseStatus } from '../shared/domain/case-state';
import type { LocalEngine } from '../local/engine';
import { ejsonStringify } from '../local/engine/query';
import { COLLECTIONS } from '../cloudfunctions/_lib/collections';
import { DAY_MS } from '../cloudfunctions/_lib/clock';

/**
 * A county-scale data set (issue 13) grown on top of the demo county in the local engine: Qianyang's
 * seven towns filled out to 80 villages and communities with 600 grids, and at `scale` 1 98,000 residents
 * in 30,000 households, 20,000 dispute cases over two years, the power list's tallies in every village,
 * a year of points, a month of police bookings (2,000 of them tomorrow) and reminder talks. The
 * structure is always full size (it is small); the people and their records scale, so the scale test
 * runs at 1/20 and `npm run bench` at 1. Deterministic for a seed; written straight into SQLite
 * (raw inserts, cloned from the demo's own records so every shape is the product's), never committed.
 */
export interface CountySize {
  villages: number;
  grids: number;
  households: number;
  residents: number;
  cases: number;
  bookings: number;
  bookingsTomorrow: number;
  talks: number;
}

export const FULL_COUNTY: CountySize = {
  villages: 80,
  grids: 600,
  households: 30_000,
  residents: 98_000,
  cases: 20_000,
  bookings: 6_000,
  bookingsTomorrow: 2_000,
  talks: 3_000,
};

export function sizeAt(scale: number): CountySize {
  const s = (n: number) => Math.max(1, Math.round(n * scale));
  return {
    villages: FULL_COUNTY.villages,
    grids: FULL_COUNTY.grids,
    households: s(FULL_COUNTY.households),
    residents: s(FULL_COUNTY.residents),
    cases: s(FULL_COUNTY.cases),
    bookings: s(FULL_COUNTY.bookings),
    bookingsTomorrow: s(FULL_COUNTY.bookingsTomorrow),
    talks: s(FULL_COUNTY.talks),
  };
}

/** Who to act as and where: ids of generated people and places the test and bench sign in as. */
export interface GrownCounty {
  size: CountySize;
  countyId: string;
  villages: string[];
  /** Per generated village: its cadre, supervisor and two residents (openids for loginOpenid). */
  people: {
    villageId: string;
    cadre: string;
    supervisor: string;
    resident: string;
    neighbour: string;
    gridLeader: string;
    /** A resident who reported none of the generated cases: one who may close the account (注销账号) at once. */
    leaver: string;
  }[];
  months: string[];
  seconds: number;
}

type Doc = Record<string, unknown> & { _id: string };

/** mulberry32: a small deterministic generator (the same seed gives the same county). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A deep copy with every ISO timestamp moved by `deltaMs` (a record cloned to another time). */
function shifted<T>(v: T, deltaMs: number): T {
  if (typeof v === 'string') return (ISO.test(v) ? new Date(Date.parse(v) + deltaMs).toISOString() : v) as T;
  if (Array.isArray(v)) return v.map((x) => shifted(x, deltaMs)) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shifted(x, deltaMs)])) as T;
  return v;
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '秀英建军桂兰海燕志强玉梅国华淑芬小军金山凤英文明红霞德福';

export async function growCounty(engine: LocalEngine, scale: number, seed = 13): Promise<GrownCounty> {
  const started = Date.now();
  const size = sizeAt(scale);
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const store = engine.store;
  const read = (collection: string, sql = ''): Doc[] => {
    const table = (store as unknown as { table(c: string): string }).table(collection);
    return (store.db.prepare(`SELECT body FROM ${table} ${sql}`).all() as { body: string }[]).map((r) => JSON.parse(r.body) as Doc);
  };
  const write = (collection: string, docs: Doc[]) => {
    store.ensureCollection(collection);
    store.transaction(() => {
      for (const d of docs) store.insert(collection, d._id, d, ejsonStringify(d));
    });
  };
  const name = () => `${pick([...SURNAMES])}${pick([...GIVEN.match(/../g)!])}`;

  const units = read(COLLECTIONS.orgUnits.name) as unknown as { _id: string; kind: string; parentId: string | null; path: string[]; name: string }[];
  const county = units.find((u) => u.kind === 'county')!;
  const towns = units.filter((u) => u.kind === 'town');
  const demoVillages = units.filter((u) => u.kind === 'village' || u.kind === 'community');
  const demoGrids = units.filter((u) => u.kind === 'grid');

  // Places: villages up to 80, grids up to 600, a police home with the demo's services in each new village.
  const homeTemplate = read(COLLECTIONS.policeHomes.name, `WHERE _id = 'ph-v-fengfang'`)[0]!;
  const serviceTemplates = read(COLLECTIONS.policeServices.name, `WHERE json_extract(body, '$.homeId') = 'ph-v-fengfang'`);
  const newVillages: Doc[] = [];
  const newGrids: Doc[] = [];
  const homes: Doc[] = [];
  const services: Doc[] = [];
  const nNew = size.villages - demoVillages.length;
  const gridsPer = (size.grids - demoGrids.length) / nNew;
  for (let i = 0; i < nNew; i++) {
    const town = towns[i % towns.length]!;
    const id = `v-gen-${String(i + 1).padStart(2, '0')}`;
    const vname = `${name().slice(0, 1)}家${['村', '庄', '沟', '塬'][i % 4]}${i + 1}`;
    const path = [county._id, town._id, id];
    newVillages.push({ _id: id, kind: 'village', name: vname, parentId: town._id, path, resettlement: false });
    const nGrids = Math.round(gridsPer * (i + 1)) - Math.round(gridsPer * i);
    for (let g = 1; g <= nGrids; g++) {
      const gid = `g-gen-${i + 1}-${g}`;
      newGrids.push({ _id: gid, kind: 'grid', name: `第${g}网格`, parentId: id, path: [...path, gid], partyGroupName: `${vname}第${g}网格党小组`, partyGroupMemberIds: [] });
    }
    const homeId = `ph-${id}`;
    homes.push({ ...homeTemplate, _id: homeId, unitId: id, unitName: vname, path, name: `${vname}新时代警民之家`, officers: [] });
    for (const s of serviceTemplates) services.push({ ...s, _id: `${s._id.replace('v-fengfang', id)}`, homeId, unitId: id, path });
  }
  write(COLLECTIONS.orgUnits.name, [...newVillages, ...newGrids]);
  write(COLLECTIONS.policeHomes.name, homes);
  write(COLLECTIONS.policeServices.name, services);

  const allVillages = [...demoVillages.map((v) => ({ _id: v._id, path: v.path, name: v.name })), ...newVillages.map((v) => ({ _id: v._id, path: v.path as string[], name: v.name as string }))];
  const gridsOf = new Map<string, string[]>();
  for (const g of [...demoGrids, ...(newGrids as unknown as typeof demoGrids)]) gridsOf.set(g.parentId!, [...(gridsOf.get(g.parentId!) ?? []), g._id]);

  // Households and residents, spread over every village and grid.
  const now = Date.now();
  const households: Doc[] = [];
  for (let i = 0; i < size.households; i++) {
    const v = allVillages[i % allVillages.length]!;
    const grid = pick(gridsOf.get(v._id)!);
    households.push({ _id: `h-gen-${i}`, unitId: v._id, gridId: grid, path: [...v.path, grid], headName: name(), address: `${v.name}${(i % 30) + 1}组${i}号`, resettled: rand() < 0.04 });
  }
  write(COLLECTIONS.households.name, households);
  const users: Doc[] = [];
  const person = (id: string, persona: string, roles: { role: string; unitId: string }[], h: Doc | null): Doc => ({
    _id: id,
    openid: `gen-${id}`,
    name: name(),
    persona,
    roles,
    roleKeys: roles.map((r) => `${r.role}@${r.unitId}`),
    residence: h ? { unitId: h.unitId, gridId: h.gridId, householdId: h._id, householdConfirmed: true, path: h.path } : null,
    resettled: Boolean(h?.resettled),
    birthYear: 1940 + Math.floor(rand() * 65),
    phoneMasked: null,
    demo: false,
    createdAt: new Date(now - Math.floor(rand() * 700) * DAY_MS).toISOString(),
  });
  for (let i = 0; i < size.residents; i++) users.push(person(`u-gen-${i}`, 'resident', [], households[i % households.length]!));
  const people: GrownCounty['people'] = [];
  for (const v of newVillages) {
    const h = households.find((x) => x.unitId === v._id) ?? null;
    const grid = gridsOf.get(v._id)![0]!;
    const ids = { cadre: `cadre-${v._id}`, supervisor: `sup-${v._id}`, gridLeader: `gl-${grid}` };
    users.push(person(ids.cadre, 'village-cadre', [{ role: 'village-cadre', unitId: v._id }], h));
    users.push(person(`cadre2-${v._id}`, 'village-cadre', [{ role: 'village-cadre', unitId: v._id }], h));
    users.push(person(ids.supervisor, 'supervisor', [{ role: 'supervisor', unitId: v._id }], h));
    for (const g of gridsOf.get(v._id)!) users.push(person(`gl-${g}`, 'grid-leader', [{ role: 'grid-leader', unitId: g }], h));
    const residents = users.filter((u) => (u.residence as { unitId: string } | null)?.unitId === v._id && u.persona === 'resident');
    const [resident, neighbour] = residents;
    // Case reporters are u-gen-0 … u-gen-(cases − 1) (below).
    const leaver = residents.slice(2).reverse().find((u) => Number(String(u._id).slice('u-gen-'.length)) >= size.cases) ?? neighbour;
    const openidOf = (u: Doc | undefined) => (u ? String(u.openid) : `gen-${ids.cadre}`);
    people.push({ villageId: v._id as string, cadre: `gen-${ids.cadre}`, supervisor: `gen-${ids.supervisor}`, gridLeader: `gen-${ids.gridLeader}`, resident: openidOf(resident), neighbour: openidOf(neighbour), leaver: openidOf(leaver) });
  }
  for (let i = 0; i < users.length; i += 5000) write(COLLECTIONS.users.name, users.slice(i, i + 5000));

  // Cases over two years, cloned from the demo's (every status and sheet the product writes).
  const caseTemplates = read(COLLECTIONS.cases.name);
  const cases: Doc[] = [];
  for (let i = 0; i < size.cases; i++) {
    const tpl = pick(caseTemplates);
    const h = pick(households);
    const days = OPEN_STATUSES.includes(tpl.status as CaseStatus) ? rand() * 20 : 1 + rand() * 729;
    const at = now - days * DAY_MS;
    const c = shifted(tpl, at - Date.parse(String(tpl.createdAt)));
    const [countyId, townId, villageId, gridId] = h.path as string[];
    cases.push({
      ...c,
      _id: `cs-gen-${i}`,
      countyId,
      townId,
      villageId,
      gridId,
      path: h.path,
      partiesKey: `gen-${i}`,
      previousCaseIds: [],
      repeat: false,
      reporterId: `u-gen-${i % size.residents}`,
      requestId: null,
      month: chinaMonth(new Date(at)),
      committeeId: c.level === 'village' ? villageId : c.level === 'town' ? townId : countyId,
    });
  }
  for (let i = 0; i < cases.length; i += 2000) write(COLLECTIONS.cases.name, cases.slice(i, i + 2000));

  // The power list's tallies in every village: one row per village per item (the county figure sums them).
  const items = read(COLLECTIONS.powerItems.name, `WHERE json_extract(body, '$.scope') = 'county'`);
  const stats: Doc[] = [];
  for (const v of newVillages) {
    for (const it of items) {
      const done = Math.floor(rand() * 20);
      stats.push({ _id: `${v._id}_${it.code}`, villageId: v._id, countyId: county._id, code: it.code, inProgress: Math.floor(rand() * 5), done, refused: Math.floor(rand() * 2), withdrawn: 0, doneDays: done * 6, ratingSum: done * 4, ratingCount: done });
    }
  }
  write(COLLECTIONS.powerStats.name, stats);

  // A year of points in the new villages: a final month, a rating and a ledger entry per household a month.
  const monthTpl = read(COLLECTIONS.pointsMonths.name, `WHERE json_extract(body, '$.status') = 'final' LIMIT 1`)[0]!;
  const ratingTpl = read(COLLECTIONS.pointsRatings.name, 'LIMIT 1')[0]!;
  const ledgerTpl = read(COLLECTIONS.pointsLedger.name, `WHERE json_extract(body, '$.kind') = 'month' LIMIT 1`)[0]!;
  const months: string[] = [];
  for (let m = 12; m >= 1; m--) {
    const d = new Date(now);
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - m);
    months.push(chinaMonth(d));
  }
  const genVillageIds = new Set(newVillages.map((v) => v._id));
  const pointHouseholds = households.filter((h) => genVillageIds.has(h.unitId as string));
  const pointsMonths: Doc[] = [];
  for (const v of newVillages) for (const month of months) pointsMonths.push({ ...monthTpl, _id: `pm-${v._id}-${month}`, villageId: v._id, villageName: v.name, path: v.path, month });
  write(COLLECTIONS.pointsMonths.name, pointsMonths);
  for (const month of months) {
    const ratings: Doc[] = [];
    const ledger: Doc[] = [];
    for (const h of pointHouseholds) {
      const total = 60 + Math.floor(rand() * 41);
      ratings.push({ ...ratingTpl, _id: `pr-${h._id}-${month}`, householdId: h._id, headName: h.headName, villageId: h.unitId, gridId: h.gridId, path: h.path, month, total });
      ledger.push({ ...ledgerTpl, _id: `pl-${h._id}-${month}`, householdId: h._id, villageId: h.unitId, path: h.path, month, year: Number(month.slice(0, 4)), delta: total });
    }
    write(COLLECTIONS.pointsRatings.name, ratings);
    write(COLLECTIONS.pointsLedger.name, ledger);
    // The ranking frozen at finalisation, as finalise writes it.
    const boards: Doc[] = [];
    for (const v of newVillages) {
      const rows = ratings
        .filter((r) => r.villageId === v._id)
        .sort((a, b) => (b.total as number) - (a.total as number))
        .map((r, i, all) => ({ householdId: r.householdId, headName: r.headName, points: r.total, rank: all.findIndex((x) => x.total === r.total) + 1, tier: (r.total as number) >= 90 ? 'A' : (r.total as number) >= 80 ? 'B' : (r.total as number) >= 70 ? 'C' : 'D' }));
      boards.push({ _id: `pb-${v._id}-${month}`, villageId: v._id, month, rows, at: new Date(now).toISOString() });
    }
    write(COLLECTIONS.pointsBoards.name, boards);
  }

  // A month of bookings at the new villages' homes (tomorrow's are the reminder timer's work), with their slots.
  const bookingTpl = read(COLLECTIONS.policeBookings.name, 'LIMIT 1')[0]!;
  const appointment = serviceTemplates.find((s) => s.mode === 'appointment')!;
  const slots = new Map<string, Doc>();
  const bookings: Doc[] = [];
  const tomorrow = chinaDate(new Date(now + DAY_MS));
  const residentsOf = (villageId: string) => users.filter((u) => u.persona === 'resident' && (u.residence as { unitId: string }).unitId === villageId);
  const residentsByVillage = new Map(newVillages.map((v) => [v._id, residentsOf(v._id)]));
  for (let i = 0; i < size.bookings + size.bookingsTomorrow; i++) {
    const v = newVillages[i % newVillages.length]!;
    const date = i < size.bookingsTomorrow ? tomorrow : chinaDate(new Date(now + Math.floor(rand() * 30 - 15) * DAY_MS));
    const hour = 9 + (i % 3);
    const serviceId = `${appointment._id.replace('v-fengfang', v._id as string)}`;
    const slotId = `sl-${serviceId}-${date.replace(/-/g, '')}${hour}00`;
    const startAt = new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString();
    const endAt = new Date(Date.parse(startAt) + 30 * 60_000).toISOString();
    const slot = slots.get(slotId) ?? { _id: slotId, serviceId, homeId: `ph-${v._id}`, path: v.path, date, startAt, endAt, capacity: 1000, booked: 0, status: 'open', closedReason: null };
    slot.booked = (slot.booked as number) + 1;
    slots.set(slotId, slot);
    const who = pick(residentsByVillage.get(v._id)!.length ? residentsByVillage.get(v._id)! : users);
    bookings.push({
      ...bookingTpl,
      _id: `bk-gen-${i}`,
      slotId,
      serviceId,
      homeId: `ph-${v._id}`,
      unitId: v._id,
      path: v.path,
      userId: who._id,
      userName: who.name,
      startAt,
      endAt,
      date,
      month: date.slice(0, 7),
      status: date < chinaDate(new Date(now)) ? 'attended' : 'booked',
      requestId: `gen-${i}`,
      remindedAt: null,
      createdAt: new Date(Date.parse(startAt) - 3 * DAY_MS).toISOString(),
      updatedAt: new Date(Date.parse(startAt) - 3 * DAY_MS).toISOString(),
    });
  }
  write(COLLECTIONS.policeSlots.name, [...slots.values()]);
  write(COLLECTIONS.policeBookings.name, bookings);

  // Reminder talks with the new villages' cadres over the past year.
  const talkTpl = read(COLLECTIONS.reminderTalks.name, 'LIMIT 1')[0]!;
  const talks: Doc[] = [];
  const stages = ['before', 'during', 'after'];
  for (let i = 0; i < size.talks; i++) {
    const v = newVillages[i % newVillages.length]!;
    const at = new Date(now - Math.floor(rand() * 360) * DAY_MS);
    talks.push({ ...talkTpl, _id: `rt-gen-${i}`, villageId: v._id, unitName: v.name, townId: (v.path as string[])[1], countyId: county._id, path: v.path, cadreId: `${rand() < 0.5 ? 'cadre' : 'cadre2'}-${v._id}`, stage: stages[i % 3], date: chinaDate(at), matterId: null, recordedById: `sup-${v._id}`, createdAt: at.toISOString() });
  }
  write(COLLECTIONS.reminderTalks.name, talks);

  // 三污治理, 志愿者 and 风险预警 in every new village, cloned from the demo village's own records (small per
  // village, whatever the scale): its facilities, work orders and reports, care register, volunteers,
  // activities with their sign-ups and hours, visits, venues, and the alert in force over it. Every id,
  // place, grid, household and villager of 冯坊村 is mapped to the new village's own.
  const DEMO = 'v-fengfang';
  const demoTown = demoVillages.find((v) => v._id === DEMO)!.parentId!;
  const demoGridIds = gridsOf.get(DEMO) ?? [];
  const demoName = demoVillages.find((v) => v._id === DEMO)!.name;
  const demoHouseholds = read(COLLECTIONS.households.name, `WHERE json_extract(body, '$.unitId') = '${DEMO}'`).map((h) => h._id);
  const demoUsers = read(COLLECTIONS.users.name, `WHERE json_extract(body, '$.residence.unitId') = '${DEMO}'`)
    .map((u) => u._id)
    .filter((id) => !['village-cadre', 'grid-leader', 'resident'].includes(id));
  const where = (field: string) => `WHERE json_extract(body, '$.${field}') = '${DEMO}'`;
  const templates: [string, Doc[]][] = [
    [COLLECTIONS.sanitationFacilities.name, read(COLLECTIONS.sanitationFacilities.name, where('villageId'))],
    [COLLECTIONS.sanitationOrders.name, read(COLLECTIONS.sanitationOrders.name, where('villageId'))],
    [COLLECTIONS.sanitationReports.name, read(COLLECTIONS.sanitationReports.name, where('villageId'))],
    [COLLECTIONS.careRecipients.name, read(COLLECTIONS.careRecipients.name, where('villageId'))],
    [COLLECTIONS.volunteers.name, read(COLLECTIONS.volunteers.name, where('unitId'))],
    [COLLECTIONS.volunteerServices.name, read(COLLECTIONS.volunteerServices.name, where('unitId'))],
    [COLLECTIONS.volunteerActivities.name, read(COLLECTIONS.volunteerActivities.name, where('unitId'))],
    [COLLECTIONS.volunteerSignups.name, read(COLLECTIONS.volunteerSignups.name, where('unitId'))],
    [COLLECTIONS.volunteerHours.name, read(COLLECTIONS.volunteerHours.name, where('unitId'))],
    [COLLECTIONS.volunteerVisits.name, read(COLLECTIONS.volunteerVisits.name, where('villageId'))],
    [COLLECTIONS.venues.name, read(COLLECTIONS.venues.name, where('ownerId'))],
    [COLLECTIONS.alerts.name, read(COLLECTIONS.alerts.name, `WHERE json_extract(body, '$.areaUnitIds') = '["${DEMO}"]' AND json_extract(body, '$.status') = 'active'`)],
  ];
  const templateIds = new Set(templates.flatMap(([, docs]) => docs.map((d) => d._id)));
  const cloned = new Map<string, Doc[]>(templates.map(([c]) => [c, []]));
  newVillages.forEach((v, vi) => {
    const vid = v._id;
    const path = v.path as string[];
    const grids = gridsOf.get(vid)!;
    const homes = households.filter((h) => h.unitId === vid).map((h) => h._id);
    const villagers = (residentsByVillage.get(vid) ?? []).map((u) => u._id);
    const resident = users.find((u) => u.openid === people[vi]!.resident)!._id;
    const map = new Map<string, string>([[DEMO, vid], [demoTown, path[1]!], [demoName, String(v.name)], ['village-cadre', `cadre-${vid}`], ['grid-leader', `gl-${grids[0]}`], ['resident', resident]]);
    demoGridIds.forEach((gid, k) => map.set(gid, grids[k % grids.length]!));
    demoHouseholds.forEach((hid, k) => map.set(hid, homes[k % homes.length] ?? hid));
    demoUsers.forEach((uid, k) => map.set(uid, villagers.length ? villagers[(k + 1) % villagers.length]! : uid));
    for (const id of templateIds) map.set(id, `${id}_${vid}`);
    const remap = (x: unknown): unknown => {
      if (typeof x === 'string') return map.get(x) ?? (x.includes(DEMO) ? x.split(DEMO).join(vid) : x);
      if (Array.isArray(x)) return x.map(remap);
      if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, remap(y)]));
      return x;
    };
    for (const [c, docs] of templates) {
      for (const [k, d] of docs.entries()) {
        const doc = remap(d) as Doc;
        if (c === COLLECTIONS.volunteers.name) doc.certCode = `QYGN${String(vi).padStart(3, '0')}${String(k).padStart(5, '0')}`;
        cloned.get(c)!.push(doc);
        // Three more new reports waiting for a handler to accept (the accept action's work: one per run of
        // `npm run bench county`), and the village's resident the bench signs in as is a volunteer.
        if (c === COLLECTIONS.sanitationOrders.name && d.status === 'open') for (const r of [1, 2, 3]) cloned.get(c)!.push({ ...doc, _id: `${doc._id}_${r}`, facilityId: null, facilityName: null });
        if (c === COLLECTIONS.volunteers.name && k === 0) cloned.get(c)!.push({ ...doc, _id: `vl-${resident}`, userId: resident, certCode: `QYGN${String(vi).padStart(3, '0')}R0000` });
      }
    }
  });
  for (const [c, docs] of cloned) write(c, docs);

  return { size, countyId: county._id, villages: allVillages.map((v) => v._id), people, months, seconds: (Date.now() - started) / 1000 };
}
