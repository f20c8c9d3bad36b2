/**
 * npm run provision -- --env <envId> --county counties/qianyang.json [--dry-run] [--verbose]
 *
 * `--env local` provisions the local runtime's SQLite file (DATA_DIR, `.data` by default; stop
 * `npm start` first). Any other env id is a CloudBase environment, reached with the credentials in
 * TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for temporary keys).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connectCloudbase, credentialsFromEnv } from './provision/cloudbase-target';
import { formatProblems, readCountyFile } from './provision/county-file';
import { formatReport, provisionCounty } from './provision/provision';
import type { ProvisionTarget } from './provision/target';

const USAGE = 'usage: npm run provision -- --env <envId|local> --county <counties/xxx.json> [--dry-run] [--verbose]';

async function localTarget(dryRun: boolean): Promise<{ target: ProvisionTarget; close: () => void }> {
  const { database } = await import('../cloudfunctions/_lib/db');
  const { attachEngine, LocalEngine } = await import('../local/engine');
  const { localTarget: make } = await import('./provision/local-target');
  const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
  if (!dryRun) mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'local.sqlite');
  // A dry run of a data folder with no database yet reads an empty one, and leaves no file behind.
  const blank = dryRun && !existsSync(file) ? path.join(os.tmpdir(), `provision-dry-${process.pid}.sqlite`) : null;
  const engine = new LocalEngine({ file: blank ?? file, requireCollections: true });
  const db = database();
  attachEngine(engine);
  const close = () => {
    engine.close();
    if (blank) for (const f of [blank, `${blank}-wal`, `${blank}-shm`]) rmSync(f, { force: true });
  };
  return { target: make(engine, db, `local engine ${file}`), close };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { env: { type: 'string' }, county: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
  });
  if (!values.env || !values.county) {
    console.error(USAGE);
    return 2;
  }
  const file = values.county;
  const read = readCountyFile(file);
  if (!read.ok) {
    console.error(`县级配置文件有 ${read.problems.length} 处问题，未写入任何内容：\n${formatProblems(file, read.problems)}`);
    return 1;
  }
  let target: ProvisionTarget;
  let close: () => void = () => {};
  if (values.env === 'local') {
    process.env.TCB_ENV ||= 'local-provision';
    process.env.SILENCE ||= 'true';
    ({ target, close } = await localTarget(values['dry-run'] ?? false));
  } else {
    const credentials = credentialsFromEnv();
    if (!credentials) {
      console.error('缺少腾讯云密钥：请设置环境变量 TENCENTCLOUD_SECRETID 和 TENCENTCLOUD_SECRETKEY（见 .env.example）');
      return 2;
    }
    target = connectCloudbase(values.env, credentials);
  }
  try {
    const report = await provisionCounty(target, read.county, { dryRun: values['dry-run'] });
    console.log(formatReport(report, values.verbose));
  } finally {
    close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
