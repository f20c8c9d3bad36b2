import { useCallback, useMemo } from 'react';
import { adminContract } from '@shared/contracts/admin';
import type { ActionInput, ActionName, ActionOutput } from '@shared/contracts/envelope';
import type { AppointableRole } from '@shared/domain/appointment-rules';
import { ApiError, call } from '../client/cloud';
import { plainError } from '../client/error-text';
import { useAction } from './use-action';

type AdminAction = ActionName<typeof adminContract>;
export type AdminInput<K extends AdminAction> = ActionInput<typeof adminContract, K>;
export type AdminOutput<K extends AdminAction> = ActionOutput<typeof adminContract, K>;

export const adminCall = <K extends AdminAction>(action: K, input: AdminInput<K>) => call(adminContract, action, input);

/** The contract's own check answers this; any other INVALID_INPUT of `admin` is a sentence for the person. */
const GENERIC_INVALID = '填写的内容有误，请检查';

/**
 * Every refusal of `admin` is worded for the case (「这个单位已经停用，不能再任命」, the list of work to
 * hand over): the page shows the server's words; a form problem shows its field's message.
 */
export function adminError(e: unknown): string {
  if (!(e instanceof ApiError)) return plainError(e);
  if (e.code === 'INVALID_INPUT') return e.message === GENERIC_INVALID ? (e.issues[0]?.message ?? e.message) : e.message;
  return e.declared ? e.message : plainError(e);
}

const useAdmin = <K extends AdminAction>(action: K, input: AdminInput<K> | null) =>
  useAction(adminContract, action, input, { errorText: adminError, reloadOnShow: true });

/** Runs a change and then loads what it changed again, whether the change succeeded or not. */
function useReloadAfter(...reloads: (() => Promise<unknown>)[]) {
  return useCallback(
    async <T>(work: Promise<T>): Promise<T> => {
      try {
        return await work;
      } finally {
        for (const reload of reloads) void reload();
      }
    },
    // The reload functions are stable per action and input (useAction); the list is its own dependency list.
    reloads,
  );
}

/** Where the caller administers: the entry of the 管理 area. */
export function useAdminOverview() {
  return useAdmin('overview', {});
}

/** One unit of the tree, its children, and the verbs that change the tree (each loads it again). */
export function useUnitTree(unitId: string | null) {
  const tree = useAdmin('units', unitId ? { unitId } : null);
  const after = useReloadAfter(tree.reload);
  const verbs = useMemo(
    () => ({
      addUnit: (input: AdminInput<'addUnit'>) => after(adminCall('addUnit', input)),
      renameUnit: (id: string, name: string) => after(adminCall('renameUnit', { unitId: id, name })),
      retireUnit: (id: string) => after(adminCall('retireUnit', { unitId: id })),
      moveGrid: (gridId: string, villageId: string) => after(adminCall('moveGrid', { gridId, villageId })),
    }),
    [after],
  );
  return { ...tree, ...verbs };
}

/**
 * Appointments at one unit: who holds what, the open invitations, and the verbs. `removeRole`
 * throws the server's CONFLICT (the work to hand over, in Chinese) when no successor was named.
 */
export function useAppointments(unitId: string | null) {
  const holders = useAdmin('holders', unitId ? { unitId } : null);
  const invitations = useAdmin('invitations', unitId ? { unitId } : null);
  const reloadHolders = holders.reload;
  const reloadInvitations = invitations.reload;

  const verbs = useMemo(() => {
    const at = () => {
      if (!unitId) throw new ApiError('INVALID_INPUT', '请先选择单位');
      return unitId;
    };
    return {
      findPeople: async (name: string) => (await adminCall('findPeople', { unitId: at(), name })).items,
      appoint: async (userId: string, role: AppointableRole) => {
        try {
          return (await adminCall('appoint', { userId, role, unitId: at() })).holder;
        } finally {
          void reloadHolders();
        }
      },
      removeRole: async (input: { userId: string; role: AppointableRole; successorId?: string }) => {
        try {
          return await adminCall('removeRole', { ...input, unitId: at() });
        } finally {
          void reloadHolders();
        }
      },
      invite: async (role: AppointableRole, inviteeName?: string) => {
        try {
          return (await adminCall('invite', { role, unitId: at(), ...(inviteeName ? { inviteeName } : {}) })).invitation;
        } finally {
          void reloadInvitations();
        }
      },
      revokeInvitation: async (invitationId: string) => {
        try {
          return (await adminCall('revokeInvitation', { invitationId })).invitation;
        } finally {
          void reloadInvitations();
        }
      },
    };
  }, [unitId, reloadHolders, reloadInvitations]);

  return {
    unit: holders.data?.unit ?? null,
    holders: holders.data?.items ?? [],
    appointableRoles: holders.data?.appointableRoles ?? [],
    invitations: invitations.data?.items ?? [],
    loading: holders.loading,
    error: holders.error ?? invitations.error,
    ...verbs,
  };
}

/** 双报到 for the county: the unit party organisations and registering one. */
export function usePartyOrgs() {
  const list = useAdmin('partyOrgs', {});
  const { reload } = list;
  const registerPartyOrg = useCallback(
    async (name: string, secretaryId: string) => {
      try {
        return (await adminCall('registerPartyOrg', { name, secretaryId })).partyOrg;
      } finally {
        void reload();
      }
    },
    [reload],
  );
  /** A secretary is found like anyone appointed: by name among the county's registered people. */
  const findSecretary = useCallback(async (countyId: string, name: string) => (await adminCall('findPeople', { unitId: countyId, name })).items, []);
  return { ...list, registerPartyOrg, findSecretary };
}

/** 双报到 for a community's cadre: applications waiting, members registered, and deciding. */
export function usePartyRegistrations(unitId: string | null) {
  const pending = useAdmin('partyRegistrations', unitId ? { unitId, status: 'pending' } : null);
  const confirmed = useAdmin('partyRegistrations', unitId ? { unitId, status: 'confirmed' } : null);
  const reloadPending = pending.reload;
  const reloadConfirmed = confirmed.reload;
  const decide = useCallback(
    async (registrationId: string, decision: 'confirm' | 'decline') => {
      try {
        return (await adminCall('decidePartyRegistration', { registrationId, decision })).registration;
      } finally {
        void reloadPending();
        void reloadConfirmed();
      }
    },
    [reloadPending, reloadConfirmed],
  );
  return {
    pending: pending.data?.items ?? [],
    confirmed: confirmed.data?.items ?? [],
    loading: pending.loading || confirmed.loading,
    error: pending.error ?? confirmed.error,
    confirm: (id: string) => decide(id, 'confirm'),
    decline: (id: string) => decide(id, 'decline'),
  };
}

/** 双报到 for the member: their registration and applying. */
export function useMyPartyRegistration() {
  const mine = useAdmin('myPartyRegistration', {});
  const { reload } = mine;
  const apply = useCallback(
    async (partyOrgId: string, unitId?: string) => {
      try {
        return (await adminCall('applyPartyRegistration', { partyOrgId, ...(unitId ? { unitId } : {}) })).registration;
      } finally {
        void reload();
      }
    },
    [reload],
  );
  return { ...mine, registration: mine.data?.registration ?? null, apply };
}

/** The unit's secretary: where its members registered and their service records. */
export function usePartyOrgMembers(partyOrgId: string | null) {
  return useAdmin('partyOrgMembers', partyOrgId ? { partyOrgId } : null);
}

/** The first county admin's code, and an invitation code entered by a registered person. */
export const bootstrapCounty = (code: string, name?: string) => adminCall('bootstrap', { code, ...(name ? { name } : {}) });
export const redeemInvitation = (code: string) => adminCall('redeemInvitation', { code });

export type CareFields = Omit<AdminInput<'careAdd'>, 'gridId'>;

/** The grid's care register (关爱对象): the grids the person keeps, one grid's people, and the verbs. */
export function useCareRegister(gridId: string | null) {
  const grids = useAdmin('careGrids', {});
  const first = grids.data?.items[0]?.gridId ?? null;
  const chosen = gridId ?? first;
  const list = useAdmin('careList', chosen ? { gridId: chosen } : null);
  const after = useReloadAfter(list.reload, grids.reload);
  return {
    grids: grids.data?.items ?? [],
    gridId: chosen,
    gridName: list.data?.gridName ?? '',
    canEdit: list.data?.canEdit ?? false,
    items: list.data?.items ?? [],
    loading: grids.loading || list.loading,
    error: grids.error ?? list.error,
    add: (fields: CareFields) => after(adminCall('careAdd', { gridId: chosen!, ...fields })),
    update: (id: string, fields: CareFields) => after(adminCall('careUpdate', { id, ...fields })),
    remove: (id: string, reason: string) => after(adminCall('careRemove', { id, reason })),
    contact: (id: string) => adminCall('careContact', { id }),
  };
}
