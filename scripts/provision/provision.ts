/**
 * Stands a county up in a target, or upgrades it: every collection of COLLECTION_NAMES, every index
 * of INDEXES, then the county file's documents by the rules in plan.ts. Safe to run again: what
 * exists is kept, nothing is duplicated (ids are deterministic), and a dry run only reports.
 */
import type { CountyFile } from '../../shared/contracts/county';
import { COLLECTION_NAMES, COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { INDEXES, type IndexDeclaration } from '../../cloudfunctions/_lib/indexes';
import { parseCountyFile, type FileProblem } from './county-file';
import type { AuditRecord, NotificationRecord } from '../../shared/domain/records';
import { planCounty, PROVISIONER, type Doc, type PlannedDoc } from './plan';
import { indexNameOf, type ProvisionTarget } from './target';

export type ChangeKind = 'create' | 'update' | 'version' | 'keep';

export interface DocumentChange {
  kind: ChangeKind;
  collection: string;
  id: string;
  /** Why: `v1 → v2`, or the fields a kept document differs in from the file. */
  note: string | null;
}

export interface ProvisionReport {
  target: string;
  dryRun: boolean;
  collectionsCreated: string[];
  indexesCreated: string[];
  changes: DocumentChange[];
  counts: Record<ChangeKind, number>;
}

export interface ProvisionOptions {
  dryRun?: boolean;
  /** The time written into new records (createdAt, updatedAt, publishedAt). */
  at?: string;
  collections?: readonly string[];
  indexes?: readonly IndexDeclaration[];
}

/** Fields that record when and by whom, not what: a stored copy differing only in these is the same. */
const BOOKKEEPING = new Set([
  '_id', 'createdAt', 'updatedAt', 'updatedBy', 'updatedById', 'updatedByName', 'publishedAt', 'partyGroupMemberIds', 'officers',
  // A facility's status history and next collection alert start at the time it was provisioned and then live in the app.
  'history', 'collectDueAt',
]);

const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

function differingFields(stored: Doc, planned: Doc): string[] {
  return Object.keys(planned).filter((k) => !BOOKKEEPING.has(k) && stable(stored[k]) !== stable(planned[k]));
}

function withoutId(doc: Doc): Record<string, unknown> {
  const { _id: _omit, ...rest } = doc;
  return rest;
}

export interface SchemaReport {
  /** Collections that were there before this run. */
  existing: Set<string>;
  collectionsCreated: string[];
  indexesCreated: string[];
}

/**
 * Every collection of the table (and the target's own, such as the local gateway's sign-ins) and every
 * index: the empty environment a county's data goes into. Safe to run again; a dry run only reports.
 */
export async function provisionSchema(
  target: ProvisionTarget,
  options: { dryRun?: boolean; collections?: readonly string[]; indexes?: readonly IndexDeclaration[] } = {},
): Promise<SchemaReport> {
  const dryRun = options.dryRun ?? false;
  const collections = options.collections ?? COLLECTION_NAMES;
  const indexes = options.indexes ?? INDEXES;
  const wanted = [...new Set([...collections, ...(target.extraCollections ?? []), ...indexes.map((i) => i.collection)])];
  const existing = new Set<string>();
  const collectionsCreated: string[] = [];
  for (const name of wanted) {
    if (await target.hasCollection(name)) {
      existing.add(name);
      continue;
    }
    collectionsCreated.push(name);
    if (!dryRun) await target.createCollection(name);
  }

  const indexesCreated: string[] = [];
  for (const index of indexes) {
    // A collection this run creates has no indexes yet (and a dry run cannot ask about it).
    if (existing.has(index.collection) && (await target.hasIndex(index))) continue;
    indexesCreated.push(`${index.collection}.${indexNameOf(index)}`);
    if (!dryRun) await target.createIndex(index);
  }
  return { existing, collectionsCreated, indexesCreated };
}

export async function provisionCounty(target: ProvisionTarget, county: CountyFile, options: ProvisionOptions = {}): Promise<ProvisionReport> {
  const dryRun = options.dryRun ?? false;
  const at = options.at ?? new Date().toISOString();
  const collections = options.collections ?? COLLECTION_NAMES;
  const indexes = options.indexes ?? INDEXES;
  const plan = planCounty(county, at);

  const { existing, collectionsCreated, indexesCreated } = await provisionSchema(target, {
    dryRun,
    collections: [...collections, ...plan.map((p) => p.collection)],
    indexes,
  });

  const stored = new Map<string, Map<string, Doc>>();
  const byCollection = new Map<string, string[]>();
  for (const p of plan) {
    const ids = byCollection.get(p.collection) ?? [];
    ids.push(p.doc._id);
    byCollection.set(p.collection, ids);
  }
  for (const [collection, ids] of byCollection) {
    stored.set(collection, existing.has(collection) ? await target.readDocuments(collection, ids) : new Map());
  }

  const changes: DocumentChange[] = [];
  const writes: { collection: string; doc: Doc }[] = [];
  for (const p of plan) {
    const before = stored.get(p.collection)!.get(p.doc._id);
    const change = decide(p, before);
    changes.push({ kind: change.kind, collection: p.collection, id: p.doc._id, note: change.note });
    writes.push(...change.writes);
  }
  // Versions before the item that points at them, so an interrupted run never leaves an item without its version.
  if (!dryRun) for (const w of writes) await target.writeDocument(w.collection, w.doc);

  const counts: Record<ChangeKind, number> = { create: 0, update: 0, version: 0, keep: 0 };
  for (const c of changes) counts[c.kind]++;
  const report: ProvisionReport = { target: target.name, dryRun, collectionsCreated, indexesCreated, changes, counts };
  if (existing.has('powerItems')) await noticeRevisedItems(target, county, plan, changes, at, dryRun);
  if (!dryRun && (counts.create || counts.update || counts.version || collectionsCreated.length || indexesCreated.length)) {
    await target.writeDocument('auditLog', auditOf(county, report, at));
  }
  return report;
}

/** One audit entry per run that changed anything: what it created, replaced and versioned. */
function auditOf(county: CountyFile, report: ProvisionReport, at: string): Doc {
  const record: AuditRecord = {
    actorId: PROVISIONER.id,
    actorName: PROVISIONER.name,
    action: 'county.provision',
    target: { collection: COLLECTIONS.orgUnits.name, id: county.county.id },
    before: null,
    after: {
      collectionsCreated: report.collectionsCreated,
      indexesCreated: report.indexesCreated.length,
      counts: report.counts,
      updated: report.changes.filter((c) => c.kind === 'update').map((c) => `${c.collection}/${c.id}`),
      versions: report.changes.filter((c) => c.kind === 'version').map((c) => ({ id: c.id, change: c.note })),
    },
    at,
    requestId: 'provision',
  };
  return { _id: `provision-${county.county.id}-${at.replace(/[^0-9]/g, '')}`, ...record };
}

/**
 * As when the county publishes in the app: a village that adjusted an item falls back to the new
 * standard until it adjusts again, and its cadres are told. Ids are deterministic, so a repeated
 * run tells nobody twice.
 */
async function noticeRevisedItems(target: ProvisionTarget, county: CountyFile, plan: PlannedDoc[], changes: DocumentChange[], at: string, dryRun: boolean): Promise<void> {
  for (const change of changes.filter((c) => c.kind === 'version')) {
    const p = plan.find((x) => x.policy === 'version' && x.doc._id === change.id);
    if (!p || p.policy !== 'version') continue;
    const adjusted = await target.findDocuments('powerItems', { code: p.doc.code, scope: 'village', countyId: county.county.id });
    const villages = adjusted.map((a) => String(a.unitId));
    if (!villages.length) continue;
    change.note = `${change.note}；村级细化停用：${villages.join('、')}`;
    if (dryRun) continue;
    for (const unitId of villages) {
      for (const cadre of await target.findDocuments('users', { roleKeys: `village-cadre@${unitId}` })) {
        // The outbox row and words powers.publish writes for the same event.
        const row: Omit<NotificationRecord, '_id'> = {
          recipientId: cadre._id,
          kind: 'power.revised',
          title: '县级标准清单有新版本',
          body: `「${p.doc.title}」发布第 ${p.doc.version} 版：${p.doc.changeNote}。本村原来的细化已停用，现按县级新标准办理，如需细化请重新调整。`,
          link: { page: 'powerItem', id: p.doc.code },
          createdAt: at,
          readAt: null,
          delivery: { status: 'pending', attempts: 0, nextAttemptAt: at, error: null },
        };
        await target.writeDocument('notifications', { _id: `revised-${p.doc.versionId}-${cadre._id}`, ...row });
      }
    }
  }
}

/** Validates the file's text first: a file with any problem writes nothing and returns them all. */
export async function provisionFile(
  target: ProvisionTarget,
  text: string,
  options: ProvisionOptions = {},
): Promise<{ ok: true; report: ProvisionReport } | { ok: false; problems: FileProblem[] }> {
  const parsed = parseCountyFile(text);
  if (!parsed.ok) return parsed;
  return { ok: true, report: await provisionCounty(target, parsed.county, options) };
}

function decide(p: PlannedDoc, before: Doc | undefined): { kind: ChangeKind; note: string | null; writes: { collection: string; doc: Doc }[] } {
  if (p.policy === 'version') {
    if (!before) return { kind: 'create', note: `v${p.doc.version}`, writes: [{ collection: p.versions, doc: p.version }, { collection: p.collection, doc: p.doc }] };
    const storedVersion = Number(before.version ?? 0);
    if (storedVersion >= p.doc.version) {
      const differs = storedVersion === p.doc.version ? differingFields(before, p.doc).filter((f) => f !== 'order') : [];
      return { kind: 'keep', note: differs.length ? `与文件不同（${differs.join('、')}）：改内容须提高 version` : null, writes: [] };
    }
    // A new version keeps the item's place in the list the county may have rearranged.
    const order = typeof before.order === 'number' ? before.order : p.doc.order;
    return {
      kind: 'version',
      note: `v${storedVersion} → v${p.doc.version}`,
      writes: [
        { collection: p.versions, doc: { ...p.version, order } },
        { collection: p.collection, doc: { ...p.doc, order } },
      ],
    };
  }
  if (p.policy === 'replace') {
    if (!before) return { kind: 'create', note: null, writes: [{ collection: p.collection, doc: p.doc }] };
    if (stable(withoutId(before)) === stable(withoutId(p.doc))) return { kind: 'keep', note: null, writes: [] };
    return { kind: 'update', note: differingFields(before, p.doc).join('、') || null, writes: [{ collection: p.collection, doc: p.doc }] };
  }
  if (!before) return { kind: 'create', note: null, writes: [{ collection: p.collection, doc: p.doc }] };
  const differs = differingFields(before, p.doc);
  return { kind: 'keep', note: differs.length ? `已有，与文件不同（${differs.join('、')}），保留现状` : null, writes: [] };
}

/** The report as the operator reads it. */
export function formatReport(report: ProvisionReport, verbose = false): string {
  const lines: string[] = [];
  const head = report.dryRun ? `试运行（不写入）：${report.target}` : `已写入：${report.target}`;
  lines.push(head);
  lines.push(`  集合：新建 ${report.collectionsCreated.length}${report.collectionsCreated.length ? `（${report.collectionsCreated.join('、')}）` : ''}`);
  lines.push(`  索引：新建 ${report.indexesCreated.length}`);
  if (verbose) for (const i of report.indexesCreated) lines.push(`    + ${i}`);
  const { create, update, version, keep } = report.counts;
  lines.push(`  文档：新建 ${create}，更新 ${update}，新版本 ${version}，保留 ${keep}`);
  for (const c of report.changes) {
    if (c.kind === 'keep' && !c.note) continue;
    if (c.kind === 'create' && !verbose) continue;
    const mark = { create: '+', update: '~', version: '↑', keep: '=' }[c.kind];
    lines.push(`    ${mark} ${c.collection}/${c.id}${c.note ? `  ${c.note}` : ''}`);
  }
  return lines.join('\n');
}
