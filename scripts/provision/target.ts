/**
 * Where provisioning writes: one small interface, two implementations — a CloudBase environment
 * (collections and indexes through `@cloudbase/manager-node`, documents through `@cloudbase/node-sdk`)
 * and the local engine (the same SDK's documents, the engine's own collections and indexes).
 */
import type { Db } from '@cloudbase/database';
import type { IndexDeclaration } from '../../cloudfunctions/_lib/indexes';
import type { Doc } from './plan';

export interface ProvisionTarget {
  /** Printed in the report: which environment this is. */
  readonly name: string;
  /** Collections this kind of target needs beyond the functions' own (the local gateway's sessions). */
  readonly extraCollections?: readonly string[];
  hasCollection(name: string): Promise<boolean>;
  createCollection(name: string): Promise<void>;
  hasIndex(index: IndexDeclaration): Promise<boolean>;
  createIndex(index: IndexDeclaration): Promise<void>;
  /** The stored documents among `ids` (absent ids are simply missing from the map). */
  readDocuments(collection: string, ids: readonly string[]): Promise<Map<string, Doc>>;
  /** Documents whose fields equal `where` (up to 1000). */
  findDocuments(collection: string, where: Record<string, string>): Promise<Doc[]>;
  /** Creates or replaces the document with this id. */
  writeDocument(collection: string, doc: Doc): Promise<void>;
}

/**
 * The index's name in CloudBase, from its fields: `villageId_1_status_1_createdAt_-1`, with a `_unique`
 * suffix for a unique index. Deterministic, so `checkIndexExists` finds what an earlier run created.
 */
export function indexNameOf(index: IndexDeclaration): string {
  const keys = index.fields.map((f) => `${f.field.replace(/\./g, '_')}_${f.direction === 'asc' ? '1' : '-1'}`).join('_');
  return index.unique ? `${keys}_unique` : keys;
}

/** The SDK reads at most 1000 documents a query; ids go 100 to an `in`. */
const READ_CHUNK = 100;

/** Documents through the production SDK (served by CloudBase, or by the local engine behind it). */
export function sdkDocuments(db: Db): Pick<ProvisionTarget, 'readDocuments' | 'findDocuments' | 'writeDocument'> {
  return {
    async readDocuments(collection, ids) {
      const out = new Map<string, Doc>();
      for (let i = 0; i < ids.length; i += READ_CHUNK) {
        const chunk = ids.slice(i, i + READ_CHUNK);
        const res = await db.collection(collection).where({ _id: db.command.in([...chunk]) }).limit(1000).get();
        for (const d of res.data as Doc[]) out.set(d._id, d);
      }
      return out;
    },
    async findDocuments(collection, where) {
      return (await db.collection(collection).where(where).limit(1000).get()).data as Doc[];
    },
    async writeDocument(collection, doc) {
      const { _id, ...body } = doc;
      await db.collection(collection).doc(_id).set(body);
    },
  };
}
