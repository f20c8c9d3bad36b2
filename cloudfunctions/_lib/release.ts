import { releasableHeld, releaseFields, releaseVerdict, type HeldText, type Moderated } from '../../shared/domain/moderation';
import type { CarriesEffects } from '../../shared/domain/records';
import { placeOf, recordAudit } from './audit';
import { clock } from './clock';
import { findById, type Tx } from './db';
import { conflict, forbidden, notFound } from './errors';
import type { MemberContext } from './handler';
import { effectOf, pushEffects, withPushed } from './effects';
import { enqueue, type Message } from './outbox';
import { ContentionError, runTransaction } from './transaction';

/** A stored record that content security may have held text on. */
export interface ModeratedDocument extends Moderated {
  _id: string;
}

export interface ReleaseSpec<T extends ModeratedDocument> {
  /** The audit action, e.g. `powers.release`. */
  action: string;
  collection: string;
  id: string;
  /** Words for a missing record. */
  missing: string;
  /** Checked again on the fresh record inside the transaction (throw FORBIDDEN / NOT_FOUND). */
  guard?: (record: T) => void;
  /**
   * Which held texts this release frees; all of them by default. When held text exists but none may be
   * freed by this person, the release is refused with `refusal`. Whatever `pick` returns, text the
   * releaser wrote is never freed by them (`releasableHeld`): another reviewer looks at it.
   */
  pick?: (held: HeldText[]) => HeldText[];
  refusal?: string;
  /** The record as people call it (`「修院墙」`), where the message links, and who read the placeholder. */
  describe: (record: T) => { name: string; link: Message['link']; readers?: string[] };
  /** A held field's name for people (`调解协议`, `申请说明`). */
  label: (field: string) => string;
  /** Also stamp `updatedAt` on the record. */
  touch?: boolean;
}

/** What one release changes and owes, decided on the record as read (refusals thrown as releaseHeld answers them). */
interface ReleasePlan {
  freed: HeldText[];
  update: Record<string, unknown>;
  messages: { to: string[]; message: Message }[];
  audit: { action: string; before: unknown; after: unknown };
}

function planRelease<T extends ModeratedDocument>(r: T, caller: MemberContext['caller'], spec: ReleaseSpec<T>, now: string): ReleasePlan {
  spec.guard?.(r);
  const held = r.moderation?.held ?? [];
  const refusal = spec.refusal ?? '不能放行自己填写的内容，请由其他干部复核';
  const verdict = releaseVerdict(held, caller._id);
  if (verdict === 'conflict') throw conflict('这里没有需要复核的内容，可能已经放行了');
  if (verdict === 'forbidden') throw forbidden(refusal);
  const freed = releasableHeld(spec.pick ? spec.pick(held) : held, caller._id);
  if (freed.length === 0) throw forbidden(refusal);
  const fields = freed.map((h) => h.field);
  const moderation = releaseFields(r.moderation!, fields, { id: caller._id, name: caller.name }, now);
  const { name, link, readers = [] } = spec.describe(r);
  const labelsOf = (texts: HeldText[]) => [...new Set(texts.map((h) => spec.label(h.field)))].join('、');
  const messages: ReleasePlan['messages'] = [];
  for (const author of new Set(freed.map((h) => h.authorId))) {
    messages.push({
      to: [author],
      message: {
        kind: 'content.released',
        title: '您的内容已通过复核',
        body: `${caller.name}复核了您在${name}中填写的${labelsOf(freed.filter((h) => h.authorId === author))}，现在相关的人都能看到了。`,
        link,
        aboutId: caller._id,
      },
    });
  }
  // Those who were shown the placeholder (in the record or a message) learn what they may now read.
  for (const reader of new Set(readers)) {
    const others = freed.filter((h) => h.authorId !== reader);
    if (reader === caller._id || others.length === 0) continue;
    messages.push({ to: [reader], message: { kind: 'content.visible', title: '内容已可查看', body: `${name}中的${labelsOf(others)}已通过复核，可以查看了。`, link } });
  }
  return {
    freed,
    update: spec.touch ? { moderation, updatedAt: now } : { moderation },
    messages,
    audit: { action: spec.action, before: { held: freed }, after: { released: fields } },
  };
}

/**
 * A person allowed to review it releases text content security held on one record, in one transaction:
 * the fields leave `moderation.held` (kept in `moderation.released` with who and when), each author is
 * told (`content.released`), each reader who was shown the placeholder is told what they may now read
 * (`content.visible`), and the release is audited. Nothing held (any more) is CONFLICT.
 */
export async function releaseHeld<T extends ModeratedDocument>(ctx: MemberContext, spec: ReleaseSpec<T>): Promise<HeldText[]> {
  const { db, caller } = ctx;
  let freed: HeldText[] = [];
  await runTransaction(db, async (tx: Tx) => {
    const r = await findById<T>(tx, spec.collection, spec.id);
    if (!r) throw notFound(spec.missing);
    const plan = planRelease(r, caller, spec, clock.nowIso());
    freed = plan.freed;
    await tx.collection(spec.collection).doc(r._id).update(plan.update);
    for (const m of plan.messages) await enqueue(tx, m.to, m.message);
    // The record is in hand: its own path (every releasable record carries one) costs no read.
    await recordAudit(tx, caller, ctx.requestId, { ...plan.audit, target: { collection: spec.collection, id: r._id }, path: await placeOf(tx, r) });
  });
  return freed;
}

/** Times a carried release reads the record again after losing its write to another change. */
const RELEASE_ATTEMPTS = 5;

/**
 * The same release on a record of a collection that carries effects (`_lib/effects.ts`): one conditional
 * write — while the record still holds as many texts as were read (another release or new held text
 * changes that) and `unchanged` still matches — that sets the moderation and carries the notices and the
 * audit entry. Starts from the record the caller already read; answers with the record as written.
 */
export async function releaseHeldCarried<T extends ModeratedDocument & CarriesEffects & { path: readonly string[] }>(
  ctx: MemberContext,
  spec: ReleaseSpec<T> & { unchanged?: (r: T) => Record<string, unknown> },
  read: T,
): Promise<T> {
  const { db, caller } = ctx;
  let r = read;
  for (let attempt = 1; ; attempt++) {
    const now = clock.nowIso();
    const plan = planRelease(r, caller, spec, now);
    const effect = effectOf(caller, ctx.requestId, { collection: spec.collection, id: r._id, path: r.path }, now, { messages: plan.messages, audit: plan.audit });
    const res = await db
      .collection(spec.collection)
      .where({ _id: r._id, 'moderation.held': db.command.size(r.moderation?.held.length ?? 0), ...spec.unchanged?.(r) })
      .update({ ...plan.update, ...pushEffects(db, [effect]) });
    if ((res as { updated?: number }).updated === 1) return withPushed({ ...r, ...plan.update }, [effect]);
    if (attempt >= RELEASE_ATTEMPTS) throw new ContentionError(attempt);
    const fresh = await findById<T>(db, spec.collection, spec.id);
    if (!fresh) throw notFound(spec.missing);
    r = fresh;
  }
}
