import { runTransaction } from '../_lib/transaction';
import { randomInt } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { InvitationRecord } from '../../shared/domain/admin-records';
import {
  INVITATION_ALPHABET,
  INVITATION_CODE_LENGTH,
  INVITATION_DAYS,
  ROLE_LABELS,
  checkAppointment,
  checkInvitationUse,
  checkRemoval,
} from '../../shared/domain/appointment-rules';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { DAY_MS, clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, isDuplicateKey, type Tx } from '../_lib/db';
import { conflict, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import type { EffectSpec } from '../_lib/effects';
import { enqueue } from '../_lib/outbox';
import { actorOf, countWrongCode, enforce, grantRole, loadUnit, refuseIfTooManyWrong, takeRoleSeat, unitFacts, withRole } from './store';
import type { In, Out } from './types';
import { requireAdminOver } from './units';
import { invitationView } from './views';

export const invitationIdOf = (code: string) => `inv-${code}`;

function newCode(): string {
  let code = '';
  for (let i = 0; i < INVITATION_CODE_LENGTH; i++) code += INVITATION_ALPHABET[randomInt(INVITATION_ALPHABET.length)];
  return code;
}

const INVITE_WORDS = {
  forbidden: '这个职务不在您可以邀请的范围内',
  invalid: '这个单位不能设这个职务',
  conflict: '这个单位已经停用，不能再邀请',
};

export async function invite(input: In<'invite'>, ctx: MemberContext): Promise<Out<'invite'>> {
  const { db, caller } = ctx;
  const unit = await loadUnit(db, input.unitId);
  enforce(checkAppointment(input.role, unitFacts(unit), actorOf(caller)), {
    ...INVITE_WORDS,
    invalid: input.role === 'party-member' ? '党员通过双报到在社区报到，不能用邀请码任命' : INVITE_WORDS.invalid,
  });
  const now = clock.now();
  for (let attempt = 0; ; attempt++) {
    const code = newCode();
    const inv: InvitationRecord = {
      _id: invitationIdOf(code),
      code,
      role: input.role,
      unitId: unit._id,
      unitName: unit.name,
      path: unit.path,
      inviteeName: input.inviteeName ?? null,
      status: 'open',
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS).toISOString(),
      createdById: caller._id,
      createdByName: caller.name,
      createdAt: now.toISOString(),
      usedById: null,
      usedByName: null,
      usedAt: null,
    };
    try {
      await runTransaction(db, async (tx: Tx) => {
        await tx.collection(COLLECTIONS.invitations.name).add(inv);
        await recordAudit(tx, caller, ctx.requestId, { action: 'admin.invite', target: { collection: COLLECTIONS.invitations.name, id: inv._id }, before: null, after: { role: inv.role, unitId: inv.unitId, inviteeName: inv.inviteeName }, path: inv.path });
      });
      return { invitation: invitationView(inv, now.toISOString()) };
    } catch (err) {
      // 31^8 codes: a clash is rare, and a fresh code settles it.
      if (!isDuplicateKey(err) || attempt >= 3) throw err;
    }
  }
}

export async function invitations(input: In<'invitations'>, ctx: MemberContext): Promise<Out<'invitations'>> {
  const { db, caller } = ctx;
  const unit = await loadUnit(db, input.unitId);
  requireAdminOver(caller, unit);
  const res = await db.collection(COLLECTIONS.invitations.name).where({ unitId: unit._id }).orderBy('createdAt', 'desc').limit(50).get();
  const now = clock.nowIso();
  return { items: (res.data as InvitationRecord[]).map((i) => invitationView(i, now)) };
}

export async function revokeInvitation(input: In<'revokeInvitation'>, ctx: MemberContext): Promise<Out<'revokeInvitation'>> {
  const { db, caller } = ctx;
  const inv = await findById<InvitationRecord>(db, COLLECTIONS.invitations.name, input.invitationId);
  if (!inv) throw notFound('找不到这个邀请码');
  const unit = await loadUnit(db, inv.unitId);
  enforce(checkRemoval(inv.role, unitFacts(unit), actorOf(caller)), INVITE_WORDS);
  const now = clock.nowIso();
  let after = inv;
  await runTransaction(db, async (tx: Tx) => {
    const fresh = await findById<InvitationRecord>(tx, COLLECTIONS.invitations.name, inv._id);
    if (!fresh || fresh.status !== 'open') throw conflict(fresh?.status === 'used' ? '这个邀请码已经被使用，不能作废了；如需免去请在人员里操作' : '这个邀请码已经作废了');
    await tx.collection(COLLECTIONS.invitations.name).doc(inv._id).update({ status: 'revoked' });
    await recordAudit(tx, caller, ctx.requestId, { action: 'admin.revokeInvitation', target: { collection: COLLECTIONS.invitations.name, id: inv._id }, before: { status: 'open' }, after: { status: 'revoked' }, path: fresh.path });
    after = { ...fresh, status: 'revoked' };
  });
  return { invitation: invitationView(after, now) };
}

const USE_WORDS = { used: '这个邀请码已经用过了', revoked: '这个邀请码已经作废了', expired: '这个邀请码已经过期了，请向邀请您的干部要一个新的' } as const;

/**
 * Finds an invitation by the code a person entered, or refuses: a wrong code counts toward the
 * person's limit (NOT_FOUND), a used, revoked or expired one is CONFLICT, as is a retired unit.
 */
export async function openInvitation(db: Db, code: string, openid: string): Promise<{ inv: InvitationRecord; unit: OrgUnitRecord }> {
  await refuseIfTooManyWrong(db, 'invite', openid);
  const inv = await findById<InvitationRecord>(db, COLLECTIONS.invitations.name, invitationIdOf(code));
  if (!inv) {
    await countWrongCode(db, 'invite', openid);
    throw notFound('邀请码不正确，请核对后再输入');
  }
  const use = checkInvitationUse(inv, clock.nowIso());
  if (use !== 'ok') throw conflict(USE_WORDS[use]);
  const unit = await loadUnit(db, inv.unitId);
  if (unit.retiredAt) throw conflict(`${unit.name}已经停用，这个邀请码不能再用`);
  return { inv, unit };
}

/**
 * Claims the invitation inside the caller's transaction (registration or redeem): the conditional
 * re-read of `status: 'open'` in the transaction is what makes a code usable once, however many enter it.
 */
async function claimInvitation(tx: Tx, inv: InvitationRecord, user: Pick<UserRecord, '_id' | 'name'>): Promise<void> {
  const fresh = await findById<InvitationRecord>(tx, COLLECTIONS.invitations.name, inv._id);
  const use = fresh ? checkInvitationUse(fresh, clock.nowIso()) : 'used';
  if (use !== 'ok') throw conflict(USE_WORDS[use]);
  await tx.collection(COLLECTIONS.invitations.name).doc(inv._id).update({ status: 'used', usedById: user._id, usedByName: user.name, usedAt: clock.nowIso() });
}

/** What using an invitation owes: its audit entry (on the person's record), and the notices to the person and to the cadre who invited them. */
export function invitationUseOwes(inv: InvitationRecord, unit: OrgUnitRecord, before: UserRecord, after: UserRecord): Required<EffectSpec> & { audit: NonNullable<EffectSpec['audit']> } {
  return {
    audit: { action: 'admin.useInvitation', before: { roles: before.roles }, after: { roles: after.roles, invitationId: inv._id, invitedById: inv.createdById } },
    messages: [
      {
        to: [after._id],
        message: { kind: 'admin.appointed', title: `您已成为${unit.name}${ROLE_LABELS[inv.role]}`, body: `您用${inv.createdByName}发的邀请码成为${unit.name}${ROLE_LABELS[inv.role]}。`, link: null },
      },
      {
        to: [inv.createdById],
        message: { kind: 'admin.appointed', title: '您发出的邀请码已被使用', body: `${after.name}已用邀请码成为${unit.name}${ROLE_LABELS[inv.role]}。`, link: null, aboutId: after._id },
      },
    ],
  };
}

/** Uses the invitation for a registered person inside the caller's transaction: claimed, the role granted, audited and told. */
export async function useInvitation(tx: Tx, inv: InvitationRecord, unit: OrgUnitRecord, user: UserRecord, requestId: string): Promise<UserRecord> {
  await claimInvitation(tx, inv, user);
  const after = await grantRole(tx, user._id, inv.role, unit);
  const owes = invitationUseOwes(inv, unit, user, after);
  await recordAudit(tx, user, requestId, { ...owes.audit, target: { collection: COLLECTIONS.users.name, id: user._id }, path: after.residence?.path ?? [] });
  for (const m of owes.messages) await enqueue(tx, m.to, m.message);
  return after;
}

/**
 * Registration with a code, inside its transaction: the invitation claimed, then the new person's record
 * added with the role granted, carrying what `carry` makes of the use's audit entry and notices
 * (`_lib/effects.ts`), and the role's seat taken. Returns the record as added.
 */
export async function registerWithInvitation(tx: Tx, inv: InvitationRecord, unit: OrgUnitRecord, user: UserRecord, carry: (after: UserRecord, owes: ReturnType<typeof invitationUseOwes>) => object): Promise<UserRecord> {
  await claimInvitation(tx, inv, user);
  const after = withRole(user, inv.role, unit);
  await tx.collection(COLLECTIONS.users.name).add({ ...after, ...carry(after, invitationUseOwes(inv, unit, user, after)) });
  await takeRoleSeat(tx, after, inv.role, unit);
  return after;
}

export async function redeemInvitation(input: In<'redeemInvitation'>, ctx: MemberContext): Promise<Out<'redeemInvitation'>> {
  const { db, caller } = ctx;
  const { inv, unit } = await openInvitation(db, input.code, ctx.openid!);
  await runTransaction(db, async (tx: Tx) => {
    await useInvitation(tx, inv, unit, caller, ctx.requestId);
  });
  return { role: inv.role, roleLabel: ROLE_LABELS[inv.role], unitName: unit.name };
}
