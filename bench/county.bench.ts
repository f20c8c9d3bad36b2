import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startTestRuntime } from '../tests/support/runtime';
import { watchQueries } from '../tests/support/query-watch';
import { simulateLatency } from '../local/engine/attach';
import { growCounty } from './county';
import { BUDGET, CLOUD_REQUEST_MS, measureActions, measureTimers } from './county-actions';
import type { BenchResult } from './support';

/**
 * Issue 13 at full county scale (98,000 residents, `COUNTY_SCALE` to change it): the requests each
 * action sends (p50, max over runs, against its budget), every query shape with the index that served
 * it (or SCAN), and each timer's longest run against its function's timeout in cloudbaserc.json.
 */
export async function benchCounty(): Promise<BenchResult[]> {
  const scale = Number(process.env.COUNTY_SCALE ?? 1);
  const t = await startTestRuntime();
  try {
    if (t.runtime.readCache) t.runtime.readCache.enabled = false;
    const g = await growCounty(t.runtime.engine, scale);
    const out: BenchResult[] = [
      { name: `county data set built (scale ${scale})`, value: g.seconds, unit: 's', note: `${g.size.residents} residents, ${g.size.households} households, ${g.size.cases} cases, ${g.size.villages} villages, ${g.size.grids} grids` },
    ];
    const watch = watchQueries(t.runtime.engine, { threshold: 1000 });
    const costs = await measureActions(t, g, watch, 3);
    for (const c of costs) {
      const within = c.max <= BUDGET[c.who];
      out.push({ name: `requests ${c.label}`.slice(0, 58), value: c.max, unit: 'req', note: `p50 ${c.p50}, max ${c.max}, ${c.who} budget ${BUDGET[c.who]}${within ? '' : ' OVER'}${c.ok ? '' : ` ERROR ${c.error}`}` });
    }
    // Timers with every database request delayed like CloudBase's round trip: the local engine answers
    // in microseconds, the cloud in milliseconds, and a timer's run time is mostly its requests.
    simulateLatency(CLOUD_REQUEST_MS);
    const timers = await measureTimers(watch, 3);
    simulateLatency(0);
    for (const r of timers) {
      out.push({
        name: `timer ${r.label} longest run / timeout`,
        value: r.seconds / r.timeoutSeconds,
        unit: 'ratio',
        note: `${r.seconds.toFixed(2)} s of ${r.timeoutSeconds} s with ${CLOUD_REQUEST_MS} ms a request, ${r.requests} requests; budget ≤ 0.5${r.seconds / r.timeoutSeconds > 0.5 ? ' OVER' : ''}`,
      });
    }
    out.push({ name: 'queries without a usable index (collections > 1000)', value: watch.scans.length, unit: 'scans', note: watch.scans.slice(0, 3).map((s) => `${s.collection} ${s.where} (${s.during})`).join('; ') });
    const shapes = [...watch.shapes.entries()].sort(([a], [b]) => a.localeCompare(b));
    mkdirSync(path.resolve('bench/results'), { recursive: true });
    writeFileSync(path.resolve('bench/results/county-queries.txt'), shapes.map(([shape, index]) => `${shape.padEnd(100)} ${index}`).join('\n') + '\n');
    out.push({ name: 'query shapes sent at county scale', value: shapes.length, unit: 'shapes', note: 'each with its index: bench/results/county-queries.txt' });
    watch.stop();
    return out;
  } finally {
    await t.close();
  }
}
