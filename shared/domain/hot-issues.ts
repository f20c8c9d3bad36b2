/**
 * 痛点难点: what residents raise most, across the product's sources (wishes, dispute cases, 小微权力
 * matters; reports and topics join as sources when they exist), by category and place, against last
 * month. Counts come from the server's aggregation; this file ranks and words them.
 */
export const HOT_SOURCES = ['wishes', 'cases', 'matters'] as const;
export type HotSource = (typeof HOT_SOURCES)[number];
export const HOT_SOURCE_LABELS: Record<HotSource, string> = { wishes: '微心愿', cases: '矛盾纠纷', matters: '小微权力事项' };

export interface HotCount {
  source: HotSource;
  category: string;
  label: string;
  /** The place it was raised in (a village), and that place's child of the viewed unit (a town, or the village). */
  placeId: string;
  thisMonth: number;
  lastMonth: number;
}

export interface HotRow {
  source: HotSource;
  category: string;
  label: string;
  thisMonth: number;
  lastMonth: number;
  /** Change against last month: up, down, same, or new (nothing last month). */
  trend: 'up' | 'down' | 'same' | 'new';
  /** The place raising it most this month. */
  topPlaceId: string | null;
}

export function trendOf(thisMonth: number, lastMonth: number): HotRow['trend'] {
  if (lastMonth === 0) return thisMonth > 0 ? 'new' : 'same';
  return thisMonth > lastMonth ? 'up' : thisMonth < lastMonth ? 'down' : 'same';
}

/** One row per source and category, summed over places, most raised this month first. */
export function rankHotIssues(counts: readonly HotCount[], limit = 12): HotRow[] {
  const rows = new Map<string, HotRow & { byPlace: Map<string, number> }>();
  for (const c of counts) {
    const key = `${c.source}|${c.category}`;
    const r = rows.get(key) ?? { source: c.source, category: c.category, label: c.label, thisMonth: 0, lastMonth: 0, trend: 'same' as const, topPlaceId: null, byPlace: new Map<string, number>() };
    r.thisMonth += c.thisMonth;
    r.lastMonth += c.lastMonth;
    r.byPlace.set(c.placeId, (r.byPlace.get(c.placeId) ?? 0) + c.thisMonth);
    rows.set(key, r);
  }
  return [...rows.values()]
    .filter((r) => r.thisMonth + r.lastMonth > 0)
    .map(({ byPlace, ...r }) => {
      const top = [...byPlace.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
      return { ...r, trend: trendOf(r.thisMonth, r.lastMonth), topPlaceId: top ? top[0] : null };
    })
    .sort((a, b) => b.thisMonth - a.thisMonth || b.lastMonth - a.lastMonth || a.label.localeCompare(b.label))
    .slice(0, limit);
}

/** Per place (the viewed unit's children), everything raised this month and last. */
export function hotByPlace(counts: readonly HotCount[]): { placeId: string; thisMonth: number; lastMonth: number }[] {
  const m = new Map<string, { thisMonth: number; lastMonth: number }>();
  for (const c of counts) {
    const r = m.get(c.placeId) ?? { thisMonth: 0, lastMonth: 0 };
    r.thisMonth += c.thisMonth;
    r.lastMonth += c.lastMonth;
    m.set(c.placeId, r);
  }
  return [...m.entries()].map(([placeId, r]) => ({ placeId, ...r })).sort((a, b) => b.thisMonth - a.thisMonth || a.placeId.localeCompare(b.placeId));
}
