import { councilsContract } from '../../shared/contracts/councils';
import { defineFunction } from '../_lib/handler';
import { getAgenda, getCouncil, getSettings, passTurn, saveAgendaItem, saveCouncil, saveSettings } from './council';
import { acknowledgeCovenant, getCovenant, proposeCovenant } from './covenant';
import { decideObjection, findNominees, getHonour, listHonours, myHonours, nominate, objectTo, openHonour, openHonourVote, startPublicity } from './honours';
import { getDecision, listDecisions, planDecision, rateDecision, reportStep } from './decisions';
import { councilFigures } from './figures';
import { callMeeting, decide, getMeeting, recordAttendance, recordMinutes } from './meetings';
import { tick } from './timers';
import { follow, getTopic, listTopics, mergeTopic, raiseTopic, releaseTopic, support } from './topics';
import { castVote, closeVote, getVote } from './votes';

export const councils = defineFunction(
  councilsContract,
  {
    // 议事在民: the council, its rotation, the list, topics, meetings, votes and decisions are public.
    council: { access: 'public', run: getCouncil },
    saveCouncil: { run: saveCouncil },
    passTurn: { run: passTurn },
    agenda: { access: 'public', run: getAgenda },
    saveAgendaItem: { run: saveAgendaItem },
    saveSettings: { run: saveSettings },
    settings: { run: getSettings },
    raiseTopic: { run: raiseTopic },
    topics: { access: 'public', run: listTopics },
    topic: { access: 'public', run: getTopic },
    support: { run: support },
    follow: { run: follow },
    mergeTopic: { run: mergeTopic },
    releaseTopic: { run: releaseTopic },
    callMeeting: { run: callMeeting },
    meeting: { access: 'public', run: getMeeting },
    recordAttendance: { run: recordAttendance },
    recordMinutes: { run: recordMinutes },
    decide: { run: decide },
    vote: { access: 'public', run: getVote },
    castVote: { run: castVote },
    closeVote: { run: closeVote },
    decisions: { access: 'public', run: listDecisions },
    decision: { access: 'public', run: getDecision },
    planDecision: { run: planDecision },
    reportStep: { run: reportStep },
    rateDecision: { run: rateDecision },
    covenant: { access: 'public', run: getCovenant },
    proposeCovenant: { run: proposeCovenant },
    acknowledgeCovenant: { run: acknowledgeCovenant },
    honours: { access: 'public', run: listHonours },
    honour: { access: 'public', run: getHonour },
    openHonour: { run: openHonour },
    nominees: { run: findNominees },
    nominate: { run: nominate },
    startPublicity: { run: startPublicity },
    object: { run: objectTo },
    decideObjection: { run: decideObjection },
    openHonourVote: { run: openHonourVote },
    myHonours: { run: myHonours },
    figures: { run: councilFigures },
  },
  {
    // Household votes last days and deadlines are dates: every ten minutes closes a vote promptly enough.
    tick: { cron: '0 */10 * * * * *', localEveryMs: 60_000, run: tick },
  },
);

export const main = councils.main;
