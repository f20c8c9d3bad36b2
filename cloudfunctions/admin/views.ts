import type { OrgKind } from '../../shared/contracts/common';
import type { AdminUnitView, HolderView, InvitationView, PartyRegistrationView } from '../../shared/contracts/admin';
import type { InvitationRecord, PartyRegistrationRecord } from '../../shared/domain/admin-records';
import {
  ROLE_LABELS,
  checkInvitationUse,
  checkUnitChange,
  type AdminActor,
  type AppointableRole,
  type UnitChange,
} from '../../shared/domain/appointment-rules';
import { chinaClock, chinaParts } from '../../shared/domain/china-time';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { unitFacts } from './store';

const CHANGES: readonly UnitChange[] = ['add', 'rename', 'retire', 'move'];
const CHILD_KINDS: readonly OrgKind[] = ['town', 'village', 'community', 'grid'];

export function unitView(u: OrgUnitRecord, actor: AdminActor): AdminUnitView {
  const facts = unitFacts(u);
  const allowed = CHANGES.filter((c) => {
    if (c === 'add') return CHILD_KINDS.some((k) => checkUnitChange('add', facts, actor, k) === 'ok');
    return checkUnitChange(c, facts, actor) === 'ok';
  });
  return { id: u._id, name: u.name, kind: u.kind, parentId: u.parentId, retired: facts.retired, allowed };
}

export function holderView(u: UserRecord, role: AppointableRole): HolderView {
  return { userId: u._id, name: u.name, phoneMasked: u.phoneMasked, role, roleLabel: ROLE_LABELS[role] };
}

const INVITATION_STATUS_LABELS = { open: '待使用', used: '已使用', revoked: '已作废', expired: '已过期' } as const;

export function invitationView(inv: InvitationRecord, nowIso: string): InvitationView {
  const use = checkInvitationUse(inv, nowIso);
  const status = use === 'ok' ? 'open' : use;
  const p = chinaParts(inv.expiresAt);
  return {
    id: inv._id,
    code: inv.code,
    role: inv.role,
    roleLabel: ROLE_LABELS[inv.role],
    unitId: inv.unitId,
    unitName: inv.unitName,
    inviteeName: inv.inviteeName,
    status,
    statusLabel: INVITATION_STATUS_LABELS[status],
    expiresLabel: `${p.month}月${p.day}日 ${chinaClock(inv.expiresAt)} 前有效`,
    usedByName: inv.usedByName,
  };
}

const REGISTRATION_STATUS_LABELS = { pending: '待社区确认', confirmed: '已报到', declined: '未通过', ended: '已结束' } as const;

export function registrationView(
  r: PartyRegistrationRecord,
  extra: { phoneMasked: string | null; completedWishes: number; claimedWishes: number },
): PartyRegistrationView {
  return {
    id: r._id,
    memberId: r.memberId,
    memberName: r.memberName,
    phoneMasked: extra.phoneMasked,
    partyOrgId: r.partyOrgId,
    partyOrgName: r.partyOrgName,
    unitId: r.unitId,
    unitName: r.unitName,
    status: r.status,
    statusLabel: REGISTRATION_STATUS_LABELS[r.status],
    completedWishes: extra.completedWishes,
    claimedWishes: extra.claimedWishes,
  };
}
