import type { Db } from '@cloudbase/database';
import type { AlertRecord } from '../../shared/domain/alert-records';
import {
  ALERT_ISSUER_ROLES,
  ALERT_KIND_LABELS,
  ALERT_SEVERITY_LABELS,
  canIssueOver,
  isAreaUnit,
  isInForce,
  nextEscalationAt,
  normaliseArea,
  timingIssue,
  placesOf,
} from '../../shared/domain/alert-rules';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { checkText } from '../_lib/content-check';
import { findById, readAll, readByIds, type Tx } from '../_lib/db';
import { AppError, conflict, forbidden, invalid } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enqueueAudiences, type FanOut, type Message } from '../_lib/outbox';
import { runTransaction } from '../_lib/transaction';
import { alertIdFor, areaGrids, loadAlert, pathsOf, rolePaths, relationTo, residentsPrefix, type Relation } from './store';
import { alertView } from './views';
import type { In, Out } from './types';

const HOUR_MS = 3600_000;
const MINUTE_MS = 60_000;
/** Grid leaders' role keys per fan-out row (a county-wide alert names 600 grids). */
const KEYS_PER_FANOUT = 200;

function isIssuer(user: UserRecord): boolean {
  return user.roles.some((r) => (ALERT_ISSUER_ROLES as readonly string[]).includes(r.role));
}

/** Alert text is read by every resident of the area: checked first; a held text is refused, never sent unchecked. */
async function checkAlertText(ctx: MemberContext, texts: Record<string, string>): Promise<void> {
  const { held } = await checkText(ctx, texts);
  if (held.length) throw new AppError('CONTENT_REJECTED', `预警内容未通过内容安全检查（${held[0]!.reason}），请修改后再发布`);
}

function headline(a: Pick<AlertRecord, 'kind' | 'severity' | 'title'>): string {
  return `${ALERT_KIND_LABELS[a.kind]}${ALERT_SEVERITY_LABELS[a.severity].slice(0, 4)}：${a.title}`;
}

/**
 * One message to every resident of the area, written with the change: one fan-out per place of the
 * (disjoint) area, all sharing one row prefix, so nobody is told twice. The grid leaders get their task.
 * Every fan-out in one batch add, however many places the area has.
 */
async function tellArea(tx: Tx, a: AlertRecord, gridIds: readonly string[] | null, residents: Message, what: 'v' | 'end'): Promise<void> {
  const prefix = residentsPrefix(a._id, a.version, what);
  const fanOuts: FanOut[] = a.areaUnitIds.map((unitId, i) => ({ id: `${prefix}-${i}`, audience: { kind: 'area-residents', unitId }, message: residents, rowPrefix: prefix }));
  const keys = (gridIds ?? []).map((g) => `grid-leader@${g}`);
  const task: Message = {
    kind: 'alert.notifyHouseholds',
    title: `请通知到户：${headline(a)}`,
    body: `请尽快通知本网格每一户，当面告知独居老人等关爱对象，然后在小程序里确认“已通知到户”。`,
    link: { page: 'alert-ack', id: a._id },
  };
  for (let i = 0; i < keys.length; i += KEYS_PER_FANOUT) {
    fanOuts.push({ id: `${a._id}-gl${a.version}-${i / KEYS_PER_FANOUT}`, audience: { kind: 'role-holders', roleKeys: keys.slice(i, i + KEYS_PER_FANOUT) }, message: task, rowPrefix: `${a._id}-gl${a.version}` });
  }
  await enqueueAudiences(tx, fanOuts);
}

/** The places of an area as chosen, from the units read: each must exist, be a town, village or grid, and be in service. */
function areaOf(units: readonly OrgUnitRecord[], ids: readonly string[]): OrgUnitRecord[] {
  const found = new Map(units.map((u) => [u._id, u]));
  const bad = ids.filter((id) => {
    const u = found.get(id);
    return !u || !isAreaUnit(u) || Boolean(u.retiredAt);
  });
  if (bad.length) throw invalid('预警范围里有找不到或不能选的地方', [{ path: 'areaUnitIds', message: '请重新选择预警范围' }]);
  return ids.map((id) => found.get(id)!);
}

/**
 * 发布预警. The requests stay the same however large the area: the caller; one read of the places chosen
 * with the units the caller holds roles at (the issuer's unit name, how the caller stands to the alert);
 * one query for every grid of the area; then one transaction: the retry check, the alert, its audit
 * entry and every fan-out in one batch add. The answer is built from the record as written.
 */
export async function issueAlert(input: In<'issue'>, ctx: MemberContext): Promise<Out<'issue'>> {
  const { db, caller } = ctx;
  if (!isIssuer(caller)) throw forbidden('只有镇（街道）干部和县级管理员可以发布预警');
  const timing = timingIssue(input.ackWithinMinutes, input.expiresInHours);
  if (timing) throw invalid(timing, [{ path: 'ackWithinMinutes', message: timing }]);
  const units = await readByIds<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, [...new Set([...input.areaUnitIds, ...caller.roles.map((r) => r.unitId)])]);
  const chosen = areaOf(units, input.areaUnitIds);
  if (!canIssueOver(caller.roles, chosen)) throw forbidden('只能在您管辖的范围内发布预警');
  const area = normaliseArea(chosen);
  const id = alertIdFor(caller._id, input.requestId);
  const now = clock.nowIso();
  await checkAlertText(ctx, { title: input.title, instruction: input.instruction, description: input.description });
  const grids = await areaGrids(db, area.map((u) => u._id));
  if (grids.length === 0) throw invalid('所选范围内还没有网格', [{ path: 'areaUnitIds', message: '所选范围内还没有网格' }]);
  const issuerUnit = caller.roles.find((r) => (ALERT_ISSUER_ROLES as readonly string[]).includes(r.role) && area.every((u) => u.path.includes(r.unitId)));
  const issuerUnitName = (issuerUnit && units.find((u) => u._id === issuerUnit.unitId)?.name) ?? '';
  const ackDueAt = new Date(Date.parse(now) + input.ackWithinMinutes * MINUTE_MS).toISOString();
  const expiresAt = new Date(Date.parse(now) + input.expiresInHours * HOUR_MS).toISOString();
  const record: AlertRecord = {
    _id: id,
    countyId: area[0]!.path[0]!,
    kind: input.kind,
    severity: input.severity,
    urgency: input.urgency,
    title: input.title,
    instruction: input.instruction,
    description: input.description,
    areaUnitIds: area.map((u) => u._id),
    areaNames: area.map((u) => u.name),
    areaPaths: area.map((u) => [...u.path]),
    placeIds: placesOf(area),
    gridCount: grids.length,
    ackedGrids: 0,
    issuerId: caller._id,
    issuerName: caller.name,
    issuerUnitName,
    status: 'active',
    version: 1,
    updates: [],
    issuedAt: now,
    updatedAt: now,
    expiresAt,
    ackDueAt,
    townAfterMinutes: input.townAfterMinutes,
    escalated: 0,
    escalateAt: null,
    endedAt: null,
    endNote: null,
    requestId: input.requestId,
  };
  record.escalateAt = nextEscalationAt(record);
  // A retried issue (same requestId) finds its alert and answers it as it stands.
  let stored: AlertRecord = record;
  await runTransaction(db, async (tx) => {
    const existing = await findById<AlertRecord>(tx, COLLECTIONS.alerts.name, id);
    stored = existing ?? record;
    if (existing) return;
    await tx.collection(COLLECTIONS.alerts.name).add(record);
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'alerts.issue',
      target: { collection: COLLECTIONS.alerts.name, id },
      before: null,
      after: { kind: record.kind, severity: record.severity, title: record.title, areaNames: record.areaNames, expiresAt },
      path: commonPath(record.areaPaths),
    });
    await tellArea(tx, record, grids.map((g) => g._id), { kind: 'alert.issued', title: headline(record), body: record.instruction, link: { page: 'alert', id } }, 'v');
  });
  return alertView(stored, relationTo(caller, stored, stored.areaPaths, pathsOf(units)), now);
}

/** The longest path every area place shares (the audit entry's place: a town, or the county). */
export function commonPath(paths: readonly (readonly string[])[]): string[] {
  if (!paths.length) return [];
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const v = paths[0]![i];
    if (v === undefined || paths.some((p) => p[i] !== v)) return out;
    out.push(v);
  }
}

/** The alert and how the caller stands to it (its area never changes: the answer after the change reuses it). */
async function loadManaged(ctx: MemberContext, alertId: string): Promise<{ a: AlertRecord; rel: Relation }> {
  const a = await loadAlert(ctx.db, alertId);
  const rel = relationTo(ctx.caller, a, a.areaPaths, await rolePaths(ctx.db, ctx.caller));
  if (!rel.manage) throw forbidden('只有管辖整个预警范围的镇（街道）干部或县级管理员可以更新、解除这条预警');
  if (!isInForce(a, clock.nowIso())) throw conflict(a.status === 'ended' ? '这条预警已经解除了' : '这条预警已经过期了');
  return { a, rel };
}

export async function updateAlert(input: In<'update'>, ctx: MemberContext): Promise<Out<'update'>> {
  const { db, caller } = ctx;
  const { a, rel } = await loadManaged(ctx, input.alertId);
  await checkAlertText(ctx, { instruction: input.instruction, note: input.note });
  const now = clock.nowIso();
  let written: AlertRecord = a;
  await runTransaction(db, async (tx) => {
    const cur = await loadAlert(tx, a._id);
    if (!isInForce(cur, now)) throw conflict('这条预警已经解除了');
    const version = cur.version + 1;
    const expiresAt = input.expiresInHours ? new Date(Date.parse(now) + input.expiresInHours * HOUR_MS).toISOString() : cur.expiresAt;
    if (expiresAt < cur.ackDueAt) throw invalid('有效期不能早于通知到户的时限', [{ path: 'expiresInHours', message: '有效期不能早于通知到户的时限' }]);
    const next: AlertRecord = {
      ...cur,
      severity: input.severity,
      urgency: input.urgency,
      instruction: input.instruction,
      version,
      expiresAt,
      updatedAt: now,
      updates: [...cur.updates, { at: now, version, severity: input.severity, urgency: input.urgency, instruction: input.instruction, note: input.note, byName: caller.name }],
    };
    const escalateAt = nextEscalationAt(next);
    written = { ...next, escalateAt };
    await tx.collection(COLLECTIONS.alerts.name).doc(cur._id).update({
      severity: next.severity,
      urgency: next.urgency,
      instruction: next.instruction,
      version,
      expiresAt,
      updatedAt: now,
      updates: next.updates,
      escalateAt,
    });
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'alerts.update',
      target: { collection: COLLECTIONS.alerts.name, id: cur._id },
      before: { severity: cur.severity, instruction: cur.instruction, version: cur.version },
      after: { severity: next.severity, instruction: next.instruction, version, note: input.note },
      path: commonPath(cur.areaPaths),
    });
    await tellArea(tx, next, null, { kind: 'alert.updated', title: `预警更新：${headline(next)}`, body: `${input.note}。${next.instruction}`, link: { page: 'alert', id: cur._id } }, 'v');
  });
  // The alert as the transaction wrote it, not read again.
  return alertView(written, rel, now);
}

export async function endAlert(input: In<'end'>, ctx: MemberContext): Promise<Out<'end'>> {
  const { db, caller } = ctx;
  const { a, rel } = await loadManaged(ctx, input.alertId);
  await checkAlertText(ctx, { note: input.note });
  const now = clock.nowIso();
  let written: AlertRecord = a;
  await runTransaction(db, async (tx) => {
    const cur = await loadAlert(tx, a._id);
    if (cur.status === 'ended') throw conflict('这条预警已经解除了');
    const ended = { status: 'ended', endedAt: now, endNote: input.note, updatedAt: now, escalateAt: null } as const;
    written = { ...cur, ...ended };
    await tx.collection(COLLECTIONS.alerts.name).doc(cur._id).update(ended);
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'alerts.end',
      target: { collection: COLLECTIONS.alerts.name, id: cur._id },
      before: { status: cur.status },
      after: { status: 'ended', note: input.note },
      path: commonPath(cur.areaPaths),
    });
    await tellArea(tx, cur, null, { kind: 'alert.ended', title: `预警解除：${ALERT_KIND_LABELS[cur.kind]} ${cur.title}`, body: input.note, link: { page: 'alert', id: cur._id } }, 'end');
  });
  // The alert as the transaction wrote it, not read again.
  return alertView(written, rel, now);
}

/** The places an issuer may choose: the towns and villages they hold, or the grids of one village. */
export async function listPlaces(input: In<'places'>, ctx: MemberContext): Promise<Out<'places'>> {
  const { db, caller } = ctx;
  const grants = caller.roles.filter((r) => (ALERT_ISSUER_ROLES as readonly string[]).includes(r.role));
  if (!grants.length) throw forbidden('只有镇（街道）干部和县级管理员可以发布预警');
  const view = (u: OrgUnitRecord) => ({ id: u._id, name: u.name, kind: u.kind, parentId: u.parentId });
  if (input.villageId) {
    const village = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, input.villageId);
    if (!village || !canIssueOver(caller.roles, [village])) throw forbidden('只能选择您管辖的村（社区）');
    const grids = await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { parentId: village._id });
    return { units: grids.filter((g) => g.kind === 'grid' && !g.retiredAt).map(view) };
  }
  // A county holds 7 towns and 80 villages; a town's jurisdiction a dozen: all of them, paged by id.
  const out: OrgUnitRecord[] = [];
  for (const g of grants) {
    const under = await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { path: g.unitId, kind: db.command.in(['town', 'village', 'community']) }, ['name', 'kind', 'parentId', 'path', 'retiredAt']);
    out.push(...under.filter((u) => (u.kind === 'town' || u.kind === 'village' || u.kind === 'community') && !u.retiredAt));
  }
  const seen = new Set<string>();
  const units = out.filter((u) => !seen.has(u._id) && seen.add(u._id)).sort((a, b) => a.path.join('/').localeCompare(b.path.join('/')));
  return { units: units.map(view) };
}
