import { casesContract } from '../../shared/contracts/cases';
import { defineFunction } from '../_lib/handler';
import { caseFigures } from './figures';
import { caseConfig, listCases } from './lists';
import { releaseCase } from './moderation';
import { assessCase, concludeMediation, getCase, getCaseSummary, proposeLevel, recordFollowUp, recordSession, screenCase } from './sheets';
import { updateCaseConfig } from './settings';
import { previewRouting, routingRules, updateRouting } from './routing';
import { runDeadlines } from './timers';

export const cases = defineFunction(
  casesContract,
  {
    routingRules: { run: routingRules },
    previewRouting: { run: previewRouting },
    updateRouting: { run: updateRouting },
    config: { run: caseConfig },
    updateConfig: { run: updateCaseConfig },
    screen: { run: screenCase },
    propose: { run: proposeLevel },
    assess: { run: assessCase },
    recordSession: { run: recordSession },
    conclude: { run: concludeMediation },
    followUp: { run: recordFollowUp },
    release: { run: releaseCase },
    get: { run: getCase },
    summary: { run: getCaseSummary },
    list: { run: listCases },
    figures: { run: caseFigures },
  },
  {
    // Deadlines are counted in days; every ten minutes is prompt enough and cheap (indexed, due cases only).
    deadlines: { cron: '0 */10 * * * * *', localEveryMs: 60_000, run: runDeadlines },
  },
);

export const main = cases.main;
