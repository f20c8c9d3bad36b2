/**
 * Indexes every function relies on. The local engine creates them as SQLite indexes; in the cloud
 * they are created once per environment in the CloudBase console (or `tcb db` tooling) from
 * this same list, so no query the functions make needs a collection scan.
 */
export interface IndexDeclaration {
  collection: string;
  fields: { field: string; direction: 'asc' | 'desc' }[];
  unique?: boolean;
}

const asc = (field: string) => ({ field, direction: 'asc' as const });
const desc = (field: string) => ({ field, direction: 'desc' as const });

export const INDEXES: IndexDeclaration[] = [
  { collection: 'users', fields: [asc('openid')], unique: true },
  { collection: 'users', fields: [asc('persona')] },
  { collection: 'orgUnits', fields: [asc('parentId')] },
  { collection: 'orgUnits', fields: [asc('kind')] },
  { collection: 'households', fields: [asc('unitId')] },
  { collection: 'wishes', fields: [asc('villageId'), asc('status'), desc('createdAt')] },
  { collection: 'wishes', fields: [asc('wisherId'), desc('createdAt')] },
  { collection: 'wishes', fields: [asc('claimantId'), asc('status')] },
  { collection: 'notifications', fields: [asc('recipientId'), desc('createdAt')] },
  { collection: 'notifications', fields: [asc('delivery.status'), asc('delivery.nextAttemptAt')] },
  { collection: 'auditLog', fields: [asc('target.id')] },
];
