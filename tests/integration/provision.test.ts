process.env.SILENCE = 'true';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import type { Db } from '@cloudbase/database';
import { COLLECTION_NAMES } from '../../cloudfunctions/_lib/collections';
import { INDEXES } from '../../cloudfunctions/_lib/indexes';
import { attachEngine, detachEngine, LocalEngine } from '../../local/engine';
import { SESSIONS } from '../../local/sessions';
import { parseCountyFile } from '../../scripts/provision/county-file';
import { localTarget } from '../../scripts/provision/local-target';
import { provisionCounty, provisionFile } from '../../scripts/provision/provision';
import type { CountyFile } from '../../shared/contracts/county';
import { startTestRuntime } from '../support/runtime';

const FILE = path.join(__dirname, '../../counties/qianyang.json');
const TEXT = readFileSync(FILE, 'utf8');

function county(): CountyFile {
  const parsed = parseCountyFile(TEXT);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.county;
}

interface Empty {
  engine: LocalEngine;
  db: Db;
  close(): void;
}

/** A local engine on a new SQLite file with no collection and no index: a county's empty environment. */
function emptyEnvironment(): Empty {
  const file = path.join(os.tmpdir(), `provision-test-${process.pid}-${Math.random().toString(16).slice(2)}.sqlite`);
  const engine = new LocalEngine({ file, requireCollections: true });
  const db = tcb.init({ env: 'local-test' }).database() as unknown as Db;
  attachEngine(engine);
  return {
    engine,
    db,
    close() {
      detachEngine();
      engine.close();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    },
  };
}

async function dump(env: Empty): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const c of [...env.engine.store.listCollections()].sort()) {
    out[c] = ((await env.db.collection(c).limit(1000).orderBy('_id', 'asc').get()).data as unknown[]) ?? [];
  }
  return out;
}

async function count(env: Empty, collection: string, where: object = {}): Promise<number> {
  return ((await env.db.collection(collection).where(where).count()) as { total: number }).total;
}

/** What the county file holds, counted from the raw JSON without the provisioning code. */
function expectedCounts() {
  const raw = JSON.parse(TEXT);
  const villages = raw.towns.flatMap((t: { villages: unknown[] }) => t.villages);
  const grids = villages.reduce((n: number, v: { grids: unknown[] }) => n + v.grids.length, 0);
  const homes = villages.filter((v: { policeHome?: unknown }) => v.policeHome);
  const services = homes.reduce((n: number, v: { policeHome: { services?: unknown[] } }) => n + (v.policeHome.services ?? raw.policeHomes.services).length, 0);
  return {
    orgUnits: 1 + raw.towns.length + villages.length + grids,
    grids,
    towns: raw.towns.length,
    policeHomes: homes.length,
    policeServices: services,
    powerItems: raw.powers.items.length,
    powerItemVersions: raw.powers.items.length,
    routingRules: raw.cases.routingRules.length,
    caseConfig: 1,
    pointsSettings: 1,
    // subscribe, and the county's volunteer settings (visit rhythm).
    config: 2,
    // The county's 服务清单 in every village and community.
    volunteerServices: villages.length * raw.volunteers.services.length,
  };
}

describe('provisionCounty on an empty local engine', () => {
  let env: Empty;
  beforeEach(() => {
    env = emptyEnvironment();
  });
  afterEach(() => env.close());

  it('creates every collection and index and exactly the documents the county file holds', async () => {
    const report = await provisionCounty(localTarget(env.engine, env.db), county());
    const expected = expectedCounts();
    expect(env.engine.store.listCollections().sort()).toEqual(expect.arrayContaining([...COLLECTION_NAMES].sort()));
    for (const index of INDEXES) {
      expect({ index, exists: env.engine.store.indexesOf(index.collection).some((s) => JSON.stringify(s.fields.map((f) => [f.field, f.direction])) === JSON.stringify(index.fields.map((f) => [f.field, f.direction])) && Boolean(s.unique) === Boolean(index.unique)) }).toEqual({ index, exists: true });
    }
    expect(report.indexesCreated).toHaveLength(INDEXES.length);
    expect(await count(env, 'orgUnits')).toBe(expected.orgUnits);
    expect(await count(env, 'orgUnits', { kind: 'grid' })).toBe(expected.grids);
    expect(await count(env, 'orgUnits', { kind: 'town' })).toBe(7);
    for (const c of ['policeHomes', 'policeServices', 'powerItems', 'powerItemVersions', 'routingRules', 'caseConfig', 'pointsSettings', 'config', 'volunteerServices'] as const) {
      expect({ c, n: await count(env, c) }).toEqual({ c, n: expected[c] });
    }
    expect(report.counts).toEqual({ create: report.changes.length, update: 0, version: 0, keep: 0 });
    // Nothing but the county's own data: no people, no records.
    for (const c of ['users', 'households', 'wishes', 'cases', 'matters', 'notifications']) expect({ c, n: await count(env, c) }).toEqual({ c, n: 0 });
    expect(await count(env, 'auditLog', { action: 'county.provision', actorId: 'provision', 'target.id': 'qianyang' })).toBe(1);
  });

  it('writes the real 7 towns with their grids and 网格党小组', async () => {
    await provisionCounty(localTarget(env.engine, env.db), county());
    const towns = (await env.db.collection('orgUnits').where({ kind: 'town' }).get()).data as { name: string }[];
    expect(towns.map((t) => t.name).sort()).toEqual(['城关镇', '崔家头镇', '南寨镇', '张家塬镇', '水沟镇', '草碧镇', '高崖镇'].sort());
    const grid = ((await env.db.collection('orgUnits').doc('g-fengfang-1').get()).data as object[])[0];
    expect(grid).toMatchObject({ kind: 'grid', parentId: 'v-fengfang', path: ['qianyang', 't-chengguan', 'v-fengfang', 'g-fengfang-1'], partyGroupName: '冯坊村第一网格党小组', partyGroupMemberIds: [] });
    const communities = (await env.db.collection('orgUnits').where({ kind: 'community', path: 't-chengguan' }).get()).data as { resettlement: boolean }[];
    expect(communities.filter((c) => c.resettlement)).toHaveLength(6);
    expect(communities.filter((c) => !c.resettlement)).toHaveLength(3);
  });

  it('changes nothing when run a second time', async () => {
    const target = localTarget(env.engine, env.db);
    await provisionCounty(target, county(), { at: '2026-01-01T00:00:00.000Z' });
    const first = await dump(env);
    const again = await provisionCounty(target, county(), { at: '2026-06-01T00:00:00.000Z' });
    expect(again.collectionsCreated).toEqual([]);
    expect(again.indexesCreated).toEqual([]);
    expect(again.counts).toEqual({ create: 0, update: 0, version: 0, keep: again.changes.length });
    expect(again.changes.filter((c) => c.note)).toEqual([]);
    expect(await dump(env)).toEqual(first);
  });

  it('keeps what the county changed since, and adds a raised version beside the old one', async () => {
    const target = localTarget(env.engine, env.db);
    await provisionCounty(target, county(), { at: '2026-01-01T00:00:00.000Z' });
    await env.db.collection('orgUnits').doc('v-xijie').update({ name: '西街社区' });
    // 西街村 adjusted ZM-01 for itself; its cadre is told when the standard moves on.
    await env.db.collection('powerItems').add({ _id: 'v-xijie_ZM-01', code: 'ZM-01', scope: 'village', countyId: 'qianyang', unitId: 'v-xijie', version: 1, baseVersion: 1 });
    await env.db.collection('users').add({ _id: 'cadre-xijie', roleKeys: ['village-cadre@v-xijie'] });
    const next = county();
    next.towns[0]!.villages.push({ id: 'v-new', name: '新建村', kind: 'village', resettlement: false, grids: [{ id: 'g-new-1', name: '第一网格', partyGroup: '新建村第一网格党小组' }], policeHome: null });
    const item = next.powers.items.find((i) => i.code === 'ZM-01')!;
    Object.assign(item, { version: item.version + 1, changeNote: '核实时限缩短为 1 个工作日', steps: item.steps.map((s, i) => (i === 1 ? { ...s, limitDays: 1 } : s)) });
    const report = await provisionCounty(target, next, { at: '2026-06-01T00:00:00.000Z' });
    // The new village and its grid, and the county's 服务清单 for the new village.
    expect(report.counts).toMatchObject({ create: 2 + next.volunteers.services.length, version: 1, update: 0 });
    expect(report.changes.find((c) => c.id === 'v-xijie')).toMatchObject({ kind: 'keep', note: expect.stringContaining('name') });
    expect(((await env.db.collection('orgUnits').doc('v-xijie').get()).data as { name: string }[])[0]!.name).toBe('西街社区');
    const stored = ((await env.db.collection('powerItems').doc('qianyang_ZM-01').get()).data as { version: number; versionId: string; steps: { limitDays: number }[] }[])[0]!;
    expect(stored).toMatchObject({ version: 2, versionId: 'qianyang_ZM-01_v2' });
    expect(stored.steps[1]!.limitDays).toBe(1);
    const versions = (await env.db.collection('powerItemVersions').where({ itemId: 'qianyang_ZM-01' }).get()).data as { _id: string; steps: { limitDays: number }[] }[];
    expect(versions.map((v) => v._id).sort()).toEqual(['qianyang_ZM-01_v1', 'qianyang_ZM-01_v2']);
    expect(versions.find((v) => v._id === 'qianyang_ZM-01_v1')!.steps[1]!.limitDays).toBe(2);
    expect(report.changes.find((c) => c.kind === 'version')!.note).toBe('v1 → v2；村级细化停用：v-xijie');
    const told = (await env.db.collection('notifications').where({ recipientId: 'cadre-xijie' }).get()).data;
    expect(told).toEqual([expect.objectContaining({ kind: 'power.revised', title: '县级标准清单有新版本', delivery: expect.objectContaining({ status: 'pending' }) })]);
    await provisionCounty(target, next, { at: '2026-07-01T00:00:00.000Z' });
    expect(await count(env, 'notifications', { recipientId: 'cadre-xijie' })).toBe(1);
    expect(await count(env, 'auditLog', { action: 'county.provision' })).toBe(2);
  });

  it('writes nothing on a dry run and reports what a real run would do', async () => {
    const target = localTarget(env.engine, env.db);
    const dry = await provisionCounty(target, county(), { dryRun: true });
    expect(env.engine.store.listCollections()).toEqual([]);
    const real = await provisionCounty(target, county());
    expect(dry.collectionsCreated).toEqual(real.collectionsCreated);
    expect(dry.indexesCreated).toEqual(real.indexesCreated);
    expect(dry.counts).toEqual(real.counts);
    const before = await dump(env);
    const next = county();
    next.powers.items[0]!.version = 2;
    const dryUpgrade = await provisionCounty(target, next, { dryRun: true });
    expect(dryUpgrade.changes.filter((c) => c.kind === 'version')).toEqual([{ kind: 'version', collection: 'powerItems', id: 'qianyang_JC-01', note: 'v1 → v2' }]);
    expect(await dump(env)).toEqual(before);
  });

  it('lists every problem of a malformed file with its path and line, and writes nothing', async () => {
    const raw = JSON.parse(TEXT);
    raw.towns[1].villages[0].grids[0].id = raw.towns[0].villages[0].id;
    raw.towns[2].villages[1].kind = 'hamlet';
    raw.points.indicators[0].max = 15;
    raw.powers.items[3].steps[0].role = 'applicant';
    delete raw.cases.followUpDays;
    raw.policeHomes.services[1].schedule = null;
    const text = JSON.stringify(raw, null, 2);
    const result = await provisionFile(localTarget(env.engine, env.db), text);
    expect(result.ok).toBe(false);
    const problems = (result as { problems: { path: string; line: number | null; message: string }[] }).problems;
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        'towns.1.villages.0.grids.0.id',
        'towns.2.villages.1.kind',
        'points.indicators',
        'powers.items.3.steps.0.role',
        'powers.items.3.steps.0.limitDays',
        'cases.followUpDays',
        'policeHomes.services.1.schedule',
      ].sort(),
    );
    const lines = text.split('\n');
    const kind = problems.find((p) => p.path === 'towns.2.villages.1.kind')!;
    expect(lines[kind.line! - 1]).toContain('"hamlet"');
    const grid = problems.find((p) => p.path === 'towns.1.villages.0.grids.0.id')!;
    expect(lines[grid.line! - 1]).toContain('"id": "v-fengfang"');
    expect(problems.find((p) => p.path === 'cases.followUpDays')!.line).toBe(lines.findIndex((l) => l.includes('"cases"')) + 1);
    expect(env.engine.store.listCollections()).toEqual([]);
  });

  it('names the line of a JSON syntax error', async () => {
    const broken = TEXT.replace('"name": "崔家头镇",', '"name": "崔家头镇"');
    const result = await provisionFile(localTarget(env.engine, env.db), broken);
    expect(result).toMatchObject({ ok: false, problems: [{ path: '(root)', message: expect.stringContaining('不是有效的 JSON') }] });
    const line = (result as { problems: { line: number }[] }).problems[0]!.line;
    expect(broken.split('\n')[line - 1]).toContain('"villages"');
    expect(env.engine.store.listCollections()).toEqual([]);
  });
});

describe('the demo runtime', () => {
  it('writes only to collections that provisioning creates', async () => {
    const t = await startTestRuntime();
    try {
      const used = t.runtime.engine.store.listCollections().filter((c) => c !== SESSIONS);
      expect(used.filter((c) => !COLLECTION_NAMES.includes(c))).toEqual([]);
      expect(await t.count('orgUnits')).toBe(expectedCounts().orgUnits);
      expect(await t.count('powerItemVersions', { itemId: 'qianyang_MS-01' })).toBe(2);
    } finally {
      await t.close();
    }
  });
});
