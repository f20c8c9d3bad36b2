import type { Db } from '@cloudbase/database';
import type { CareRecipientRecord } from '../../shared/domain/admin-records';
import type { CaseRecord } from '../../shared/domain/case-records';
import { chinaMonth, lastMonths } from '../../shared/domain/china-time';
import { dayForPeople } from '../../shared/domain/for-people';
import type { MatterRecord } from '../../shared/domain/power-records';
import type { UserRecord, WishRecord } from '../../shared/domain/records';
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

/**
 * Every source of 研判 signals, one entry each: a new source is a name in SIGNAL_SOURCES and an entry
 * here. (The sanitation function's "facility reported faulty several times" joins this table at merge.)
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
};
