import type { AlertRecord } from '../../shared/domain/alert-records';
import type { Relation } from './store';
import type { Out } from './types';

/** The status as people read it: an alert past its expiry reads 已过期 although nobody ended it. */
export function statusOf(a: AlertRecord, now: string): 'active' | 'ended' | 'expired' {
  if (a.status === 'ended') return 'ended';
  return a.expiresAt > now ? 'active' : 'expired';
}

export function alertView(a: AlertRecord, rel: Relation, now: string): Out<'alert'> {
  return {
    id: a._id,
    kind: a.kind,
    severity: a.severity,
    urgency: a.urgency,
    title: a.title,
    instruction: a.instruction,
    description: a.description,
    areaNames: a.areaNames,
    issuerName: a.issuerName,
    issuerUnitName: a.issuerUnitName,
    status: statusOf(a, now),
    version: a.version,
    updates: a.updates.map((u) => ({ at: u.at, version: u.version, severity: u.severity, instruction: u.instruction, note: u.note })),
    issuedAt: a.issuedAt,
    updatedAt: a.updatedAt,
    expiresAt: a.expiresAt,
    ackDueAt: a.ackDueAt,
    endedAt: a.endedAt,
    endNote: a.endNote,
    gridCount: a.gridCount,
    ackedGrids: a.ackedGrids,
    canManage: rel.manage && a.status === 'active',
    canAcknowledge: rel.gridIds.length > 0,
    canSeeStatus: rel.status,
  };
}

export function alertSummary(a: AlertRecord, rel: Relation, now: string): Out<'current'>['items'][number] {
  const v = alertView(a, rel, now);
  return {
    id: v.id,
    kind: v.kind,
    severity: v.severity,
    urgency: v.urgency,
    title: v.title,
    instruction: v.instruction,
    areaNames: v.areaNames,
    status: v.status,
    issuedAt: v.issuedAt,
    updatedAt: v.updatedAt,
    expiresAt: v.expiresAt,
    gridCount: v.gridCount,
    ackedGrids: v.ackedGrids,
    canAcknowledge: v.canAcknowledge,
    canSeeStatus: v.canSeeStatus,
  };
}
