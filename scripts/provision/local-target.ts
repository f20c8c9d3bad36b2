/**
 * The local engine as a provisioning target: the same documents through the same SDK the functions
 * use, and the engine's own collections and SQLite indexes in place of manager-node's calls.
 */
import type { Db } from '@cloudbase/database';
import type { IndexDeclaration } from '../../cloudfunctions/_lib/indexes';
import type { LocalEngine } from '../../local/engine';
import { SESSIONS } from '../../local/sessions';
import { sdkDocuments, type ProvisionTarget } from './target';

const sameIndex = (a: { fields: { field: string; direction?: unknown }[]; unique?: boolean }, b: IndexDeclaration) =>
  Boolean(a.unique) === Boolean(b.unique) &&
  a.fields.length === b.fields.length &&
  a.fields.every((f, i) => f.field === b.fields[i]!.field && (f.direction ?? 'asc') === b.fields[i]!.direction);

export function localTarget(engine: LocalEngine, db: Db, name = 'local engine'): ProvisionTarget {
  return {
    name,
    extraCollections: [SESSIONS],
    async hasCollection(collection) {
      return engine.store.hasCollection(collection);
    },
    async createCollection(collection) {
      engine.store.ensureCollection(collection);
    },
    async hasIndex(index) {
      return engine.store.indexesOf(index.collection).some((s) => sameIndex(s, index));
    },
    async createIndex(index) {
      engine.ensureIndexes([index]);
    },
    ...sdkDocuments(db),
  };
}
