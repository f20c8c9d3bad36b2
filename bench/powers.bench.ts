import { clock, DAY_MS } from '../cloudfunctions/_lib/clock';
import { powers } from '../cloudfunctions/powers';
import { startTestRuntime } from '../tests/support/runtime';
import { bareJsonServer, load, median, type BenchResult } from './support';

/**
 * Petty power (issue 5 names no budget; these are the paths people wait on):
 * - the public list (`powers.catalogue`, 25 items with counts) under read load, against a bare
 *   node:http endpoint serving the same bytes in the same run;
 * - one step of a matter (`advance`: transaction, stats row, notifications, audit) against a plain
 *   `matter` read of the same matter;
 * - the overdue timer sweeping 200 due matters.
 */
export async function benchPowers(): Promise<BenchResult[]> {
  const t = await startTestRuntime();
  try {
    const resident = await t.login('resident');
    const cadre = await t.login('village-cadre');
    const body = { action: 'catalogue', data: { villageId: 'v-fengfang' } };
    const sample = await t.call('powers', 'catalogue', body.data);
    if (!sample.body.ok) throw new Error(JSON.stringify(sample.body));
    const bare = await bareJsonServer(JSON.stringify(sample.body));
    const baseline = await load(bare.url, body, null);
    await bare.close();
    const list = await load(`${t.url}/api/powers`, body, null);
    if (list.errors) throw new Error(`${list.errors} catalogue requests failed`);

    const steps: number[] = [];
    const reads: number[] = [];
    for (let i = 0; i < 40; i++) {
      const m = await t.call('powers', 'apply', { code: 'ZM-01' }, resident);
      if (!m.body.ok) throw new Error(JSON.stringify(m.body));
      const id = (m.body.data as { id: string }).id;
      let at = performance.now();
      await t.call('powers', 'matter', { matterId: id }, cadre);
      reads.push(performance.now() - at);
      at = performance.now();
      const r = await t.call('powers', 'advance', { matterId: id, stepIndex: 1 }, cadre);
      steps.push(performance.now() - at);
      if (!r.body.ok) throw new Error(JSON.stringify(r.body));
    }
    for (let i = 0; i < 160; i++) await t.call('powers', 'apply', { code: 'ZM-02' }, resident);
    clock.freeze(new Date(Date.now() + 30 * DAY_MS));
    const at = performance.now();
    const swept = (await powers.runTimer('overdue')) as { flagged: number };
    const sweepMs = performance.now() - at;
    clock.reset();
    return [
      { name: 'bare node:http JSON throughput (catalogue bytes)', value: baseline.rps, unit: 'req/s', note: `p99 ${baseline.p99.toFixed(2)} ms` },
      { name: 'gateway powers.catalogue (25 items) throughput', value: list.rps, unit: 'req/s', note: `32 connections, p99 ${list.p99.toFixed(2)} ms` },
      { name: 'powers.catalogue / bare throughput ratio', value: list.rps / baseline.rps, unit: 'ratio' },
      { name: 'powers.matter read, median', value: median(reads), unit: 'ms', note: 'baseline for one step' },
      { name: 'powers.advance one step, median', value: median(steps), unit: 'ms', note: 'transaction + stats + notifications + audit' },
      { name: 'overdue timer per flagged matter', value: sweepMs / Math.max(1, swept.flagged), unit: 'ms', note: `${swept.flagged} matters flagged in ${sweepMs.toFixed(0)} ms` },
    ];
  } finally {
    await t.close();
  }
}
