import { policeContract } from '../../shared/contracts/police';
import { defineFunction } from '../_lib/handler';
import { book, cancelBooking, checkIn, confirmResident, markNoShow, reschedule } from './booking';
import { addException, editException, getHome, listSlots, removeException } from './home';
import { addService, editService, getManage, retireService, setHours, setSchedule } from './manage';
import { callNext, getQueue, takeNumber } from './queue';
import { cancelSession, cancelSignup, createSession, editSession, listSessions, recordAttendance, signUp } from './sessions';
import { openSlots, remindTomorrow } from './timers';
import { releaseText } from './moderation';
import { decideVisit, neighbours, recordVisit, requestVisit, withdrawVisit } from './visits';
import { homes, mine, monthlyCounts, workbench } from './workbench';

export const police = defineFunction(
  policeContract,
  {
    home: { run: getHome },
    slots: { run: listSlots },
    book: { run: book },
    cancel: { run: cancelBooking },
    reschedule: { run: reschedule },
    mine: { run: mine },
    sessions: { run: listSessions },
    signUp: { run: signUp },
    cancelSignup: { run: cancelSignup },
    queue: { run: getQueue },
    takeNumber: { run: takeNumber },
    requestVisit: { run: requestVisit },
    withdrawVisit: { run: withdrawVisit },
    neighbours: { run: neighbours },
    homes: { run: homes },
    workbench: { run: workbench },
    callNext: { run: callNext },
    checkIn: { run: checkIn },
    markNoShow: { run: markNoShow },
    confirmResident: { run: confirmResident },
    decideVisit: { run: decideVisit },
    recordVisit: { run: recordVisit },
    createSession: { run: createSession },
    recordAttendance: { run: recordAttendance },
    addException: { run: addException },
    editException: { run: editException },
    removeException: { run: removeException },
    manage: { run: getManage },
    setHours: { run: setHours },
    addService: { run: addService },
    editService: { run: editService },
    retireService: { run: retireService },
    setSchedule: { run: setSchedule },
    editSession: { run: editSession },
    cancelSession: { run: cancelSession },
    monthlyCounts: { run: monthlyCounts },
    release: { run: releaseText },
  },
  {
    // 18:00 China time (CloudBase timer triggers run on Beijing time).
    remindTomorrow: { cron: '0 0 18 * * * *', localEveryMs: 10 * 60_000, run: ({ db }) => remindTomorrow(db) },
    openSlots: { cron: '0 30 0 * * * *', localEveryMs: 60 * 60_000, run: ({ db }) => openSlots(db) },
  },
);

export const main = police.main;
