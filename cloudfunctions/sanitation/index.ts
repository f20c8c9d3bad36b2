import { sanitationContract } from '../../shared/contracts/sanitation';
import { defineFunction } from '../_lib/handler';
import { getFacility, inspectFacility, listFacilities, saveFacility, setFacilityStatus } from './facilities';
import { releaseOrder } from './moderation';
import { acceptOrder, confirmOrder, fixOrder, getOrder, listOrders, myReports, reopenOrder, submitReport, takePhoto } from './orders';
import { readRules, updateRules } from './settings';
import { escalateOverdue } from './timers';

export const sanitation = defineFunction(
  sanitationContract,
  {
    facilities: { run: listFacilities },
    facility: { run: getFacility },
    saveFacility: { run: saveFacility },
    setFacilityStatus: { run: setFacilityStatus },
    inspect: { run: inspectFacility },
    report: { run: submitReport },
    photo: { run: takePhoto },
    myReports: { run: myReports },
    orders: { run: listOrders },
    order: { run: getOrder },
    accept: { run: acceptOrder },
    fix: { run: fixOrder },
    confirm: { run: confirmOrder },
    reopen: { run: reopenOrder },
    release: { run: releaseOrder },
    rules: { run: readRules },
    updateRules: { run: updateRules },
  },
  {
    // Deadlines are hours to days: every ten minutes is prompt, and cheap (indexed: unfinished and past due only).
    overdue: { cron: '0 */10 * * * * *', localEveryMs: 60_000, run: escalateOverdue },
  },
);

export const main = sanitation.main;
