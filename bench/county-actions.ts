import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FUNCTIONS } from '../cloudfunctions/registry';
import { MY_DATA_PARTS } from '../shared/contracts/auth';
import { DASHBOARD_SECTION_IDS } from '../shared/contracts/alerts';
import { ok, type TestRuntime } from '../tests/support/runtime';
import type { QueryWatch } from '../tests/support/query-watch';
import type { GrownCounty } from './county';

/**
 * What people do every day, at county scale, each with its cost in database requests (issue 13 §2).
 * Budgets: a resident's action ≤ 6 requests, a cadre's ≤ 12, and no count grows with the county
 * (only with the action's own answer page). The privacy export is a resident's action like any other:
 * the page reads it in parts (MY_DATA_PARTS), each one call inside the resident budget, no exemption.
 * The 驾驶舱 likewise reads its sections one call each (DASHBOARD_SECTION_IDS).
 */
export type Who = 'resident' | 'cadre';

export const BUDGET: Record<Who, number> = { resident: 6, cadre: 12 };

/**
 * Resident writes measured over their budget (issue 13 stays open for them), each with its count today
 * and why. Not an exemption: the scale test fails when such an action sends more than this, and fails
 * when it comes within budget or sends fewer (so the entry is removed or lowered, never left stale).
 * Keyed by the action's label up to ` as ` (function.action and its input).
 */
export const OVER_BUDGET: Record<string, { requests: number; why: string }> = {};

/** The action part of a cost's label, the key of OVER_BUDGET. */
export const actionKey = (label: string) => label.slice(0, label.lastIndexOf(' as '));

export interface CountyAction {
  who: Who;
  /** Sign in as: a demo persona or `gen:<key>` for the generated village's person. */
  as: string;
  fn: string;
  action: string;
  /** `run` counts the action's runs from 0: a write gets a fresh request id or target each run. */
  input: (g: GrownCounty, run: number) => object;
  /**
   * Photos the person uploads before each run, not counted (the storage stand-in's upload route, then
   * sanitation.photo, as the mini-program does): their ids are the run's `photoIds`.
   */
  photos?: number;
  /**
   * An action a person does once (注销账号): each run signs in as the openid this gives, instead of `as`
   * (which then only names the row).
   */
  once?: (g: GrownCounty, run: number) => string;
}

const village = (g: GrownCounty) => g.people[0]!.villageId;
const lastMonth = (g: GrownCounty) => g.months[g.months.length - 1]!;
/** A record bench/county.ts cloned from the demo village into the first generated village. */
const cloneOf = (g: GrownCounty, demoId: string) => `${demoId}_${village(g)}`;
const firstGrid = (g: GrownCounty) => g.people[0]!.gridLeader.slice('gen-gl-'.length);
/** Demo facilities (codes after `fengfang-`) with no unfinished order: a report of one opens an order. */
const FRESH_FACILITIES = ['CP-1', 'CP-3', 'SW-1', 'SW-3'];

export const COUNTY_ACTIONS: CountyAction[] = [
  { who: 'resident', as: 'gen:resident', fn: 'auth', action: 'me', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'auth', action: 'orgUnits', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'wishes', action: 'list', input: () => ({ scope: 'village', limit: 20 }) },
  // 许心愿: one add carrying the cadres' notice (_lib/effects.ts), however many cadres the village has.
  { who: 'resident', as: 'gen:resident', fn: 'wishes', action: 'submit', input: (_g, run) => ({ requestId: `bench-wish-${run}`, title: `想请人帮忙修水管${run + 1}`, content: '厨房水管漏水，想请人帮忙看看。', category: 'daily-life' }) },
  { who: 'resident', as: 'gen:resident', fn: 'powers', action: 'catalogue', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'powers', action: 'item', input: () => ({ code: 'CW-01' }) },
  { who: 'resident', as: 'gen:resident', fn: 'powers', action: 'matters', input: () => ({ scope: 'mine', limit: 20 }) },
  { who: 'resident', as: 'gen:resident', fn: 'points', action: 'mine', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'points', action: 'ranking', input: (g) => ({ villageId: village(g), month: lastMonth(g) }) },
  { who: 'resident', as: 'gen:resident', fn: 'police', action: 'home', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'police', action: 'mine', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'cases', action: 'list', input: () => ({ scope: 'mine', limit: 20 }) },
  { who: 'resident', as: 'gen:resident', fn: 'notifications', action: 'list', input: () => ({ limit: 20 }) },
  { who: 'resident', as: 'gen:resident', fn: 'councils', action: 'council', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'councils', action: 'topics', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'councils', action: 'decisions', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'councils', action: 'covenant', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'councils', action: 'myHonours', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'alerts', action: 'current', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'alerts', action: 'alert', input: (g) => ({ alertId: cloneOf(g, 'al-seed-rain') }) },
  { who: 'resident', as: 'gen:resident', fn: 'sanitation', action: 'orders', input: () => ({ scope: 'village', limit: 20 }) },
  { who: 'resident', as: 'gen:resident', fn: 'sanitation', action: 'myReports', input: () => ({ limit: 20 }) },
  { who: 'resident', as: 'gen:resident', fn: 'sanitation', action: 'facilities', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'sanitation', action: 'order', input: (g) => ({ orderId: cloneOf(g, 'so-seed-02') }) },
  // 随手拍 in every shape a resident sends: a place; a facility without an unfinished order (a fresh one each
  // run), which opens one; a facility whose order is being handled, which the village's second resident
  // joins; a place with one photo.
  { who: 'resident', as: 'gen:resident', fn: 'sanitation', action: 'report', input: (_g, run) => ({ requestId: `bench-report-${run}`, category: 'dumping', placeText: `${run + 1}组路口`, note: '路口有人倒了一堆垃圾' }) },
  { who: 'resident', as: 'gen:resident', fn: 'sanitation', action: 'report', input: (g, run) => ({ requestId: `bench-report-facility-${run}`, category: 'overflow', facilityId: cloneOf(g, `sf-fengfang-${FRESH_FACILITIES[run % FRESH_FACILITIES.length]}`) }) },
  { who: 'resident', as: 'gen:neighbour', fn: 'sanitation', action: 'report', input: (g, run) => ({ requestId: `bench-report-join-${run}`, category: 'broken', facilityId: cloneOf(g, 'sf-fengfang-PT-2') }) },
  { who: 'resident', as: 'gen:resident', fn: 'sanitation', action: 'report', photos: 1, input: (_g, run) => ({ requestId: `bench-report-photo-${run}`, category: 'dumping', placeText: `${run + 1}组桥头` }) },
  // 注销账号 by a resident of another generated village each run (a close cannot be repeated).
  { who: 'resident', as: 'gen:other-village-resident', once: (g, run) => g.people[1 + run]!.leaver, fn: 'auth', action: 'closeAccount', input: () => ({ confirm: '注销' }) },
  { who: 'resident', as: 'gen:resident', fn: 'volunteers', action: 'home', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'volunteers', action: 'activities', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'volunteers', action: 'activity', input: (g) => ({ activityId: cloneOf(g, 'va-seed-fengfang-talk') }) },
  // A seat (the talk has room; the second run is a retry) and the waiting list (the clinic escort is full).
  { who: 'resident', as: 'gen:resident', fn: 'volunteers', action: 'signUp', input: (g) => ({ activityId: cloneOf(g, 'va-seed-fengfang-talk') }) },
  { who: 'resident', as: 'gen:resident', fn: 'volunteers', action: 'signUp', input: (g) => ({ activityId: cloneOf(g, 'va-seed-fengfang-ahead') }) },
  { who: 'resident', as: 'gen:resident', fn: 'volunteers', action: 'record', input: () => ({}) },
  { who: 'resident', as: 'gen:resident', fn: 'volunteers', action: 'certificate', input: () => ({ code: 'QYGN000R0000' }) },
  { who: 'resident', as: 'gen:resident', fn: 'volunteers', action: 'venues', input: () => ({}) },
  ...MY_DATA_PARTS.map((part): CountyAction => ({ who: 'resident', as: 'gen:resident', fn: 'auth', action: 'exportMyData', input: () => ({ part }) })),

  { who: 'cadre', as: 'gen:cadre', fn: 'auth', action: 'pendingResidents', input: () => ({}) },
  { who: 'cadre', as: 'gen:cadre', fn: 'cases', action: 'config', input: () => ({}) },
  { who: 'cadre', as: 'gen:cadre', fn: 'cases', action: 'list', input: () => ({ scope: 'handling', limit: 20 }) },
  { who: 'cadre', as: 'gen:cadre', fn: 'cases', action: 'list', input: () => ({ scope: 'area', limit: 20 }) },
  { who: 'cadre', as: 'gen:cadre', fn: 'cases', action: 'figures', input: () => ({}) },
  { who: 'cadre', as: 'gen:cadre', fn: 'points', action: 'month', input: (g) => ({ villageId: village(g), month: lastMonth(g) }) },
  { who: 'cadre', as: 'gen:cadre', fn: 'points', action: 'sheet', input: (g) => ({ villageId: village(g), month: lastMonth(g) }) },
  { who: 'cadre', as: 'gen:cadre', fn: 'powers', action: 'matters', input: () => ({ scope: 'village', limit: 20 }) },
  { who: 'cadre', as: 'gen:gridLeader', fn: 'cases', action: 'config', input: () => ({}) },
  { who: 'cadre', as: 'gen:supervisor', fn: 'powers', action: 'talks', input: () => ({ scope: 'village', limit: 20 }) },
  { who: 'cadre', as: 'gen:gridLeader', fn: 'alerts', action: 'current', input: () => ({}) },
  { who: 'cadre', as: 'gen:gridLeader', fn: 'alerts', action: 'ackSheet', input: (g) => ({ alertId: cloneOf(g, 'al-seed-rain') }) },
  { who: 'cadre', as: 'gen:gridLeader', fn: 'alerts', action: 'acknowledge', input: (g, run) => ({ alertId: cloneOf(g, 'al-seed-rain'), gridId: firstGrid(g), householdsReached: run % 2, careReachedIds: [] }) },
  { who: 'cadre', as: 'gen:gridLeader', fn: 'volunteers', action: 'visitsDue', input: () => ({}) },
  { who: 'cadre', as: 'gen:cadre', fn: 'sanitation', action: 'orders', input: () => ({ scope: 'handling', limit: 20 }) },
  { who: 'cadre', as: 'gen:cadre', fn: 'sanitation', action: 'accept', input: (g, run) => ({ orderId: `${cloneOf(g, 'so-seed-05')}_${run + 1}` }) },
  { who: 'cadre', as: 'gen:cadre', fn: 'sanitation', action: 'figures', input: () => ({}) },
  { who: 'cadre', as: 'gen:cadre', fn: 'volunteers', action: 'activities', input: () => ({}) },
  { who: 'cadre', as: 'gen:cadre', fn: 'volunteers', action: 'checkInCode', input: (g) => ({ activityId: cloneOf(g, 'va-seed-fengfang-now'), mode: 'in' }) },
  { who: 'cadre', as: 'gen:cadre', fn: 'volunteers', action: 'venues', input: () => ({}) },
  { who: 'cadre', as: 'county-admin', fn: 'alerts', action: 'status', input: (g) => ({ alertId: cloneOf(g, 'al-seed-rain') }) },
  ...DASHBOARD_SECTION_IDS.map((section): CountyAction => ({ who: 'cadre', as: 'county-admin', fn: 'alerts', action: 'dashboard', input: () => ({ section }) })),
  { who: 'cadre', as: 'county-admin', fn: 'alerts', action: 'issued', input: () => ({ limit: 20 }) },
  ...DASHBOARD_SECTION_IDS.map((section): CountyAction => ({ who: 'cadre', as: 'town-cadre', fn: 'alerts', action: 'dashboard', input: () => ({ section }) })),
  { who: 'cadre', as: 'town-cadre', fn: 'alerts', action: 'issued', input: () => ({ limit: 20 }) },
  { who: 'cadre', as: 'town-cadre', fn: 'sanitation', action: 'figures', input: () => ({}) },
  { who: 'cadre', as: 'county-admin', fn: 'cases', action: 'config', input: () => ({}) },
  { who: 'cadre', as: 'county-admin', fn: 'cases', action: 'list', input: () => ({ scope: 'area', limit: 20 }) },
  { who: 'cadre', as: 'county-admin', fn: 'cases', action: 'figures', input: () => ({}) },
  { who: 'cadre', as: 'county-admin', fn: 'powers', action: 'catalogue', input: () => ({}) },
  { who: 'cadre', as: 'county-admin', fn: 'powers', action: 'item', input: () => ({ code: 'CW-01' }) },
  { who: 'cadre', as: 'county-admin', fn: 'powers', action: 'talkCounts', input: () => ({}) },
  { who: 'cadre', as: 'county-admin', fn: 'police', action: 'homes', input: () => ({}) },
  { who: 'cadre', as: 'town-cadre', fn: 'cases', action: 'figures', input: () => ({}) },
  { who: 'cadre', as: 'town-cadre', fn: 'powers', action: 'talkCounts', input: () => ({}) },
  { who: 'cadre', as: 'police', fn: 'police', action: 'workbench', input: () => ({}) },
];

export interface ActionCost {
  who: Who;
  label: string;
  p50: number;
  max: number;
  ok: boolean;
  error?: string;
}

/** Signs in once per person and runs every action `runs` times, counting the requests of each run. */
export async function measureActions(t: TestRuntime, g: GrownCounty, watch: QueryWatch, runs = 3): Promise<ActionCost[]> {
  const tokens = new Map<string, string>();
  const person = g.people[0]!;
  const tokenFor = async (as: string) => {
    if (!tokens.has(as)) {
      const openid = as.startsWith('gen:') ? person[as.slice(4) as keyof typeof person] : null;
      tokens.set(as, openid ? await t.loginOpenid(openid) : await t.login(as as never));
    }
    return tokens.get(as)!;
  };
  const out: ActionCost[] = [];
  for (const a of COUNTY_ACTIONS) {
    const token = a.once ? '' : await tokenFor(a.as);
    const counts: number[] = [];
    let error: string | undefined;
    const shown = a.photos ? { ...a.input(g, 0), photoIds: Array.from({ length: a.photos }, () => '<uploaded>') } : a.input(g, 0);
    const label = `${a.fn}.${a.action} ${JSON.stringify(shown)} as ${a.as}`;
    for (let i = 0; i < runs; i++) {
      const input = a.photos ? { ...a.input(g, i), photoIds: await uploadPhotos(t, token, a.photos) } : a.input(g, i);
      const who = a.once ? await t.loginOpenid(a.once(g, i)) : token;
      const { result, requests } = await watch.measure(label, () => t.call(a.fn, a.action, input, who));
      if (!result.body.ok) error = `${result.body.error.code}: ${result.body.error.message}`;
      counts.push(requests);
    }
    counts.sort((x, y) => x - y);
    out.push({ who: a.who, label, p50: counts[Math.floor(counts.length / 2)]!, max: counts[counts.length - 1]!, ok: !error, ...(error ? { error } : {}) });
  }
  return out;
}

const PHOTO = path.resolve(__dirname, '../tests/fixtures/photos/bin-with-gps.jpg');

/** What the mini-program does before a report with photos: uploads each to `incoming/<user id>/…` and hands it to sanitation.photo. */
async function uploadPhotos(t: TestRuntime, token: string, n: number): Promise<string[]> {
  const me = ok(await t.call<{ user: { id: string } }>('auth', 'me', {}, token)).user;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const cloudPath = `incoming/${me.id}/${randomUUID().replace(/-/g, '')}.jpg`;
    const res = await fetch(`${t.url}/api/_storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: readFileSync(PHOTO) });
    const up = (await res.json()) as { ok: boolean; data?: { fileID: string } };
    if (!up.ok) throw new Error(`upload refused: ${JSON.stringify(up)}`);
    ids.push(ok(await t.call<{ photo: { id: string } }>('sanitation', 'photo', { fileId: up.data!.fileID }, token)).photo.id);
  }
  return ids;
}

export interface TimerRun {
  label: string;
  seconds: number;
  timeoutSeconds: number;
  requests: number;
}

function timeouts(): Map<string, number> {
  const rc = JSON.parse(readFileSync(path.resolve(__dirname, '../cloudbaserc.json'), 'utf8')) as { functions: { name: string; timeout: number }[] };
  return new Map(rc.functions.map((f) => [f.name, f.timeout]));
}

/** CloudBase's round trip per database request, for the cloud estimate of a timer run (the local engine has none). */
export const CLOUD_REQUEST_MS = 10;

/** Runs every timer `rounds` times over (later timers' outbox rows reach the dispatcher), timing each one's longest run. */
export async function measureTimers(watch: QueryWatch, rounds = 3): Promise<TimerRun[]> {
  const limit = timeouts();
  const runs = new Map<string, TimerRun>();
  for (let i = 0; i < rounds; i++) {
    for (const [fnName, fn] of Object.entries(FUNCTIONS)) {
      for (const name of Object.keys(fn.timers)) {
        const label = `${fnName}.${name}`;
        const started = process.hrtime.bigint();
        const { requests } = await watch.measure(`timer ${label}`, () => fn.runTimer(name));
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const prev = runs.get(label);
        if (!prev || seconds > prev.seconds) runs.set(label, { label, seconds, timeoutSeconds: limit.get(fnName) ?? 3, requests });
      }
    }
  }
  return [...runs.values()];
}
