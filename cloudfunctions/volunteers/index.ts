import { volunteersContract } from '../../shared/contracts/volunteers';
import { defineFunction } from '../_lib/handler';
import { cancelSignup, createActivity, getActivity, listActivities, signUp } from './activities';
import { certificate, checkInCode, confirmHours, correctHours, markAttendance, record, scan } from './hours';
import { releaseText } from './moderation';
import { decideVolunteer, home, join, listVolunteers, updateProfile } from './profile';
import { addService, editService, listServices, retireService } from './services';
import { addVenue, bookVenue, cancelVenueBooking, decideVenueBooking, getVenue, listVenues, retireVenue, venueUtilisation } from './venues';
import { volunteerFigures } from './figures';
import { partyReport, reportOrgs } from './report';
import { quarterReport } from './timers';
import { listVisits, logVisit, visitsDue, visitToCase, visitToWish } from './visits';

export const volunteers = defineFunction(volunteersContract, {
  home: { run: home },
  join: { run: join },
  updateProfile: { run: updateProfile },
  volunteers: { run: listVolunteers },
  decideVolunteer: { run: decideVolunteer },
  services: { run: listServices },
  addService: { run: addService },
  editService: { run: editService },
  retireService: { run: retireService },
  activities: { run: listActivities },
  activity: { run: getActivity },
  createActivity: { run: createActivity },
  signUp: { run: signUp },
  cancelSignup: { run: cancelSignup },
  checkInCode: { run: checkInCode },
  scan: { run: scan },
  markAttendance: { run: markAttendance },
  confirmHours: { run: confirmHours },
  correctHours: { run: correctHours },
  record: { run: record },
  // The certificate is checked by anyone holding its code, signed in or not.
  certificate: { access: 'public', run: certificate },
  visits: { run: listVisits },
  logVisit: { run: logVisit },
  visitToWish: { run: visitToWish },
  visitToCase: { run: visitToCase },
  visitsDue: { run: visitsDue },
  venues: { run: listVenues },
  venue: { run: getVenue },
  addVenue: { run: addVenue },
  retireVenue: { run: retireVenue },
  bookVenue: { run: bookVenue },
  cancelVenueBooking: { run: cancelVenueBooking },
  decideVenueBooking: { run: decideVenueBooking },
  venueUtilisation: { run: venueUtilisation },
  figures: { run: volunteerFigures },
  partyReport: { run: partyReport },
  reportOrgs: { run: reportOrgs },
  release: { run: releaseText },
}, {
  // 09:00 China time on the first day of each quarter; runs that overlap send each report once.
  quarterReport: { cron: '0 0 9 1 1,4,7,10 * *', localEveryMs: 6 * 60 * 60_000, run: ({ db }) => quarterReport(db) },
});

export const main = volunteers.main;
