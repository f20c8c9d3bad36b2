import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

// Months are relative to the seed's clock: 2026-11 is open for rating, 2026-10 is in publicity
// (with one open objection), earlier months are final and 2025's dividends are paid.
const NOW = '2026-11-10T02:00:00.000Z';
const MONTH = '2026-11';
const V = 'v-fengfang';
const CODES = ['lawAbiding', 'honesty', 'filialPiety', 'customReform', 'sanitation', 'neighbourliness', 'industriousness', 'publicService', 'education', 'safety'];

let t: TestRuntime;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  clock.freeze(NOW);
  t = await startTestRuntime();
  for (const p of ['resident', 'village-cadre', 'town-cadre', 'county-admin', 'grid-leader'] as const) tokens[p] = await t.login(p);
  tokens.xijieCadre = await t.loginOpenid('demo-cadre-v-xijie');
  tokens.xijieResident = await t.loginOpenid('demo-r-v-xijie');
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

const POINTS_COLLECTIONS = ['pointsRatings', 'pointsMonths', 'pointsLedger', 'pointsObjections', 'auditLog', 'notifications'];

function fullMarks(householdId: string, deductions: Record<string, [number, string]> = {}) {
  return { householdId, scores: CODES.map((code) => (deductions[code] ? { code, score: deductions[code]![0], reason: deductions[code]![1] } : { code, score: 10 })) };
}

async function householdsOf(villageId: string): Promise<string[]> {
  const sheet = ok(await t.call('points', 'sheet', { villageId, month: MONTH }, villageId === V ? tokens['village-cadre'] : tokens.xijieCadre));
  return sheet.rows.map((r: { householdId: string }) => r.householdId);
}

describe('points: from monthly rating to the ledger', () => {
  it('rates every household, publishes, takes an objection, decides it and finalises into the ledger', async () => {
    const cadre = tokens['village-cadre']!;
    const ids = await householdsOf(V);
    expect(ids).toHaveLength(24);
    const rows = ids.map((id, i) => fullMarks(id, i % 4 === 0 ? { sanitation: [7, '门前柴草乱堆'] } : i % 7 === 1 ? { safety: [6, '院内电线私拉乱接'], honesty: [9, '拖欠水费'] } : {}));
    const entered = ok(await t.call('points', 'enter', { villageId: V, month: MONTH, rows }, cadre));
    expect(entered.written).toBe(240);
    expect(entered.month).toMatchObject({ status: 'draft', ratedCount: 24, householdCount: 24 });

    const published = ok(await t.call('points', 'publish', { villageId: V, month: MONTH }, cadre));
    expect(published.status).toBe('published');
    expect(published.publicityEndsAt).toBe(new Date(Date.parse(NOW) + 7 * DAY_MS).toISOString());
    // The villagers are told through the dispatcher, which expands the publication's fan-out.
    await FUNCTIONS.notifications!.runTimer('dispatch');
    expect(await t.count('notifications', { recipientId: 'resident', kind: 'points.published' })).toBe(1);

    const late = await t.call('points', 'enter', { villageId: V, month: MONTH, rows: [fullMarks(ids[0]!)] }, cadre);
    expect(late.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const mine = ok(await t.call('points', 'detail', { householdId: 'h-fengfang-1-01', month: MONTH }, tokens.resident));
    expect(mine.points).toBe(97);
    expect(mine.scores.find((s: { code: string }) => s.code === 'sanitation')).toMatchObject({ name: '环保卫生', score: 7, reason: '门前柴草乱堆' });
    expect(mine.canObject).toBe(true);

    const objection = ok(await t.call('points', 'object', { month: MONTH, code: 'sanitation', reason: '柴草是邻居家的，我家门前当天已经清理' }, tokens.resident));
    expect(objection.status).toBe('open');
    expect((await t.call('points', 'object', { month: MONTH, reason: '再提一次异议试试' }, tokens.resident)).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const early = await t.call('points', 'finalise', { villageId: V, month: MONTH }, cadre);
    expect(early.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const decided = ok(await t.call('points', 'decide', { objectionId: objection.id, decision: 'uphold', reason: '经网格员核实，柴草确属邻居家', code: 'sanitation', score: 10 }, cadre));
    expect(decided).toMatchObject({ status: 'upheld', decisionReason: '经网格员核实，柴草确属邻居家', adjustment: { code: 'sanitation', from: 7, to: 10 } });
    // The decision's notice rides on the objection; the dispatch timer writes it out.
    await dispatchNow();
    expect(await t.count('notifications', { recipientId: 'resident', kind: 'points.objectionDecided' })).toBe(1);
    const after = ok(await t.call('points', 'detail', { householdId: 'h-fengfang-1-01', month: MONTH }, tokens.resident));
    expect(after.points).toBe(100);
    expect(after.changes).toEqual([expect.objectContaining({ indicatorName: '环保卫生', from: 7, to: 10 })]);

    clock.advance(8 * DAY_MS);
    const final = ok(await t.call('points', 'finalise', { villageId: V, month: MONTH }, cadre));
    expect(final.status).toBe('final');
    expect(await t.count('pointsLedger', { villageId: V, month: MONTH, kind: 'month' })).toBe(24);

    const ranking = ok(await t.call('points', 'ranking', { villageId: V, month: MONTH }, tokens.resident));
    expect(ranking.rows).toHaveLength(24);
    const top = ranking.rows.filter((r: { points: number }) => r.points === 100);
    expect(new Set(top.map((r: { rank: number }) => r.rank))).toEqual(new Set([1]));
    expect(ranking.rows.find((r: { mine: boolean }) => r.mine)).toMatchObject({ householdId: 'h-fengfang-1-01', rank: 1, tier: { name: '优秀户' } });
  });

  it('refuses scores for a finalised month and records a correction as a signed ledger entry instead', async () => {
    const cadre = tokens['village-cadre']!;
    const before = await snapshotCounts(t, POINTS_COLLECTIONS);
    const refused = await t.call('points', 'enter', { villageId: V, month: MONTH, rows: [fullMarks('h-fengfang-2-02')] }, cadre);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await snapshotCounts(t, POINTS_COLLECTIONS)).toEqual(before);

    const adj = ok(
      await t.call('points', 'adjust', { householdId: 'h-fengfang-1-01', month: MONTH, code: 'publicService', delta: -2, reason: '河道清理日未出工，事后核实', requestId: 'adjust-req-0001' }, cadre),
    );
    expect(adj).toMatchObject({ kind: 'adjustment', delta: -2, approverName: '陈建军', indicatorName: '热心公益', reason: '河道清理日未出工，事后核实' });
    expect(adj.signature).toMatch(/^[0-9a-f]{64}$/);
    const retried = ok(await t.call('points', 'adjust', { householdId: 'h-fengfang-1-01', month: MONTH, code: 'publicService', delta: -2, reason: '河道清理日未出工，事后核实', requestId: 'adjust-req-0001' }, cadre));
    expect(retried.id).toBe(adj.id);
    // The entry carries its audit entry; the dispatch timer writes it out, once for both calls.
    await dispatchNow();
    expect(await t.count('auditLog', { action: 'points.adjust' })).toBe(1);

    const tooMuch = await t.call('points', 'adjust', { householdId: 'h-fengfang-1-01', month: MONTH, code: 'publicService', delta: 5, reason: '超过满分的调整', requestId: 'adjust-req-0002' }, cadre);
    expect(tooMuch.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'delta' }] } });

    const ledger = ok(await t.call('points', 'ledger', { householdId: 'h-fengfang-1-01', year: 2026 }, tokens.resident));
    const nov = ledger.entries.filter((e: { month: string }) => e.month === MONTH);
    expect(nov.map((e: { kind: string; delta: number }) => [e.kind, e.delta])).toEqual([['month', 100], ['adjustment', -2]]);
    const detail = ok(await t.call('points', 'detail', { householdId: 'h-fengfang-1-01', month: MONTH }, tokens.resident));
    expect(detail.points).toBe(98);
    expect(detail.canObject).toBe(false);
    expect(detail.canAdjust).toBe(false);
    expect(ok(await t.call('points', 'detail', { householdId: 'h-fengfang-1-01', month: MONTH }, cadre)).canAdjust).toBe(true);
    const byResident = await t.call('points', 'adjust', { householdId: 'h-fengfang-1-01', month: MONTH, code: 'safety', delta: -1, reason: '居民自己不能调整', requestId: 'adjust-req-0003' }, tokens.resident);
    expect(byResident.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const me = ok(await t.call('points', 'mine', {}, tokens.resident));
    expect(me.latest).toMatchObject({ month: MONTH, points: 98, status: 'final' });
    expect(me.trend.map((p: { month: string }) => p.month)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', MONTH]);
    expect(me.yearPoints).toBe(ledger.total);
  });
});

describe('points: who may see and do what', () => {
  it('lets a resident read only their own household detail, and the public ranking', async () => {
    const other = await t.call('points', 'detail', { householdId: 'h-fengfang-2-04', month: '2026-09' }, tokens.resident);
    expect(other.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.call('points', 'ledger', { householdId: 'h-fengfang-2-04', year: 2026 }, tokens.resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const ranking = ok(await t.call('points', 'ranking', { villageId: V, month: '2026-09' }, tokens.resident));
    expect(ranking.rows).toHaveLength(24);
    const elsewhere = await t.call('points', 'ranking', { villageId: V, month: '2026-09' }, tokens.xijieResident);
    expect(elsewhere.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A cadre sees any household of their village; a town cadre those of the town.
    ok(await t.call('points', 'detail', { householdId: 'h-fengfang-2-04', month: '2026-09' }, tokens['village-cadre']));
    ok(await t.call('points', 'detail', { householdId: 'h-fengfang-2-04', month: '2026-09' }, tokens['town-cadre']));
  });

  it('does not let a cadre of one village rate, publish or finalise another village', async () => {
    const before = await snapshotCounts(t, POINTS_COLLECTIONS);
    const intoFengfang = await t.call('points', 'enter', { villageId: V, month: MONTH, rows: [fullMarks('h-fengfang-1-01')] }, tokens.xijieCadre);
    expect(intoFengfang.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const intoXijie = await t.call('points', 'enter', { villageId: 'v-xijie', month: MONTH, rows: [fullMarks('h-xijie-1-01')] }, tokens['village-cadre']);
    expect(intoXijie.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.call('points', 'publish', { villageId: 'v-xijie', month: MONTH }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A town cadre oversees but is not in the village's evaluation group.
    expect((await t.call('points', 'enter', { villageId: V, month: MONTH, rows: [fullMarks('h-fengfang-1-01')] }, tokens['town-cadre'])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.call('points', 'enter', { villageId: V, month: MONTH, rows: [fullMarks('h-fengfang-1-01')] }, tokens.resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await snapshotCounts(t, POINTS_COLLECTIONS)).toEqual(before);
  });
});

describe('points: bad input is refused with its row and field, and nothing is written', () => {
  it('reports a score above the maximum, an unknown household and a deduction without reason', async () => {
    const before = await snapshotCounts(t, POINTS_COLLECTIONS);
    const res = await t.call(
      'points',
      'enter',
      {
        villageId: 'v-xijie',
        month: MONTH,
        rows: [
          fullMarks('h-xijie-1-01', { lawAbiding: [12, '多给了分'] }),
          fullMarks('h-nowhere-9-99'),
          fullMarks('h-xijie-1-02', { sanitation: [6, ''] }),
          fullMarks('h-xijie-1-03'),
        ],
      },
      tokens.xijieCadre,
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const issues = (res.body as { error: { issues: { path: string; message: string }[] } }).error.issues;
    expect(issues.map((i) => i.path)).toEqual(['rows.0.scores.0.score', 'rows.1.householdId', 'rows.2.scores.4.reason']);
    expect(issues[0]!.message).toContain('第 1 行');
    expect(issues[1]!.message).toContain('h-nowhere-9-99');
    expect(await snapshotCounts(t, POINTS_COLLECTIONS)).toEqual(before);
  });

  it('imports a CSV only when every line is right, reporting each bad line by number', async () => {
    const before = await snapshotCounts(t, POINTS_COLLECTIONS);
    const bad = ['户号,指标,得分,扣分原因', 'h-xijie-1-01,遵纪守法,10,', 'h-xijie-1-01,环保卫生,11,', 'h-xijie-1-02,平安建设,8,', 'h-xijie-1-03,打麻将,5,', 'h-xijie-1-04,孝老爱亲,九,'].join('\n');
    const res = await t.call('points', 'importCsv', { villageId: 'v-xijie', month: MONTH, csv: bad }, tokens.xijieCadre);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const issues = (res.body as { error: { issues: { path: string }[] } }).error.issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['csv.line3.score', 'csv.line4.reason', 'csv.line5.code', 'csv.line6.得分'].sort());
    expect(await snapshotCounts(t, POINTS_COLLECTIONS)).toEqual(before);

    const good = ['户号,指标,得分,扣分原因', 'h-xijie-1-01,遵纪守法,10,', 'h-xijie-1-01,环保卫生,8,"门前垃圾未清运，经提醒后整改"'].join('\r\n');
    const imported = ok(await t.call('points', 'importCsv', { villageId: 'v-xijie', month: MONTH, csv: good }, tokens.xijieCadre));
    expect(imported).toMatchObject({ written: 2, lines: 2 });
    const sheet = ok(await t.call('points', 'sheet', { villageId: 'v-xijie', month: MONTH }, tokens.xijieCadre));
    expect(sheet.rows.find((r: { householdId: string }) => r.householdId === 'h-xijie-1-01')).toMatchObject({ total: 18, complete: false, scores: { sanitation: { score: 8, reason: '门前垃圾未清运，经提醒后整改' } } });
  });

  it('refuses village indicators whose maxima do not sum to 100', async () => {
    const settings = ok(await t.call('points', 'settings', { villageId: 'v-xijie' }, tokens.xijieCadre));
    const broken = settings.indicators.map((i: { max: number }, k: number) => ({ ...i, max: k === 0 ? 15 : i.max }));
    const res = await t.call('points', 'configure', { unitId: 'v-xijie', indicators: broken }, tokens.xijieCadre);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'indicators' }] } });
    const adjusted = settings.indicators.map((i: { max: number }, k: number) => ({ ...i, max: k === 0 ? 15 : k === 9 ? 5 : i.max }));
    const saved = ok(await t.call('points', 'configure', { unitId: 'v-xijie', indicators: adjusted, dividendRule: 'tier' }, tokens.xijieCadre));
    expect(saved).toMatchObject({ isDefault: false, dividendRule: 'tier' });
    expect((await t.call('points', 'configure', { unitId: 'v-xijie', indicators: adjusted }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('points: summaries and dividends', () => {
  it('sums the year and the quarter from the ledger with shared ranks', async () => {
    const year = ok(await t.call('points', 'summary', { villageId: V, year: 2025 }, tokens.resident));
    expect(year.months).toHaveLength(12);
    expect(year.rows).toHaveLength(24);
    for (const [i, r] of year.rows.entries()) {
      const better = year.rows.filter((x: { points: number }) => x.points > r.points).length;
      expect(r.rank).toBe(better + 1);
      if (i > 0) expect(year.rows[i - 1].points).toBeGreaterThanOrEqual(r.points);
    }
    const q = ok(await t.call('points', 'summary', { villageId: V, year: 2025, quarter: 2 }, tokens['village-cadre']));
    expect(q.period).toBe('2025年第二季度');
    expect(q.months).toEqual(['2025-04', '2025-05', '2025-06']);
    expect(q.rows.every((r: { months: number }) => r.months === 3)).toBe(true);
  });

  it('shows the cadre the whole dividend table, summing exactly to the 20% pool, and a resident only their own amount and why', async () => {
    const table = ok(await t.call('points', 'dividends', { villageId: V, year: 2025 }, tokens['village-cadre']));
    expect(table.split).toEqual({ industry: 11_456_000, welfare: 8_592_000, dividends: 5_728_000, risk: 2_864_000 });
    expect(table.rows).toHaveLength(24);
    expect(table.rows.reduce((s: number, r: { amountFen: number }) => s + r.amountFen, 0)).toBe(table.split.dividends);

    const own = ok(await t.call('points', 'dividends', { villageId: V, year: 2025 }, tokens.resident));
    expect(own.rows).toHaveLength(1);
    expect(own.rows[0]).toMatchObject({ householdId: 'h-fengfang-1-01' });
    expect(own.rows[0].why).toContain('分红池');

    const csv = ok(await t.call('points', 'exportDividends', { villageId: V, year: 2025 }, tokens['village-cadre']));
    expect(csv.filename).toBe('冯坊村2025年积分分红.csv');
    expect(csv.csv.split('\r\n').filter((l: string) => l.startsWith('h-fengfang-'))).toHaveLength(24);
    expect((await t.call('points', 'exportDividends', { villageId: V, year: 2025 }, tokens.resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('distributes a year once, only when all its months are final', async () => {
    const cadre = tokens['village-cadre']!;
    expect((await t.call('points', 'distribute', { villageId: V, year: 2025, incomeFen: 100_000 }, cadre)).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // 2026-10 is still in publicity with an open objection.
    expect((await t.call('points', 'distribute', { villageId: V, year: 2026, incomeFen: 100_000 }, cadre)).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const objections = ok(await t.call('points', 'objections', { villageId: V, month: '2026-10' }, cadre));
    expect(objections.items).toHaveLength(1);
    ok(await t.call('points', 'decide', { objectionId: objections.items[0].id, decision: 'reject', reason: '网格员照片显示柴草堆在本户门前' }, cadre));
    ok(await t.call('points', 'finalise', { villageId: V, month: '2026-10' }, cadre));
    const paid = ok(await t.call('points', 'distribute', { villageId: V, year: 2026, incomeFen: 33_333_337 }, cadre));
    expect(paid.split.industry + paid.split.welfare + paid.split.dividends + paid.split.risk).toBe(33_333_337);
    expect(paid.rows.reduce((s: number, r: { amountFen: number }) => s + r.amountFen, 0)).toBe(paid.split.dividends);
    expect(await t.count('auditLog', { action: 'points.distribute' })).toBe(1);
  });
});

describe('points: the rating sheet by the server’s clock', () => {
  it('gives the current China month’s sheet when no month is asked, and says which month it is now', async () => {
    // 00:30 on 1 December in China is still 30 November in UTC.
    clock.freeze('2026-11-30T16:30:00.000Z');
    try {
      const sheet = ok(await t.call('points', 'sheet', { villageId: V }, tokens['village-cadre']));
      expect(sheet.currentMonth).toBe('2026-12');
      expect(sheet.month.month).toBe('2026-12');
      const asked = ok(await t.call('points', 'sheet', { villageId: V, month: '2026-10' }, tokens['village-cadre']));
      expect(asked.currentMonth).toBe('2026-12');
      expect(asked.month.month).toBe('2026-10');
    } finally {
      clock.freeze(NOW);
    }
  });
});
