import type { Db } from '@cloudbase/database';
import type { CareRecipientRecord } from '../../shared/domain/admin-records';
import type { CaseRecord } from '../../shared/domain/case-records';
import { chinaMonth, lastMonths } from '../../shared/domain/china-time';
import { dayForPeople } from '../../shared/domain/for-people';
import type { MatterRecord } from '../../shared/domain/power-records';
import type { UserRecord, WishRecord } from '../../shared/domain/records';
import type { FacilityRecord, InspectionRecord, WorkOrderRecord } from '../../shared/domain/sanitation-records';
import { REPORT_CATEGORY_LABELS, type ReportCategory } from '../../shared/domain/sanitation-report';
import type { SignalEvent, SignalRule, SignalSource } from '../../shared/domain/signal-rules';
import { COLLECTIONS } from '../_lib/collections';
import { readAll, readByIds } from '../_lib/db';

const DAY_MS = 86_400_000;

export interface SourceContext {
  countyId: string;
  /** The county's villages and communities (80 in Qianyang): every source is bounded by them. */
  villages: { _id: string; name: string; path: string[] }[];
  now: string;
}

export interface SignalSourceDef {
  label: string;
  /** Events counted within the rule's window (true), or already chosen by their age (false: a wish waiting N days). */
  windowed: boolean;
  events(db: Db, rule: SignalRule, ctx: SourceContext): Promise<SignalEvent[]>;
}

/** The county's cases of the rule's window, by month (index countyId + month), with the few fields a signal needs. */
async function casesOfWindow(db: Db, rule: SignalRule, ctx: SourceContext): Promise<CaseRecord[]> {
  const since = new Date(Date.parse(ctx.now) - rule.windowDays * DAY_MS).toISOString();
  const months = lastMonths(ctx.now, 14).filter((m) => m >= chinaMonth(since));
  const rows = await readAll<CaseRecord>(db, COLLECTIONS.cases.name, { countyId: ctx.countyId, month: db.command.in(months) }, [
    'villageId', 'path', 'type', 'typeLabel', 'partiesKey', 'createdAt',
  ]);
  return rows.filter((c) => c.createdAt >= since && (rule.caseTypes.length === 0 || rule.caseTypes.includes(c.type)));
}

function caseEvent(c: CaseRecord, groupKey: string, now: string): SignalEvent {
  return { collection: COLLECTIONS.cases.name, id: c._id, at: c.createdAt, groupKey, villageId: c.villageId, path: c.path.slice(0, 3), label: `${c.typeLabel.endsWith('纠纷') ? c.typeLabel : `${c.typeLabel}纠纷`} · ${dayForPeople(c.createdAt, now)}登记` };
}


type FacilityPlaceFields = Pick<FacilityRecord, '_id' | 'name' | 'unitId' | 'villageId' | 'path' | 'history' | 'updatedAt'>;
const FACILITY_FIELDS = ['name', 'unitId', 'villageId', 'path', 'history', 'updatedAt'] as const;

/**
 * 三污治理: the times one facility was reported or found faulty within the rule's window — a 随手拍 work
 * order naming it (one order per problem, however many people reported it; of the rule's categories,
 * all when it names none), a failed inspection, and a keeper marking it faulty by hand (not the mark a
 * failed inspection makes in the same moment, which is that inspection). Each read is bounded by the
 * county and the window on a declared index: orders by countyId + month, inspections by path + ok +
 * createdAt, facilities by path + updatedAt (a status change or an inspection touches updatedAt).
 */
async function facilityFaultEvents(db: Db, rule: SignalRule, ctx: SourceContext): Promise<SignalEvent[]> {
  const since = new Date(Date.parse(ctx.now) - rule.windowDays * DAY_MS).toISOString();
  const months = lastMonths(ctx.now, Math.ceil(rule.windowDays / 28) + 2).filter((m) => m >= chinaMonth(since));
  const _ = db.command;
  const categories = rule.caseTypes as string[];
  const [orders, inspections, touched] = await Promise.all([
    readAll<WorkOrderRecord>(db, COLLECTIONS.sanitationOrders.name, { countyId: ctx.countyId, month: _.in(months) }, ['facilityId', 'category', 'reportCount', 'createdAt']),
    readAll<InspectionRecord>(db, COLLECTIONS.sanitationInspections.name, { path: ctx.countyId, ok: false, createdAt: _.gte(since) }, ['facilityId', 'createdAt']),
    readAll<FacilityPlaceFields>(db, COLLECTIONS.sanitationFacilities.name, { path: ctx.countyId, updatedAt: _.gte(since) }, FACILITY_FIELDS),
  ]);
  const faultOrders = orders.filter((o) => o.facilityId && o.createdAt >= since && (categories.length === 0 || categories.includes(o.category)));
  const facilities = new Map(touched.map((f) => [f._id, f]));
  const missing = [...new Set(faultOrders.map((o) => o.facilityId!).filter((id) => !facilities.has(id)))];
  for (const f of await readByIds<FacilityRecord>(db, COLLECTIONS.sanitationFacilities.name, missing)) facilities.set(f._id, f);
  const events: SignalEvent[] = [];
  // A facility is placed where it belongs: its village, or the town (or county) of a shared plant.
  const push = (f: FacilityPlaceFields | undefined, collection: string, id: string, at: string, what: string) => {
    if (!f) return;
    events.push({ collection, id, at, groupKey: f._id, villageId: f.villageId ?? f.unitId, path: f.path.slice(0, 3), label: `「${f.name}」${what} · ${dayForPeople(at, ctx.now)}` });
  };
  for (const o of faultOrders) {
    const people = o.reportCount > 1 ? `，${o.reportCount} 人上报` : '';
    push(facilities.get(o.facilityId!), COLLECTIONS.sanitationOrders.name, o._id, o.createdAt, `随手拍：${REPORT_CATEGORY_LABELS[o.category as ReportCategory] ?? '其他'}${people}`);
  }
  const inspectedAt = new Set<string>();
  for (const i of inspections) {
    inspectedAt.add(`${i.facilityId}@${i.createdAt}`);
    push(facilities.get(i.facilityId), COLLECTIONS.sanitationInspections.name, i._id, i.createdAt, '巡查未通过');
  }
  for (const f of touched) {
    for (const h of f.history ?? []) {
      if (h.status !== 'faulty' || h.at < since || h.at > ctx.now || inspectedAt.has(`${f._id}@${h.at}`)) continue;
      push(f, COLLECTIONS.sanitationFacilities.name, `${f._id}@${h.at}`, h.at, '被标记为故障');
    }
  }
  return events;
}

/**
 * Every source of 研判 signals, one entry each: a new source is a name in SIGNAL_SOURCES and an entry
 * here.
 */
export const SIGNAL_SOURCE_TABLE: Record<SignalSource, SignalSourceDef> = {
  // The same parties (partiesKey) in one village, again and again: 婚姻家庭 first, by the rule's case types.
  'repeat-parties': {
    label: '同一当事人反复纠纷',
    windowed: true,
    async events(db, rule, ctx) {
      return (await casesOfWindow(db, rule, ctx)).filter((c) => c.partiesKey).map((c) => caseEvent(c, `${c.villageId}|${c.partiesKey}`, ctx.now));
    },
  },
  // One case type piling up in one village.
  'case-cluster': {
    label: '同村同类纠纷集中',
    windowed: true,
    async events(db, rule, ctx) {
      return (await casesOfWindow(db, rule, ctx)).map((c) => caseEvent(c, `${c.villageId}|${c.type}`, ctx.now));
    },
  },
  // A wish on the wall for N days with nobody claiming it, from a household on the care register.
  'wish-unclaimed-care': {
    label: '关爱对象的心愿久未认领',
    windowed: false,
    async events(db, rule, ctx) {
      const cutoff = new Date(Date.parse(ctx.now) - rule.windowDays * DAY_MS).toISOString();
      const _ = db.command;
      const wishes = await readAll<WishRecord>(db, COLLECTIONS.wishes.name, { villageId: _.in(ctx.villages.map((v) => v._id)), status: 'open', createdAt: _.lte(cutoff) }, [
        'villageId', 'path', 'wisherId', 'createdAt',
      ]);
      if (!wishes.length) return [];
      const wishers = await readByIds<UserRecord>(db, COLLECTIONS.users.name, [...new Set(wishes.map((w) => w.wisherId))]);
      const households = [...new Set(wishers.map((u) => u.residence?.householdId).filter((h): h is string => Boolean(h)))];
      const care: CareRecipientRecord[] = [];
      for (let i = 0; i < households.length; i += 100) {
        care.push(...(await readAll<CareRecipientRecord>(db, COLLECTIONS.careRecipients.name, { householdId: _.in(households.slice(i, i + 100)) }, ['householdId', 'active', 'userId'])));
      }
      const careHouseholds = new Set(care.filter((c) => c.active).map((c) => c.householdId));
      const careUsers = new Set(care.filter((c) => c.active && c.userId).map((c) => c.userId));
      const householdOf = new Map(wishers.map((u) => [u._id, u.residence?.householdId ?? null]));
      return wishes
        .filter((w) => careUsers.has(w.wisherId) || careHouseholds.has(householdOf.get(w.wisherId) ?? ''))
        .map((w) => ({ collection: COLLECTIONS.wishes.name, id: w._id, at: w.createdAt, groupKey: w._id, villageId: w.villageId, path: w.path.slice(0, 3), label: `微心愿 · ${dayForPeople(w.createdAt, ctx.now)}发布，至今没有人认领` }));
    },
  },
  // Matters of one village whose current step went past its time limit.
  'matters-overdue': {
    label: '同村事项多件超时',
    windowed: true,
    async events(db, rule, ctx) {
      const since = new Date(Date.parse(ctx.now) - rule.windowDays * DAY_MS).toISOString();
      const _ = db.command;
      const matters = await readAll<MatterRecord>(db, COLLECTIONS.matters.name, { villageId: _.in(ctx.villages.map((v) => v._id)), createdAt: _.gte(since) }, [
        'villageId', 'path', 'itemTitle', 'steps', 'current', 'closedAt', 'createdAt',
      ]);
      return matters
        .filter((m) => !m.closedAt && m.current !== null && Boolean(m.steps[m.current]?.overdue))
        .map((m) => ({ collection: COLLECTIONS.matters.name, id: m._id, at: m.createdAt, groupKey: m.villageId, villageId: m.villageId, path: m.path.slice(0, 3), label: `${m.itemTitle} · ${dayForPeople(m.createdAt, ctx.now)}申请，第 ${(m.current ?? 0) + 1} 步超时` }));
    },
  },
  // One facility reported or found faulty again and again (三污治理).
  'facility-faults': {
    label: '同一设施多次报修',
    windowed: true,
    events: facilityFaultEvents,
  },
};
