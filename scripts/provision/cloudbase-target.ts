/**
 * A CloudBase environment as a provisioning target. The management calls are the documented API of
 * `@cloudbase/manager-node` 5.6.x (`app.database.*`); documents go through `@cloudbase/node-sdk`, the
 * SDK the functions use. Credentials come from the environment, never from the repository.
 */
import type { Db } from '@cloudbase/database';
import type { IndexDeclaration } from '../../cloudfunctions/_lib/indexes';
import { indexNameOf, sdkDocuments, type ProvisionTarget } from './target';

/** The part of manager-node's `DatabaseService` provisioning uses (5.6.x; the real class is checked against it in connectCloudbase). */
export interface ManagerDatabase {
  checkCollectionExists(collectionName: string): Promise<{ RequestId?: string; Exists: boolean; Msg?: string }>;
  createCollectionIfNotExists(collectionName: string): Promise<{ RequestId?: string; IsCreated: boolean; ExistsResult?: unknown }>;
  checkIndexExists(collectionName: string, indexName: string): Promise<{ RequestId?: string; Exists: boolean }>;
  updateCollection(
    collectionName: string,
    options: {
      CreateIndexes?: {
        IndexName: string;
        MgoKeySchema: { MgoIndexKeys: { Name: string; Direction: '1' | '-1' }[]; MgoIsUnique: boolean };
      }[];
    },
  ): Promise<{ RequestId?: string }>;
}

export interface Credentials {
  secretId: string;
  secretKey: string;
  token?: string;
}

/** TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for temporary keys). */
export function credentialsFromEnv(env: Record<string, string | undefined> = process.env): Credentials | null {
  const secretId = env.TENCENTCLOUD_SECRETID?.trim();
  const secretKey = env.TENCENTCLOUD_SECRETKEY?.trim();
  if (!secretId || !secretKey) return null;
  const token = env.TENCENTCLOUD_SESSIONTOKEN?.trim();
  return token ? { secretId, secretKey, token } : { secretId, secretKey };
}

const REFUSED = /AuthFailure|SecretId|signature|签名|UnauthorizedOperation|InvalidParameter\.EnvId|ResourceNotFound\.Env|环境不存在/i;

export function cloudbaseTarget(envId: string, manager: ManagerDatabase, db: Db): ProvisionTarget {
  return {
    name: `CloudBase environment ${envId}`,
    async hasCollection(name) {
      const res = await manager.checkCollectionExists(name);
      // manager-node answers every failure of its DescribeTable as "does not exist"; a refused key is not that.
      if (!res.Exists && res.Msg && REFUSED.test(res.Msg)) throw new Error(`CloudBase 拒绝了请求（请检查密钥和环境 ID）：${res.Msg}`);
      return res.Exists;
    },
    async createCollection(name) {
      await manager.createCollectionIfNotExists(name);
    },
    async hasIndex(index: IndexDeclaration) {
      return (await manager.checkIndexExists(index.collection, indexNameOf(index))).Exists;
    },
    async createIndex(index: IndexDeclaration) {
      await manager.updateCollection(index.collection, {
        CreateIndexes: [
          {
            IndexName: indexNameOf(index),
            MgoKeySchema: {
              MgoIndexKeys: index.fields.map((f) => ({ Name: f.field, Direction: f.direction === 'asc' ? '1' : '-1' })),
              MgoIsUnique: Boolean(index.unique),
            },
          },
        ],
      });
    },
    ...sdkDocuments(db),
  };
}

/**
 * The real SDKs for `envId`. manager-node is loaded only here, so nothing else (tests, the local
 * runtime, the functions) needs it installed.
 */
export function connectCloudbase(envId: string, credentials: Credentials): ProvisionTarget {
  let CloudBase: typeof import('@cloudbase/manager-node');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('@cloudbase/manager-node');
    CloudBase = mod.default ?? mod;
  } catch {
    throw new Error('缺少 @cloudbase/manager-node：请先运行 npm install（它在 package.json 里）');
  }
  const manager = new CloudBase({ ...credentials, envId });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tcb = require('@cloudbase/node-sdk') as typeof import('@cloudbase/node-sdk');
  const app = tcb.init({ env: envId, secretId: credentials.secretId, secretKey: credentials.secretKey, sessionToken: credentials.token });
  // The real DatabaseService is passed where ManagerDatabase is expected: the compiler checks the documented shape.
  return cloudbaseTarget(envId, manager.database, app.database() as unknown as Db);
}
