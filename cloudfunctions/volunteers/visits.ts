/**
 * 上门入户访民情: grid leaders (and the village cadres) log visits to the households of their grid,
 * the people of the grid's care register first; confirmed volunteers log the visits they make. A
 * need found becomes a 微心愿 or a case in one tap — through the wishes and cases functions' own
 * submission logic and contracts, never a copy — linked to the visit. The grid sees who on its
 * register has not been visited for the county's number of days.
 */
import type { Db } from '@cloudbase/database';
import { casesContract } from '../../shared/contracts/cases';
import { wishesContract } from '../../shared/contracts/wishes';
import { canReadCareRegister } from '../../shared/domain/care';
import { addDays, chinaDate, chinaMonth } from '../../shared/domain/china-time';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import type { VolunteerVisitRecord } from '../../shared/domain/volunteer-records';
import { canLogGridVisits, daysSince, visitDue } from '../../shared/domain/volunteer-rules';
import { careRecipientById, careRecipientsOfGrids } from '../_lib/care';
import { checkText } from '../_lib/content-check';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, isDuplicateKey } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { updatedCount } from '../_lib/seats';
import { screenCase } from '../cases/sheets';
import { submitWish } from '../wishes/lifecycle';
import { idFor, loadVolunteer, volunteerConfigIdOf } from './store';
import type { In, Out } from './types';

/** A grid's log shown at once (newest first); older visits stay in the export and the report. */
const LOG_CAP = 100;

async function loadGrid(db: Db, gridId: string): Promise<OrgUnitRecord> {
  const g = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, gridId);
  if (!g || g.kind !== 'grid') throw notFound('找不到这个网格');
  return g;
}

/** The grid the caller works in: the one named, else their grid-leader post, else where they live. */
async function resolveGrid(db: Db, caller: UserRecord, gridId?: string): Promise<OrgUnitRecord | null> {
  const id = gridId ?? caller.roles.find((r) => r.role === 'grid-leader')?.unitId ?? caller.residence?.gridId ?? null;
  return id ? loadGrid(db, id) : null;
}

/** A confirmed volunteer of the grid's village may log the visits they make there. */
async function isVolunteerThere(db: Db, caller: UserRecord, grid: OrgUnitRecord): Promise<boolean> {
  const v = await loadVolunteer(db, caller._id);
  return v?.status === 'confirmed' && grid.path.includes(v.unitId);
}

function visitView(v: VolunteerVisitRecord, caller: UserRecord) {
  return {
    id: v._id,
    gridId: v.gridId,
    careRecipientId: v.careRecipientId,
    subjectName: v.subjectName,
    visitorName: v.visitorName,
    visitedOn: v.visitedOn,
    findings: v.findings,
    needsFollowUp: v.needsFollowUp,
    wishId: v.wishId,
    caseId: v.caseId,
    mine: v.visitorId === caller._id,
  };
}

export async function listVisits(input: In<'visits'>, ctx: MemberContext): Promise<Out<'visits'>> {
  const { db, caller } = ctx;
  const grid = await resolveGrid(db, caller, input.gridId);
  if (!grid) return { grid: null, items: [], canLog: false, readsRegister: false };
  const keeper = canLogGridVisits(caller.roles, grid.path) || canReadCareRegister(caller.roles, grid.path);
  const volunteer = !keeper && (await isVolunteerThere(db, caller, grid));
  if (!keeper && !volunteer) throw forbidden('只有本网格的网格长、村（社区）干部和志愿者可以查看走访记录');
  const where = keeper ? { gridId: grid._id } : { visitorId: caller._id };
  const res = await db.collection(COLLECTIONS.volunteerVisits.name).where(where).orderBy('visitedOn', 'desc').limit(LOG_CAP).get();
  const rows = (res.data as VolunteerVisitRecord[]).filter((v) => keeper || v.gridId === grid._id);
  return {
    grid: { id: grid._id, name: grid.name },
    items: rows.sort((a, b) => b.visitedOn.localeCompare(a.visitedOn) || b.createdAt.localeCompare(a.createdAt)).map((v) => visitView(v, caller)),
    canLog: keeper ? canLogGridVisits(caller.roles, grid.path) : true,
    readsRegister: canReadCareRegister(caller.roles, grid.path),
  };
}

export async function logVisit(input: In<'logVisit'>, ctx: MemberContext): Promise<Out<'logVisit'>> {
  const { db, caller } = ctx;
  const grid = await loadGrid(db, input.gridId);
  const keeper = canLogGridVisits(caller.roles, grid.path);
  if (!keeper && !(await isVolunteerThere(db, caller, grid))) throw forbidden('只有本网格的网格长、村（社区）干部和本村志愿者可以登记走访');
  const today = chinaDate(clock.now());
  if (input.visitedOn > today) throw invalid('走访日期不能晚于今天', [{ path: 'visitedOn', message: '不能晚于今天' }]);
  if (input.visitedOn < addDays(today, -60)) throw invalid('只能补登 60 天内的走访', [{ path: 'visitedOn', message: '太早了' }]);
  let householdId: string | null = null;
  let subjectName = input.subjectName;
  if (input.careRecipientId) {
    // The register is the grid's: a volunteer (who cannot read it) names the household in words instead.
    if (!canReadCareRegister(caller.roles, grid.path)) throw forbidden('关爱对象名单只有网格长和干部可以查看');
    const care = await careRecipientById(db, input.careRecipientId);
    if (!care || !care.active || care.gridId !== grid._id) throw invalid('本网格的关爱对象名单里没有这个人', [{ path: 'careRecipientId', message: '不在本网格名单上' }]);
    householdId = care.householdId;
    subjectName = care.name;
  }
  // Others read the findings (the grid and its cadres): content security first, a hold is refused here.
  const { held } = await checkText(ctx, { findings: input.findings });
  if (held.length) throw invalid('走访情况里有需要复核的内容，请换一种说法', [{ path: 'findings', message: held[0]!.reason }]);
  const id = idFor('vv', caller._id, input.requestId);
  const now = clock.nowIso();
  const record: VolunteerVisitRecord = {
    _id: id,
    villageId: grid.path[2]!,
    gridId: grid._id,
    path: grid.path,
    householdId,
    careRecipientId: input.careRecipientId,
    subjectName,
    visitorId: caller._id,
    visitorName: caller.name,
    visitedOn: input.visitedOn,
    month: chinaMonth(`${input.visitedOn}T12:00:00+08:00`),
    findings: input.findings,
    needsFollowUp: input.needsFollowUp,
    wishId: null,
    caseId: null,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.collection(COLLECTIONS.volunteerVisits.name).add(record);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const first = await findById<VolunteerVisitRecord>(db, COLLECTIONS.volunteerVisits.name, id);
    if (first) return visitView(first, caller);
  }
  return visitView(record, caller);
}

/** The visit to follow up (its grid's path is on it: no read of the grid). */
async function followUpVisit(db: Db, caller: UserRecord, visitId: string): Promise<VolunteerVisitRecord> {
  const visit = await findById<VolunteerVisitRecord>(db, COLLECTIONS.volunteerVisits.name, visitId);
  if (!visit) throw notFound('找不到这次走访');
  if (visit.visitorId !== caller._id && !canLogGridVisits(caller.roles, visit.path)) throw forbidden('只有走访人和本网格的网格长可以转办');
  return visit;
}

/** The wishes' and cases' own contracts check what the visit hands them: bad input there is bad input here. */
function parsedBy<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: (string | number)[]; message: string }[] } } }, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw invalid(`走访记录不能直接转为${what}：${r.error.issues[0]?.message ?? ''}`, r.error.issues.map((i) => ({ path: i.path.join('.') || 'findings', message: i.message })));
}

export async function visitToWish(input: In<'visitToWish'>, ctx: MemberContext): Promise<Out<'visitToWish'>> {
  const { db, caller } = ctx;
  const visit = await followUpVisit(db, caller, input.visitId);
  if (visit.wishId) return { visitId: visit._id, wishId: visit.wishId };
  const parsed = parsedBy(
    wishesContract.actions.submit.input,
    { title: input.title, content: `${visit.findings}（${visit.visitedOn.slice(5).replace('-', '月')}日入户走访时${visit.subjectName}提出，${caller.name}代为登记）`, category: input.category, requestId: `visit-${visit._id}` },
    '微心愿',
  );
  // The wish belongs to the visited household's grid and village: the wisher is the visitor, who follows it up.
  const asVisitor: MemberContext = {
    ...ctx,
    caller: { ...caller, residence: { unitId: visit.villageId, gridId: visit.gridId, householdId: visit.householdId, householdConfirmed: true, path: visit.path } },
  };
  const wish = await submitWish(parsed, asVisitor);
  const res = await db.collection(COLLECTIONS.volunteerVisits.name).where({ _id: visit._id, wishId: null }).update({ wishId: wish.id, updatedAt: clock.nowIso() });
  if (updatedCount(res) !== 1) {
    const cur = await findById<VolunteerVisitRecord>(db, COLLECTIONS.volunteerVisits.name, visit._id);
    if (cur?.wishId !== wish.id) throw conflict('这次走访已经转过微心愿了');
  }
  return { visitId: visit._id, wishId: wish.id };
}

export async function visitToCase(input: In<'visitToCase'>, ctx: MemberContext): Promise<Out<'visitToCase'>> {
  const { db, caller } = ctx;
  const visit = await followUpVisit(db, caller, input.visitId);
  if (visit.caseId) return { visitId: visit._id, caseId: visit.caseId };
  const parsed = parsedBy(
    casesContract.actions.screen.input,
    { type: input.type, parties: [{ name: visit.subjectName }], gridId: visit.gridId, description: visit.findings, onBehalfOf: visit.subjectName, requestId: `visit-${visit._id}` },
    '矛盾纠纷',
  );
  const c = await screenCase(parsed, ctx);
  const res = await db.collection(COLLECTIONS.volunteerVisits.name).where({ _id: visit._id, caseId: null }).update({ caseId: c.id, updatedAt: clock.nowIso() });
  if (updatedCount(res) !== 1) {
    const cur = await findById<VolunteerVisitRecord>(db, COLLECTIONS.volunteerVisits.name, visit._id);
    if (cur?.caseId !== c.id) throw conflict('这次走访已经转过矛盾纠纷了');
  }
  return { visitId: visit._id, caseId: c.id };
}

export async function visitsDue(input: In<'visitsDue'>, ctx: MemberContext): Promise<Out<'visitsDue'>> {
  const { db, caller } = ctx;
  const grid = await resolveGrid(db, caller, input.gridId);
  if (!grid) throw forbidden('请先选择网格');
  if (!canReadCareRegister(caller.roles, grid.path)) throw forbidden('关爱对象名单只有本网格的网格长和干部可以查看');
  const config = await findById<{ visitDueDays?: number }>(db, COLLECTIONS.config.name, volunteerConfigIdOf(grid.path[0]!));
  const dueDays = config?.visitDueDays ?? 30;
  const people = await careRecipientsOfGrids(db, [grid._id]);
  const last = new Map<string, string>();
  if (people.length) {
    const $ = db.command.aggregate;
    // One aggregate for the grid's register (a few dozen people), served by careRecipientId + visitedOn.
    const res = await db
      .collection(COLLECTIONS.volunteerVisits.name)
      .aggregate()
      .match({ careRecipientId: db.command.in(people.map((p) => p._id)) })
      .group({ _id: '$careRecipientId', last: $.max('$visitedOn') })
      .limit(1000)
      .end();
    for (const r of res.data as { _id: string; last: string }[]) last.set(r._id, r.last);
  }
  const today = chinaDate(clock.now());
  const items = people
    .filter((p) => visitDue(last.get(p._id) ?? null, today, dueDays))
    .map((p) => ({ careRecipientId: p._id, name: p.name, kinds: p.kinds, address: p.address, lastVisitedOn: last.get(p._id) ?? null, daysSince: daysSince(last.get(p._id) ?? null, today) }))
    .sort((a, b) => (b.daysSince ?? 100_000) - (a.daysSince ?? 100_000) || a.name.localeCompare(b.name, 'zh'));
  return { grid: { id: grid._id, name: grid.name }, dueDays, items, registered: people.length };
}
