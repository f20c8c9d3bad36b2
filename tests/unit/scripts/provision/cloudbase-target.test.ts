import type { Db } from '@cloudbase/database';
import { COLLECTION_NAMES } from '../../../../cloudfunctions/_lib/collections';
import { INDEXES } from '../../../../cloudfunctions/_lib/indexes';
import { cloudbaseTarget, credentialsFromEnv, type ManagerDatabase } from '../../../../scripts/provision/cloudbase-target';
import { parseCountyFile } from '../../../../scripts/provision/county-file';
import { provisionCounty } from '../../../../scripts/provision/provision';
import { indexNameOf } from '../../../../scripts/provision/target';
import { readFileSync } from 'node:fs';
import path from 'node:path';

type Call = [method: string, ...args: unknown[]];

/**
 * A recorded stand-in for `@cloudbase/manager-node` 5.6.x's `app.database` (DatabaseService), answering
 * as its documented methods do: `checkCollectionExists` → `{ Exists }`, `createCollectionIfNotExists` →
 * `{ IsCreated }`, `checkIndexExists` fails for a collection that does not exist (it describes the
 * table), and `updateCollection` with `CreateIndexes` fails on an index name that exists.
 */
class ManagerDatabaseStandIn implements ManagerDatabase {
  readonly calls: Call[] = [];
  readonly tables = new Map<string, { IndexName: string; MgoKeySchema: unknown }[]>();

  async checkCollectionExists(name: string) {
    this.calls.push(['checkCollectionExists', name]);
    return this.tables.has(name) ? { RequestId: 'r', Exists: true } : { RequestId: 'r', Exists: false, Msg: 'collection not exists' };
  }
  async createCollectionIfNotExists(name: string) {
    this.calls.push(['createCollectionIfNotExists', name]);
    if (this.tables.has(name)) return { RequestId: '', IsCreated: false };
    this.tables.set(name, []);
    return { RequestId: 'r', IsCreated: true };
  }
  async checkIndexExists(name: string, indexName: string) {
    this.calls.push(['checkIndexExists', name, indexName]);
    const table = this.tables.get(name);
    if (!table) throw Object.assign(new Error('[ResourceNotFound] collection not exists'), { code: 'ResourceNotFound' });
    return { RequestId: 'r', Exists: table.some((i) => i.IndexName === indexName) };
  }
  async updateCollection(name: string, options: Parameters<ManagerDatabase['updateCollection']>[1]) {
    this.calls.push(['updateCollection', name, options]);
    const table = this.tables.get(name);
    if (!table) throw new Error('[ResourceNotFound] collection not exists');
    for (const index of options.CreateIndexes ?? []) {
      if (table.some((i) => i.IndexName === index.IndexName)) throw new Error(`[InvalidParameter] index ${index.IndexName} exists`);
      table.push(index);
    }
    return { RequestId: 'r' };
  }
  methods(): string[] {
    return [...new Set(this.calls.map((c) => c[0]))];
  }
}

/** A stand-in for the node-sdk database's document calls provisioning makes: `where({ _id: in }).limit().get()` and `doc(id).set()`. */
function documentStandIn() {
  const store = new Map<string, Map<string, Record<string, unknown>>>();
  const sets: string[] = [];
  const db = {
    command: { in: (ids: string[]) => ({ $in: ids }) },
    collection(name: string) {
      const docs = () => store.get(name) ?? store.set(name, new Map()).get(name)!;
      return {
        where(query: Record<string, unknown>) {
          const ids = (query._id as { $in?: string[] } | undefined)?.$in;
          const rows: Record<string, unknown>[] = [...docs().entries()].map(([id, body]) => ({ _id: id, ...body }));
          const hits = ids ? rows.filter((r) => ids.includes(r._id as string)) : rows.filter((r) => Object.entries(query).every(([k, v]) => r[k] === v));
          return { limit: () => ({ get: async () => ({ data: hits }) }) };
        },
        doc(id: string) {
          return {
            set: async (body: Record<string, unknown>) => {
              sets.push(`${name}/${id}`);
              docs().set(id, body);
              return { updated: 1 };
            },
          };
        },
      };
    },
  };
  return { db: db as unknown as Db, store, sets };
}

const text = readFileSync(path.join(__dirname, '../../../../counties/qianyang.json'), 'utf8');
const parsed = parseCountyFile(text);
if (!parsed.ok) throw new Error('qianyang.json must be valid');
const county = parsed.county;

describe('cloudbaseTarget (against a stand-in for manager-node and node-sdk)', () => {
  it('creates every collection and every index, unique ones as unique, through the documented calls', async () => {
    const manager = new ManagerDatabaseStandIn();
    const docs = documentStandIn();
    const report = await provisionCounty(cloudbaseTarget('qy-test', manager, docs.db), county);
    expect([...manager.tables.keys()].sort()).toEqual(expect.arrayContaining([...COLLECTION_NAMES].sort()));
    expect(manager.tables.get('users')).toContainEqual({
      IndexName: 'openid_1_unique',
      MgoKeySchema: { MgoIndexKeys: [{ Name: 'openid', Direction: '1' }], MgoIsUnique: true },
    });
    expect(manager.tables.get('wishes')).toContainEqual({
      IndexName: 'villageId_1_status_1_createdAt_-1',
      MgoKeySchema: {
        MgoIndexKeys: [
          { Name: 'villageId', Direction: '1' },
          { Name: 'status', Direction: '1' },
          { Name: 'createdAt', Direction: '-1' },
        ],
        MgoIsUnique: false,
      },
    });
    const indexCount = [...manager.tables.values()].reduce((n, t) => n + t.length, 0);
    expect(indexCount).toBe(INDEXES.length);
    expect(report.indexesCreated).toHaveLength(INDEXES.length);
    // Each document once, each item's first version beside it, and the run's audit entry.
    expect(docs.sets).toHaveLength(report.counts.create + report.changes.filter((c) => c.collection === 'powerItems').length + 1);
    expect(docs.sets.filter((s) => s.startsWith('auditLog/'))).toHaveLength(1);
    expect(docs.store.get('config')!.get('subscribe')).toMatchObject({ templates: expect.any(Array) });
  });

  it('asks before it creates, so a second run creates nothing', async () => {
    const manager = new ManagerDatabaseStandIn();
    const docs = documentStandIn();
    const target = cloudbaseTarget('qy-test', manager, docs.db);
    await provisionCounty(target, county);
    manager.calls.length = 0;
    docs.sets.length = 0;
    const again = await provisionCounty(target, county);
    expect(manager.methods().sort()).toEqual(['checkCollectionExists', 'checkIndexExists']);
    expect(docs.sets).toEqual([]);
    expect(again.counts).toMatchObject({ create: 0, update: 0, version: 0 });
  });

  it('only asks on a dry run of an empty environment', async () => {
    const manager = new ManagerDatabaseStandIn();
    const docs = documentStandIn();
    const report = await provisionCounty(cloudbaseTarget('qy-test', manager, docs.db), county, { dryRun: true });
    expect(manager.methods()).toEqual(['checkCollectionExists']);
    expect(manager.tables.size).toBe(0);
    expect(docs.sets).toEqual([]);
    expect(report.collectionsCreated.length).toBeGreaterThanOrEqual(COLLECTION_NAMES.length);
    expect(report.indexesCreated).toHaveLength(INDEXES.length);
  });

  it('stops at a refused key instead of taking it for a missing collection', async () => {
    const manager = new ManagerDatabaseStandIn();
    manager.checkCollectionExists = async () => ({ RequestId: 'r', Exists: false, Msg: '[AuthFailure.SecretIdNotFound] The SecretId is not found' });
    const docs = documentStandIn();
    await expect(provisionCounty(cloudbaseTarget('qy-test', manager, docs.db), county, { dryRun: true })).rejects.toThrow('CloudBase 拒绝了请求');
  });

  it('names indexes from their fields, deterministically', () => {
    expect(indexNameOf({ collection: 'notifications', fields: [{ field: 'delivery.status', direction: 'asc' }, { field: 'createdAt', direction: 'desc' }] })).toBe('delivery_status_1_createdAt_-1');
    expect(new Set(INDEXES.map((i) => `${i.collection}.${indexNameOf(i)}`)).size).toBe(INDEXES.length);
  });
});

describe('credentialsFromEnv', () => {
  it('reads the Tencent Cloud key pair and an optional session token from the environment', () => {
    expect(credentialsFromEnv({ TENCENTCLOUD_SECRETID: 'id', TENCENTCLOUD_SECRETKEY: 'key' })).toEqual({ secretId: 'id', secretKey: 'key' });
    expect(credentialsFromEnv({ TENCENTCLOUD_SECRETID: 'id', TENCENTCLOUD_SECRETKEY: 'key', TENCENTCLOUD_SESSIONTOKEN: 't' })).toEqual({ secretId: 'id', secretKey: 'key', token: 't' });
  });

  it('gives nothing when either half of the pair is missing', () => {
    expect(credentialsFromEnv({ TENCENTCLOUD_SECRETID: 'id' })).toBeNull();
    expect(credentialsFromEnv({})).toBeNull();
  });
});
