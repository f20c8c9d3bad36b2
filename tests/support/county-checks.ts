import type { LocalEngine } from '../../local/engine';

/**
 * Independent counts over the SQLite file itself (plain SQL on the stored JSON), for checking what the
 * functions answer on a county-scale data set: never the code's own queries or results.
 */
export class SqlCounts {
  constructor(private readonly engine: LocalEngine) {}

  private table(collection: string): string {
    return (this.engine.store as unknown as { table(c: string): string }).table(collection);
  }

  /** `SELECT <select> FROM <collection> <rest>`; `$.field` paths via j('field'). */
  all<T = Record<string, number | string>>(collection: string, select: string, rest = '', ...params: unknown[]): T[] {
    return this.engine.store.db.prepare(`SELECT ${select} FROM ${this.table(collection)} ${rest}`).all(...params) as T[];
  }

  one(collection: string, select: string, rest = '', ...params: unknown[]): number {
    const row = this.engine.store.db.prepare(`SELECT ${select} AS n FROM ${this.table(collection)} ${rest}`).get(...params) as { n: number | null };
    return row.n ?? 0;
  }
}

/** json_extract of a field of the stored body. */
export const j = (field: string): string => `json_extract(body, '$.${field}')`;
