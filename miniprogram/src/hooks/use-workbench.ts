import { useCallback, useMemo, useState } from 'react';
import { chinaMonth } from '@shared/domain/china-time';
import { policeCall, usePolice, type PoliceInput, type PoliceOutput } from './use-police';

type ReleaseTarget = PoliceInput<'release'>;
type Schedule = PoliceInput<'setSchedule'>['schedule'];
type Without<K extends 'editException' | 'addService' | 'setHours'> = Omit<PoliceInput<K>, 'homeId'>;

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
  /** 管理本站 is loaded once the officer opens it. */
  const [managing, setManaging] = useState(false);
  const manage = usePolice('manage', managing ? ref : null);
  const { reload } = board;
  const reloadCounts = counts.reload;
  const reloadManage = manage.reload;

  const perform = useCallback(
    async <T>(work: () => Promise<T>): Promise<T> => {
      try {
        const out = await work();
        void reloadCounts();
        return out;
      } finally {
        void reload();
        void reloadManage();
      }
    },
    [reload, reloadCounts, reloadManage],
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
      // 管理本站: each answers what the change kept (booked slots it could not shrink or remove) or throws CONFLICT with them.
      openManage: () => setManaging(true),
      closeManage: () => setManaging(false),
      setHours: (weekly: Without<'setHours'>['weekly']) => perform(() => policeCall('setHours', { weekly, ...ref })),
      editException: (input: Without<'editException'>) => perform(() => policeCall('editException', { ...input, ...ref })),
      removeException: (date: string) => perform(() => policeCall('removeException', { date, ...ref })),
      addService: (input: Without<'addService'>) => perform(() => policeCall('addService', { ...input, ...ref })),
      editService: (input: PoliceInput<'editService'>) => perform(() => policeCall('editService', input)),
      retireService: (serviceId: string) => perform(() => policeCall('retireService', { serviceId })),
      setSchedule: (serviceId: string, schedule: Schedule) => perform(() => policeCall('setSchedule', { serviceId, schedule })),
      editSession: (input: PoliceInput<'editSession'>) => perform(() => policeCall('editSession', input)),
      cancelSession: (sessionId: string, reason: string) => perform(() => policeCall('cancelSession', { sessionId, reason })),
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
    /** The 管理本站 view once opened (null before, and while it loads). */
    managing,
    manage: manage.data as PoliceOutput<'manage'> | null,
    manageError: manage.error,
    ...verbs,
  };
}

export type Workbench = ReturnType<typeof useWorkbench>;
