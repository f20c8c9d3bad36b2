import { startTestRuntime } from '../tests/support/runtime';
import { bareJsonServer, load, type BenchResult } from './support';

/**
 * The local gateway under read load: `wishes.list` returning 50 wishes at 32 concurrent
 * connections, against a bare node:http endpoint serving the same bytes in the same run.
 * Budget (issue 2): throughput ratio ≥ 0.25, p99 ≤ 50 ms.
 */
export async function benchGateway(): Promise<BenchResult[]> {
  const t = await startTestRuntime();
  try {
    const resident = await t.login('resident');
    const cadre = await t.login('village-cadre');
    for (let i = 0; i < 50; i++) {
      const res = await t.call('wishes', 'submit', { title: `压测心愿${i}`, content: '用来压测心愿墙列表的心愿。', category: 'other' }, resident);
      if (!res.body.ok) throw new Error(JSON.stringify(res.body));
      await t.call('wishes', 'review', { wishId: (res.body.data as { id: string }).id, decision: 'approve' }, cadre);
    }
    const body = { action: 'list', data: { scope: 'village', limit: 50 } };
    const sample = await t.call('wishes', 'list', body.data, resident);
    const items = (sample.body as { ok: true; data: { items: unknown[] } }).data.items.length;
    if (items !== 50) throw new Error(`expected 50 wishes in the list, got ${items}`);

    const bare = await bareJsonServer(JSON.stringify(sample.body));
    const baseline = await load(bare.url, body, null);
    await bare.close();
    const cache = t.runtime.readCache!;
    const before = { ...cache.stats };
    const gateway = await load(`${t.url}/api/wishes`, body, resident);
    if (gateway.errors) throw new Error(`${gateway.errors} gateway requests failed`);
    const hits = cache.stats.hits - before.hits;
    // The same load with the read cache off: every request runs the function, the SDK and the engine.
    cache.enabled = false;
    const uncached = await load(`${t.url}/api/wishes`, body, resident);
    cache.enabled = true;
    if (uncached.errors) throw new Error(`${uncached.errors} uncached gateway requests failed`);
    return [
      { name: 'bare node:http JSON throughput', value: baseline.rps, unit: 'req/s', note: `p99 ${baseline.p99.toFixed(2)} ms` },
      {
        name: 'gateway wishes.list (50 items) throughput',
        value: gateway.rps,
        unit: 'req/s',
        note: `32 connections, ${gateway.requests} requests, ${hits} answered by the read cache`,
      },
      { name: 'gateway / bare throughput ratio', value: gateway.rps / baseline.rps, unit: 'ratio', note: 'budget ≥ 0.25' },
      { name: 'gateway wishes.list p50', value: gateway.p50, unit: 'ms' },
      { name: 'gateway wishes.list p99', value: gateway.p99, unit: 'ms', note: 'budget ≤ 50 ms' },
      { name: 'gateway wishes.list, read cache off', value: uncached.rps, unit: 'req/s', note: `p99 ${uncached.p99.toFixed(2)} ms` },
      { name: 'gateway (read cache off) / bare throughput ratio', value: uncached.rps / baseline.rps, unit: 'ratio' },
    ];
  } finally {
    await t.close();
  }
}
