// Sums up a REQUEST_CENSUS file (tests/support/runtime.ts): for every action the integration tests
// call, the most database requests one call sent, by whether the caller holds a role beyond resident (or
// does a council chair's duty),
// against issue 13's budgets (resident ≤ 6, cadre ≤ 12). Overlapping calls are left out (their counts
// mix); actions never called alone are listed as unmeasured.
//   READ_CACHE=off REQUEST_CENSUS=/tmp/census.jsonl npx jest --selectProjects integration
//   node scripts/request-census.mjs /tmp/census.jsonl
import { readFileSync } from 'node:fs';

const BUDGET = { resident: 6, cadre: 12 };
const RESIDENT_ROLES = new Set(['resident', 'party-member', 'volunteer']);
// A council's rotating chair (轮席) is a resident acting as the council's officer: the chair's duties are
// counted in the cadre budget, whoever holds the chair (issue 13; tests/integration/councils-effects.test.ts).
const OFFICER_ACTIONS = new Set(['councils.passTurn', 'councils.callMeeting', 'councils.recordAttendance', 'councils.recordMinutes', 'councils.decide', 'councils.closeVote']);
const file = process.argv[2];
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const byAction = new Map();
for (const l of lines) {
  const key = `${l.fn}.${l.action}`;
  const who = OFFICER_ACTIONS.has(key) || l.roles.some((r) => !RESIDENT_ROLES.has(r)) ? 'cadre' : 'resident';
  const a = byAction.get(key) ?? { key, calls: 0, alone: 0, resident: null, cadre: null };
  a.calls += 1;
  if (!l.overlapped && l.ok) {
    a.alone += 1;
    const prev = a[who] ?? { requests: -1, test: '', all: [] };
    prev.all.push(l.requests);
    if (l.requests > prev.requests) Object.assign(prev, { requests: l.requests, test: l.test });
    a[who] = prev;
  }
  byAction.set(key, a);
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const rows = [...byAction.values()].sort((x, y) => x.key.localeCompare(y.key));
const over = [];
for (const a of rows) {
  for (const who of ['resident', 'cadre']) {
    const m = a[who];
    if (m && m.requests > BUDGET[who]) over.push(`${a.key} as ${who}: max ${m.requests}, median ${median(m.all)} > ${BUDGET[who]}   (${m.test})`);
  }
}
console.log('requests per call: median/max over the calls measured alone')
console.log(`${rows.length} actions called, ${rows.filter((a) => a.alone === 0).length} never measured alone`);
for (const a of rows) console.log(`${a.key.padEnd(40)} resident ${a.resident ? `${median(a.resident.all)}/${a.resident.requests}` : '-'}   cadre ${a.cadre ? `${median(a.cadre.all)}/${a.cadre.requests}` : '-'}   (${a.alone}/${a.calls} calls measured)`);
console.log(`\nover budget (${over.length}):`);
for (const o of over) console.log(`  ${o}`);
