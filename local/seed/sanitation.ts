/**
 * The 三污治理 demo on top of the facilities the county file provisions: every household's toilet
 * (96 % sanitary, as the county report says), sorting bins, 冯坊村's monthly sorting checks, the
 * sewage-control checks of the villages without a treatment facility (so of the demo's 26
 * villages and communities 14 are treated and 12 controlled: the report's 54 % and 46 %), the garbage chain's latest runs, and 冯坊村's 随手拍 at
 * every step for the personas to walk through.
 */
import type { Db } from '@cloudbase/database';
import { addDays, chinaDate, chinaMonth, instantOf, lastMonths } from '../../shared/domain/china-time';
import { collectionDueAt, SEWAGE_KINDS } from '../../shared/domain/sanitation-facility';
import { isSanitaryToilet, sortingPoints, type SortingResult, type ToiletMode } from '../../shared/domain/sanitation-household';
import { deadlineFrom, fixedOnTime, routeReport, type ReportCategory } from '../../shared/domain/sanitation-report';
import type { CollectionRunRecord, FacilityRecord, ReportRecord, SanitationHouseholdRecord, SewageCheckRecord, SortingCheckRecord, WorkOrderRecord } from '../../shared/domain/sanitation-records';
import type { HouseholdRecord, OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { findById, readAll } from '../../cloudfunctions/_lib/db';
import { DEMO_VILLAGE, QIANYANG } from './geography';

/** Every 25th household (from the 8th) has no sanitary toilet yet: 10 of Qianyang's 256 demo households. */
const notSanitary = (i: number) => i % 25 === 7;

export async function seedSanitation(db: Db): Promise<void> {
  const now = clock.now();
  const today = chinaDate(now);
  const iso = (daysAgo: number, hour = 9) => new Date(now.getTime() - daysAgo * DAY_MS + (hour - 9) * 3600_000).toISOString();
  const households = await readAll<HouseholdRecord>(db, COLLECTIONS.households.name, {});
  households.sort((a, b) => a._id.localeCompare(b._id));
  const units = new Map((await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, {})).map((u) => [u._id, u]));
  const cadre = (await findById<UserRecord>(db, COLLECTIONS.users.name, 'village-cadre'))!;

  // Toilets and bins.
  const homes: SanitationHouseholdRecord[] = households.map((h, i) => {
    const community = units.get(h.unitId)?.kind === 'community';
    const mode: ToiletMode = community ? 'sewer' : i % 3 === 0 ? 'dry-separating' : 'three-compartment';
    const toilet = notSanitary(i)
      ? i % 2
        ? null
        : { mode, work: 'converted' as const, doneOn: addDays(today, -30), acceptance: 'pending' as const, satisfaction: null }
      : { mode, work: i % 4 === 0 ? ('built' as const) : ('converted' as const), doneOn: addDays(today, -400 - (i % 300)), acceptance: 'passed' as const, satisfaction: i % 9 === 0 ? ('neutral' as const) : ('satisfied' as const) };
    const bins = i % 10 === 3 ? null : { count: 2, givenOn: addDays(today, -200) };
    return {
      _id: h._id,
      villageId: h.unitId,
      townId: h.path[1]!,
      countyId: h.path[0]!,
      gridId: h.gridId,
      path: h.path,
      headName: h.headName,
      toilet,
      sanitaryToilet: isSanitaryToilet(toilet),
      bins,
      hasBins: bins !== null,
      updatedAt: iso(30),
      updatedById: 'provision',
    };
  });
  for (const h of homes) await db.collection(COLLECTIONS.sanitationHouseholds.name).add(h);

  // 冯坊村's sorting checks, the last three months, with the 环保卫生 points by the one rule.
  const max = QIANYANG.points.indicators.find((x) => x.code === 'sanitation')?.max ?? 10;
  const results: SortingResult[] = ['good', 'good', 'fair', 'good', 'poor', 'good', 'fair'];
  for (const [m, month] of lastMonths(now, 4).slice(0, 3).entries()) {
    for (const [i, h] of households.filter((x) => x.unitId === DEMO_VILLAGE).entries()) {
      const result = results[(i + m) % results.length]!;
      const check: SortingCheckRecord = { _id: `${h._id}_${month}`, householdId: h._id, villageId: h.unitId, path: h.path, month, result, points: sortingPoints(result, max), checkerId: cadre._id, checkerName: cadre.name, createdAt: iso(5 + m * 30) };
      await db.collection(COLLECTIONS.sortingChecks.name).add(check);
    }
  }

  // Sewage: the villages without an in-service treatment facility had this month's control check.
  const facilities = await readAll<FacilityRecord>(db, COLLECTIONS.sanitationFacilities.name, {});
  const treated = new Set(facilities.filter((f) => SEWAGE_KINDS.includes(f.kind) && f.status === 'in-service' && f.villageId).map((f) => f.villageId!));
  for (const v of [...units.values()].filter((u) => (u.kind === 'village' || u.kind === 'community') && !treated.has(u._id))) {
    const check: SewageCheckRecord = { _id: `${v._id}_${chinaMonth(now)}`, villageId: v._id, townId: v.path[1]!, countyId: v.path[0]!, path: v.path, month: chinaMonth(now), controlled: true, note: '无黑臭水体，生活污水沟渠收集', byId: 'provision', byName: '村委会', createdAt: iso(3) };
    await db.collection(COLLECTIONS.sewageChecks.name).add(check);
  }

  // The garbage chain: every collection point emptied yesterday, 冯坊村's second point four days ago (its alert is due);
  // each transfer station's trip yesterday.
  for (const f of facilities.filter((x) => x.kind === 'collection-point' || x.kind === 'transfer-station')) {
    const daysAgo = f._id === 'sf-fengfang-CP-2' ? 4 : 1;
    const date = addDays(today, -daysAgo);
    const at = instantOf(date, '12:00').toISOString();
    const run: CollectionRunRecord = { _id: `cr-seed-${f.code}`, facilityId: f._id, kind: f.kind === 'collection-point' ? 'collection' : 'transfer', villageId: f.villageId, path: f.path, date, volume: f.kind === 'collection-point' ? 4 : 12, unit: f.kind === 'collection-point' ? '桶' : '吨', byId: 'provision', byName: f.kind === 'collection-point' ? '村保洁员' : '镇转运车', createdAt: at };
    await db.collection(COLLECTIONS.collectionRuns.name).add(run);
    const due = f.collectEveryDays ? collectionDueAt(at, f.collectEveryDays, at) : null;
    await db.collection(COLLECTIONS.sanitationFacilities.name).doc(f._id).update({ lastCollectedAt: at, collectDueAt: due });
  }

  // 冯坊村's 随手拍, for the personas: fixed and waiting for 张桂芳's confirmation, one merged and in hand, older ones closed.
  const rules = QIANYANG.sanitation.routingRules;
  const village = units.get(DEMO_VILLAGE)!;
  const people = new Map((await readAll<UserRecord>(db, COLLECTIONS.users.name, { 'residence.unitId': DEMO_VILLAGE })).map((u) => [u._id, u]));
  const who = (id: string) => people.get(id) ?? cadre;
  type Spec = { n: number; category: ReportCategory; facilityId?: string; place?: string; note: string; reporters: string[]; status: WorkOrderRecord['status']; daysAgo: number; fixNote?: string; late?: boolean; reopened?: boolean };
  const specs: Spec[] = [
    { n: 1, category: 'dumping', place: '村口河道边', note: '河道边有人倒了建筑垃圾', reporters: ['resident'], status: 'fixed', daysAgo: 2, fixNote: '已组织清运，立了禁止倾倒的牌子' },
    { n: 2, category: 'broken', facilityId: 'sf-fengfang-PT-2', note: '公厕洗手池水龙头坏了', reporters: ['r-fengfang-4', 'resident', 'r-fengfang-7'], status: 'accepted', daysAgo: 1 },
    { n: 3, category: 'overflow', place: '三组涝池北边', note: '垃圾桶满了', reporters: ['r-fengfang-2'], status: 'closed', daysAgo: 35, fixNote: '当天已清运' },
    { n: 4, category: 'sewage-leak', facilityId: 'sf-fengfang-SW-2', note: '湿地出水口有污水漫出来', reporters: ['r-fengfang-5'], status: 'closed', daysAgo: 50, fixNote: '疏通了出水管', late: true, reopened: true },
    { n: 5, category: 'overflow', place: '学校门口', note: '放学后垃圾很多', reporters: ['r-fengfang-3'], status: 'open', daysAgo: 0 },
  ];
  for (const s of specs) {
    const facility = s.facilityId ? facilities.find((f) => f._id === s.facilityId)! : null;
    const route = routeReport({ category: s.category, facilityKind: facility?.kind ?? null }, rules);
    const createdAt = iso(s.daysAgo, 8);
    const deadlineAt = deadlineFrom(createdAt, route.deadlineHours);
    const handled = s.status !== 'open';
    const handler = route.level === 'village' ? cadre : ((await findById<UserRecord>(db, COLLECTIONS.users.name, 'town-cadre')) ?? cadre);
    const fixedAt = s.fixNote ? (s.late ? new Date(Date.parse(deadlineAt) + 6 * 3600_000).toISOString() : new Date(Date.parse(createdAt) + 5 * 3600_000).toISOString()) : null;
    const id = `so-seed-${String(s.n).padStart(2, '0')}`;
    const timeline: WorkOrderRecord['timeline'] = [{ at: createdAt, action: 'submit', actorId: s.reporters[0]!, actorName: who(s.reporters[0]!).name, note: s.note, field: 'note' }];
    for (const r of s.reporters.slice(1)) timeline.push({ at: createdAt, action: 'merge', actorId: r, actorName: who(r).name, note: null });
    if (handled) timeline.push({ at: new Date(Date.parse(createdAt) + 3600_000).toISOString(), action: 'accept', actorId: handler._id, actorName: handler.name, note: null });
    if (fixedAt) timeline.push({ at: fixedAt, action: 'fix', actorId: handler._id, actorName: handler.name, note: s.fixNote!, field: 'fixNote' });
    if (s.status === 'closed') timeline.push({ at: new Date(Date.parse(fixedAt!) + 3600_000).toISOString(), action: 'confirm', actorId: s.reporters[0]!, actorName: who(s.reporters[0]!).name, note: null });
    const order: WorkOrderRecord = {
      _id: id,
      category: s.category,
      facilityId: facility?._id ?? null,
      facilityName: facility?.name ?? null,
      placeText: facility ? facility.place.description : s.place!,
      villageId: village._id,
      villageName: village.name,
      townId: village.path[1]!,
      countyId: village.path[0]!,
      path: village.path,
      level: route.level,
      handlerUnitId: route.level === 'village' ? village._id : village.path[1]!,
      ruleId: route.ruleId,
      routeReason: route.reason,
      deadlineHours: route.deadlineHours,
      status: s.status,
      handlerId: handled ? handler._id : null,
      handlerName: handled ? handler.name : null,
      reporterIds: s.reporters,
      public: true,
      note: s.note,
      firstReporterId: s.reporters[0]!,
      reportCount: s.reporters.length,
      deadlineAt,
      escalatedAt: s.late ? deadlineAt : null,
      fixNote: s.fixNote ?? null,
      fixedAt,
      fixedOnTime: fixedAt ? fixedOnTime(fixedAt, deadlineAt) : null,
      reopenCount: s.reopened ? 1 : 0,
      closedAt: s.status === 'closed' ? timeline[timeline.length - 1]!.at : null,
      month: chinaMonth(createdAt),
      timeline,
      photos: [],
      photosChecked: true,
      createdAt,
      updatedAt: timeline[timeline.length - 1]!.at,
    };
    await db.collection(COLLECTIONS.sanitationOrders.name).add(order);
    for (const [k, r] of s.reporters.entries()) {
      const u = who(r);
      // Dispatched already (派单 done when the order was opened or joined).
      const report: ReportRecord = {
        _id: `sr-seed-${s.n}-${k}`,
        orderId: id,
        dispatched: true,
        dispatchedAt: createdAt,
        reporterId: u._id,
        reporterName: u.name,
        reporterGender: u.gender ?? null,
        category: s.category,
        facilityId: facility?._id ?? null,
        villageId: village._id,
        path: u.residence?.path ?? village.path,
        note: k === 0 ? s.note : null,
        photoIds: [],
        merged: k > 0,
        joining: k > 0,
        placeText: order.placeText,
        facilityName: order.facilityName,
        villageName: village.name,
        villagePath: village.path,
        route: { level: order.level, handlerUnitId: order.handlerUnitId, ruleId: order.ruleId, reason: order.routeReason, deadlineHours: order.deadlineHours },
        requestId: null,
        createdAt,
      };
      await db.collection(COLLECTIONS.sanitationReports.name).add(report);
    }
    if (facility && s.status !== 'closed') await db.collection(COLLECTIONS.sanitationFacilities.name).doc(facility._id).update({ openOrderId: id });
  }
}
