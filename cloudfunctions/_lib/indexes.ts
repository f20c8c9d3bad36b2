import { COLLECTIONS } from './collections';

/**
 * Indexes every function relies on, read from the collection table (collections.ts). The local
 * engine creates them as SQLite indexes; in the cloud they are created once per environment from
 * this same list, so no query the functions make needs a collection scan.
 */
export interface IndexDeclaration {
  collection: string;
  fields: { field: string; direction: 'asc' | 'desc' }[];
  unique?: boolean;
}

export const INDEXES: IndexDeclaration[] = Object.values(COLLECTIONS).flatMap((c) =>
  c.indexes.map((i) => ({ collection: c.name, fields: i.fields, ...(i.unique ? { unique: true } : {}) })),
);
