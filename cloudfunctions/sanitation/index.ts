import { sanitationContract } from '../../shared/contracts/sanitation';
import { defineFunction } from '../_lib/handler';
import { getFacility, inspectFacility, listFacilities, saveFacility, setFacilityStatus } from './facilities';
import { releaseOrder } from './moderation';
import { acceptOrder, confirmOrder, fixOrder, getOrder, listOrders, myReports, reopenOrder, submitReport, takePhoto } from './orders';
import { readRules, updateRules } from './settings';
import { alertUncollected, dispatchReports, escalateOverdue } from './timers';
import { checkSewage, listRuns, logRun } from './chain';
import { figures } from './figures';
import { checkSorting, getHousehold, listHouseholds, saveBins, saveToilet } from './households';

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
    household: { run: getHousehold },
    households: { run: listHouseholds },
    saveToilet: { run: saveToilet },
    saveBins: { run: saveBins },
    checkSorting: { run: checkSorting },
    logRun: { run: logRun },
    runs: { run: listRuns },
    checkSewage: { run: checkSewage },
    figures: { run: figures },
    rules: { run: readRules },
    updateRules: { run: updateRules },
  },
  {
    // 派单: a 随手拍 is received by the resident's action and dispatched here, so every minute (the
    // shortest trigger): the handlers hear of it within a minute or so. Locally every 5 s, so the
    // order appears while the person still looks at the receipt.
    dispatch: { cron: '0 */1 * * * * *', localEveryMs: 5_000, run: dispatchReports },
    // Deadlines are hours to days: every ten minutes is prompt, and cheap (indexed: unfinished and past due only).
    overdue: { cron: '0 */10 * * * * *', localEveryMs: 60_000, run: escalateOverdue },
    // Collection intervals are days: once an hour is prompt enough (indexed: due points only).
    collectionDue: { cron: '0 5 * * * * *', localEveryMs: 300_000, run: alertUncollected },
  },
);

export const main = sanitation.main;
