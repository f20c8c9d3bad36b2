import type { Db } from '@cloudbase/database';
import type { ActionOutput, ParsedInput } from '../../shared/contracts/envelope';
import type { authContract } from '../../shared/contracts/auth';
import type { OutboxRecord, SubscriptionRecord } from '../../shared/domain/notifications-records';
import { visibleText, type ModerationState } from '../../shared/domain/moderation';
import type { AuditRecord, WishRecord as BaseWishRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import type { MemberContext } from '../_lib/handler';

type C = typeof authContract;
type WishRecord = BaseWishRecord & { moderation?: ModerationState };

/** CloudBase answers at most 1000 documents a query: read on until a short page. */
async function readAll<T>(db: Db, collection: string, where: object): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const res = await db.collection(collection).where(where).orderBy('_id', 'asc').skip(out.length).limit(1000).get();
    const page = res.data as T[];
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

export async function exportMyData(_input: ParsedInput<C, 'exportMyData'>, ctx: MemberContext): Promise<ActionOutput<C, 'exportMyData'>> {
  const { db, caller: u } = ctx;
  const [asWisher, asClaimant, notes, grants, aboutMe, byMe] = await Promise.all([
    readAll<WishRecord>(db, 'wishes', { wisherId: u._id }),
    readAll<WishRecord>(db, 'wishes', { claimantId: u._id }),
    readAll<OutboxRecord>(db, 'notifications', { recipientId: u._id }),
    readAll<SubscriptionRecord>(db, 'subscriptions', { userId: u._id }),
    readAll<AuditRecord>(db, 'auditLog', { 'target.id': u._id }),
    readAll<AuditRecord>(db, 'auditLog', { actorId: u._id }),
  ]);
  // The person's own copy: text someone else wrote that content security holds stays masked here too.
  const me = { id: u._id, isCadre: false };
  const wish = (w: WishRecord, relation: 'wisher' | 'claimant') => ({
    id: w._id,
    relation,
    title: visibleText(w.moderation, 'title', w.title, me),
    content: relation === 'wisher' ? visibleText(w.moderation, 'content', w.content, me) : null,
    status: w.status,
    fulfilNote: visibleText(w.moderation, 'fulfilNote', w.fulfilNote, me),
    thanks: visibleText(w.moderation, 'thanks', w.thanks, me),
    reason: relation === 'wisher' ? w.reason : null,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
  });
  const audit = (a: AuditRecord, relation: 'subject' | 'actor') => ({
    at: a.at,
    action: a.action,
    actorName: a.actorName,
    relation,
    target: a.target,
  });
  const r = u.residence;
  return {
    exportedAt: clock.nowIso(),
    user: {
      id: u._id,
      openid: u.openid,
      name: u.name,
      persona: u.persona,
      roles: u.roles,
      residence: r ? { unitId: r.unitId, gridId: r.gridId, householdId: r.householdId, householdConfirmed: r.householdConfirmed } : null,
      resettled: u.resettled,
      birthYear: u.birthYear,
      phoneMasked: u.phoneMasked,
      createdAt: u.createdAt,
    },
    wishes: [...asWisher.map((w) => wish(w, 'wisher')), ...asClaimant.filter((w) => w.wisherId !== u._id).map((w) => wish(w, 'claimant'))],
    notifications: notes
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((n) => ({ id: n._id, kind: n.kind, title: n.title, body: n.body, createdAt: n.createdAt, readAt: n.readAt, delivery: n.delivery.status })),
    subscriptions: grants.map((g) => ({ templateKey: g.templateKey, remaining: g.remaining, longTerm: g.longTerm, lastResult: g.lastResult, updatedAt: g.updatedAt })),
    auditEntries: [...aboutMe.map((a) => audit(a, 'subject')), ...byMe.map((a) => audit(a, 'actor'))].sort((a, b) => b.at.localeCompare(a.at)),
  };
}
