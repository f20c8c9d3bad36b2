import { useCallback, useMemo, useState } from 'react';
import { chinaMonth } from '@shared/domain/china-time';
import { policeCall, usePolice, type PoliceInput, type PoliceOutput } from './use-police';

type ReleaseTarget = PoliceInput<'release'>;

/**
 * One 警民之家's day for the officer (or the cadre over it): the board, this month's counts, and
 * the officer's verbs. Every verb throws ApiError for the page to word; after it the board loads
 * again, and after a success the month's counts too. `homeId` undefined is the caller's own home.
 */
export function useWorkbench(homeId: string | undefined, options: { picksHome: boolean } = { picksHome: false }) {
  const ref = useMemo(() => (homeId ? { homeId } : {}), [homeId]);
  const board = usePolice('workbench', ref);
  const homes = usePolice('homes', options.picksHome ? {} : null);
  const month = chinaMonth(new Date());
  /** 'home': this home's month; else a town or the county the cadre oversees. */
  const [scope, setScope] = useState<string>('home');
  const counts = usePolice('monthlyCounts', scope === 'home' ? { ...ref, month } : { unitId: scope, month });
  const { reload } = board;
  const reloadCounts = counts.reload;

  const perform = useCallback(
    async <T>(work: () => Promise<T>): Promise<T> => {
      try {
        const out = await work();
        void reloadCounts();
        return out;
      } finally {
        void reload();
      }
    },
    [reload, reloadCounts],
  );

  const verbs = useMemo(
    () => ({
      callNext: () => perform(() => policeCall('callNext', ref)),
      checkIn: (bookingId: string) => perform(() => policeCall('checkIn', { bookingId })),
      markNoShow: (bookingId: string) => perform(() => policeCall('markNoShow', { bookingId })),
      confirmResident: (userId: string) => perform(() => policeCall('confirmResident', { userId, ...ref })),
      decideVisit: (input: PoliceInput<'decideVisit'>) => perform(() => policeCall('decideVisit', input)),
      recordVisit: (visitId: string, outcome: string) => perform(() => policeCall('recordVisit', { visitId, outcome })),
      createSession: (input: PoliceInput<'createSession'>) => perform(() => policeCall('createSession', input)),
      recordAttendance: (signupId: string, attended: boolean) => perform(() => policeCall('recordAttendance', { signupId, attended })),
      addException: (input: Omit<PoliceInput<'addException'>, 'homeId'>) => perform(() => policeCall('addException', { ...input, ...ref })),
      release: (target: ReleaseTarget) => perform(() => policeCall('release', target)),
    }),
    [perform, ref],
  );

  return {
    data: board.data as PoliceOutput<'workbench'> | null,
    error: board.error,
    reload,
    /** Towns or the county whose month the cadre may see as a whole (empty for an officer). */
    scopes: homes.data?.scopes ?? [],
    scope,
    setScope,
    counts: counts.data,
    countsError: counts.error,
    ...verbs,
  };
}

export type Workbench = ReturnType<typeof useWorkbench>;
