import { powersContract } from '../../shared/contracts/powers';
import { defineFunction } from '../_lib/handler';
import { adjustItem, getItem, listCatalogue, publishItem } from './catalogue';
import { advanceMatter, applyMatter, complainMatter, getMatter, handleComplaint, listComplaints, listMatters, rateMatter, withdrawMatter } from './matters';
import { releaseComplaint, releaseMatter, releaseTalk } from './moderation';
import { listTalks, recordTalk, talkCounts } from './talks';
import { flagOverdue, tallyMatters } from './timers';

export const powers = defineFunction(
  powersContract,
  {
    // The published list, flowcharts and cards are public (阳光公开): no sign-in needed.
    catalogue: { access: 'public', run: listCatalogue },
    item: { access: 'public', run: getItem },
    publish: { run: publishItem },
    adjust: { run: adjustItem },
    apply: { run: applyMatter },
    advance: { run: advanceMatter },
    withdraw: { run: withdrawMatter },
    matter: { run: getMatter },
    matters: { run: listMatters },
    rate: { run: rateMatter },
    complain: { run: complainMatter },
    complaints: { run: listComplaints },
    handleComplaint: { run: handleComplaint },
    release: { run: releaseMatter },
    releaseComplaint: { run: releaseComplaint },
    releaseTalk: { run: releaseTalk },
    recordTalk: { run: recordTalk },
    talks: { run: listTalks },
    talkCounts: { run: talkCounts },
  },
  {
    // Time limits are whole working days; every ten minutes is prompt and cheap (indexed, due matters only).
    overdue: { cron: '0 */10 * * * * *', localEveryMs: 60_000, run: flagOverdue },
    // The catalogue's anonymous counts follow each matter's change within a minute (one write per change).
    tally: { cron: '0 * * * * * *', localEveryMs: 5_000, run: tallyMatters },
  },
);

export const main = powers.main;
