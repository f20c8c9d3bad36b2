import { COLLECTIONS, EFFECT_COLLECTIONS } from '../../../../cloudfunctions/_lib/collections';
import { auditOf, carrying, effectId, effectOf, noticeId, rowsOf } from '../../../../cloudfunctions/_lib/effects';
import { INDEXES } from '../../../../cloudfunctions/_lib/indexes';
import { idSchema } from '../../../../shared/contracts/common';

const cadre = { _id: 'village-cadre', name: '陈建军' };
const target = { collection: 'wishes', id: 'w0123456789abcdef0123456789abcde', path: ['c-qianyang', 't-chengguan', 'v-fengfang'] };
const AT = '2026-12-02T08:00:00.000Z';
const message = { kind: 'wish.approved' as const, title: '您的心愿已通过审核', body: '「帮忙买菜」已发布到心愿墙。', link: { page: 'wish', id: target.id } };

describe('carried effects', () => {
  it('derives the same ids from the same change, and different ones from another request or record', () => {
    expect(effectId('wishes', 'w1', 'req-1')).toBe(effectId('wishes', 'w1', 'req-1'));
    expect(new Set([effectId('wishes', 'w1', 'req-1'), effectId('wishes', 'w1', 'req-2'), effectId('wishes', 'w2', 'req-1')]).size).toBe(3);
    const e = effectOf(cadre, 'req-1', target, AT, { messages: [{ to: ['resident', 'resident', 'grid-leader'], message }], audit: { action: 'wishes.review', before: { status: 'pending_review' }, after: { status: 'open' } } });
    expect(rowsOf(e).map((r) => r._id)).toEqual(rowsOf(e).map((r) => r._id));
    expect(auditOf(e)?._id).toBe(`${e.id}-audit`);
  });

  it('writes one outbox row per (message, recipient) at the change time, recipients once each, ids the contract accepts', () => {
    const e = effectOf(cadre, 'req-1', target, AT, {
      messages: [
        { to: ['resident', 'resident'], message },
        { to: ['resident', 'u_0123456789abcdef0123456789abcdef'], message: { ...message, kind: 'wish.open' } },
        { to: [], message },
      ],
    });
    const rows = rowsOf(e);
    expect(rows.map((r) => [r.recipientId, r.kind])).toEqual([
      ['resident', 'wish.approved'],
      ['resident', 'wish.open'],
      ['u_0123456789abcdef0123456789abcdef', 'wish.open'],
    ]);
    expect(rows.every((r) => r.createdAt === AT && r.delivery.status === 'pending' && r.aboutId === null)).toBe(true);
    expect(new Set(rows.map((r) => r._id)).size).toBe(3);
    expect(rows.every((r) => idSchema.safeParse(r._id).success)).toBe(true);
    expect(noticeId(e.id, 0, 'resident')).toBe(rows[0]!._id);
    expect(auditOf(e)).toBeNull();
  });

  it("keeps the audit entry's time, request id, actor and the record's path", () => {
    const e = effectOf(cadre, 'req-9', target, AT, { messages: [], audit: { action: 'wishes.contact', before: null, after: { via: 'wisher' } } });
    expect(auditOf(e)).toEqual({
      _id: `${e.id}-audit`,
      actorId: 'village-cadre',
      actorName: '陈建军',
      action: 'wishes.contact',
      target: { collection: 'wishes', id: target.id },
      before: null,
      after: { via: 'wisher' },
      path: target.path,
      at: AT,
      requestId: 'req-9',
    });
  });

  it('flags a new record only when its effect owes something', () => {
    const nothing = effectOf(cadre, 'req-1', target, AT, { messages: [{ to: [], message }] });
    expect(carrying([nothing])).toEqual({});
    const told = effectOf(cadre, 'req-1', target, AT, { messages: [{ to: ['resident'], message }] });
    expect(carrying([told])).toEqual({ effects: [told], effectsPending: true, effectsSince: AT });
  });

  it('declares the wishes as carrying effects, with the index the drain reads', () => {
    expect(EFFECT_COLLECTIONS).toContain(COLLECTIONS.wishes.name);
    for (const name of EFFECT_COLLECTIONS) {
      expect(INDEXES).toContainEqual({ collection: name, fields: [{ field: 'effectsPending', direction: 'asc' }, { field: 'effectsSince', direction: 'asc' }] });
    }
    expect(INDEXES.some((i) => i.collection === COLLECTIONS.notifications.name && i.fields[0]!.field === 'effectsPending')).toBe(false);
  });
});
