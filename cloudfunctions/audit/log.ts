import type { In, Out } from './types';
import { auditActionLabel, auditChanges, auditUnitsOf } from '../../shared/domain/audit-log';
import { endOfChinaDay, startOfChinaDay } from '../../shared/domain/china-time';
import { maskNumbersInText } from '../../shared/domain/masking';
import type { AuditRecord, OrgUnitRecord } from '../../shared/domain/records';
import { COLLECTIONS } from '../_lib/collections';
import { pageByTime, readByIds } from '../_lib/db';
import { forbidden } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';

type StoredAudit = AuditRecord & { _id: string };

/** A supervisor or county admin reads the log of the units they supervise, filtered by person, action and China dates. */
export async function listAudit(input: In<'list'>, ctx: MemberContext): Promise<Out<'list'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const mine = auditUnitsOf(caller.roles);
  if (mine.length === 0) throw forbidden('只有村务监督委员会、纪检人员和县级管理员可以查看操作记录');
  if (input.unitId && !mine.includes(input.unitId)) throw forbidden('只能查看您监督范围内的操作记录');
  const units = input.unitId ? [input.unitId] : mine;
  const where: Record<string, unknown> = { path: units.length === 1 ? units[0] : _.in(units) };
  if (input.actorId) where.actorId = input.actorId;
  if (input.action) where.action = input.action;
  if (input.from || input.to) {
    const range = [
      ...(input.from ? [_.gte(startOfChinaDay(input.from).toISOString())] : []),
      ...(input.to ? [_.lte(endOfChinaDay(input.to))] : []),
    ];
    where.at = range.length === 1 ? range[0] : _.and(range);
  }
  const page = await pageByTime<StoredAudit, 'at'>(db, COLLECTIONS.auditLog.name, 'at', where, input.cursor, input.limit);
  const named = await readByIds<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, mine);
  return {
    items: page.items.map((a) => ({
      id: a._id,
      at: a.at,
      actorId: a.actorId,
      actorName: a.actorName,
      action: a.action,
      actionLabel: auditActionLabel(a.action),
      changes: auditChanges(a.before, a.after, maskNumbersInText),
    })),
    nextCursor: page.nextCursor,
    units: named.map((u) => ({ id: u._id, name: u.name })),
  };
}
