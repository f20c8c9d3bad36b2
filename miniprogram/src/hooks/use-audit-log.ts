import { useState } from 'react';
import { auditContract, type AuditEntryView } from '@shared/contracts/audit';
import { call } from '../client/cloud';
import { useCursorList } from './use-cursor-list';

/** What the reader narrows the log to: one person (by tapping their name), one action, a date range (China dates). */
export interface AuditFilter {
  actorId?: string;
  actorName?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** Supervisors and county admins: the audit log of their jurisdiction, a keyset page at a time. */
export function useAuditLog() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [units, setUnits] = useState<{ id: string; name: string }[]>([]);
  const { actorId, action, from, to } = filter;
  const list = useCursorList<AuditEntryView>(JSON.stringify({ actorId, action, from, to }), async (cursor) => {
    const page = await call(auditContract, 'list', { actorId, action, from, to, cursor, limit: 20 });
    setUnits(page.units);
    return page;
  });
  return {
    list,
    units,
    filter,
    onlyPerson: (id: string, name: string) => setFilter((f) => ({ ...f, actorId: id, actorName: name })),
    onlyAction: (code: string | undefined) => setFilter((f) => ({ ...f, action: code })),
    between: (range: { from?: string; to?: string }) => setFilter((f) => ({ ...f, ...range })),
    clear: () => setFilter({}),
  };
}
