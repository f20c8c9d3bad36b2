import { useEffect, useRef } from 'react';
import Taro from '@tarojs/taro';
import { Canvas, View } from '@tarojs/components';
import { Axis, Canvas as F2Canvas, Chart as F2Chart, Interval, Line, Point, jsx as f2jsx } from '@antv/f2';
import './index.scss';

export interface ChartPoint {
  x: string;
  y: number;
}

export interface ChartProps {
  /** A page-unique id: the canvas is found by it (weapp: a selector query; h5: the DOM). */
  id: string;
  kind: 'bar' | 'line' | 'barh';
  points: readonly ChartPoint[];
  /** What the chart shows, in words (read aloud, and the figures below it say the same). */
  label: string;
  /** 「件」「%」: the values' unit, shown with each figure. */
  unit?: string;
  /** CSS px; the width is the card's. */
  height?: number;
  /** Per point, a muted colour (e.g. types outside the six common ones). */
  muted?: readonly boolean[];
  /** The words of one figure beneath the chart; 「x：y unit」 by default. */
  format?: (p: ChartPoint, i: number) => string;
}

/** F2's element factory, untyped: its generic geometry classes do not fit its own ElementType. */
const jsx = f2jsx as unknown as (type: unknown, props: Record<string, unknown>) => unknown;

const RED = '#b3141b';
const GREY = '#9a9a9a';

interface Surface {
  context: CanvasRenderingContext2D;
  width: number;
  height: number;
  pixelRatio: number;
}

/** The 2D context of the chart's canvas: weapp's canvas node (type 2d), or the h5 canvas element. */
function surfaceOf(id: string): Promise<Surface | null> {
  if (process.env.TARO_ENV === 'h5') {
    const host = typeof document === 'undefined' ? null : document.getElementById(id);
    const el = host instanceof HTMLCanvasElement ? host : host?.querySelector('canvas') ?? null;
    if (!el) return Promise.resolve(null);
    const width = el.clientWidth || el.parentElement?.clientWidth || 300;
    const height = el.clientHeight || 200;
    const pixelRatio = window.devicePixelRatio || 1;
    el.width = width * pixelRatio;
    el.height = height * pixelRatio;
    let context: CanvasRenderingContext2D | null = null;
    try {
      context = el.getContext('2d');
    } catch {
      context = null;
    }
    return Promise.resolve(context ? { context, width, height, pixelRatio } : null);
  }
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .fields({ node: true, size: true })
      .exec((res: { node?: { width: number; height: number; getContext(kind: '2d'): CanvasRenderingContext2D }; width: number; height: number }[]) => {
        const r = res?.[0];
        if (!r?.node) return resolve(null);
        const pixelRatio = Taro.getSystemInfoSync().pixelRatio || 2;
        r.node.width = r.width * pixelRatio;
        r.node.height = r.height * pixelRatio;
        resolve({ context: r.node.getContext('2d'), width: r.width, height: r.height, pixelRatio });
      });
  });
}

/** The F2 element tree for a kind of chart. */
function chartTree(props: ChartProps): unknown {
  const data = props.points.map((p, i) => ({ x: p.x, y: p.y, tone: props.muted?.[i] ? 'muted' : 'main' }));
  const color = { field: 'tone', range: props.muted ? [RED, GREY] : [RED] };
  const marks =
    props.kind === 'line'
      ? [jsx(Line, { x: 'x', y: 'y', color: RED }), jsx(Point, { x: 'x', y: 'y', color: RED })]
      : [jsx(Interval, { x: 'x', y: 'y', color })];
  return jsx(F2Chart, {
    data,
    coord: props.kind === 'barh' ? { transposed: true } : undefined,
    scale: { y: { min: 0, nice: true } },
    children: [jsx(Axis, { field: 'x', style: { label: { fontSize: 22 } } }), jsx(Axis, { field: 'y', style: { label: { fontSize: 20 } } }), ...marks],
  });
}

/**
 * The one chart of the app (F2 on a canvas: weapp's 2D canvas, or h5's): bars, horizontal bars or a
 * line over labelled points. Every figure is also written out beneath it as text, so large-text mode,
 * screen readers and a failed canvas still give every number.
 */
export function Chart(props: ChartProps) {
  const canvas = useRef<F2Canvas | null>(null);
  const key = JSON.stringify([props.kind, props.points, props.muted]);
  const height = props.height ?? 200;

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      void surfaceOf(props.id).then((s) => {
        if (!s || cancelled) return;
        canvas.current?.destroy();
        const c = new F2Canvas({ context: s.context, pixelRatio: s.pixelRatio, width: s.width, height: s.height, children: chartTree(props) } as ConstructorParameters<typeof F2Canvas>[0]);
        canvas.current = c;
        void c.render();
      });
    }, 50);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, props.id]);

  useEffect(() => () => canvas.current?.destroy(), []);

  return (
    <View className='qy-chart' aria-label={props.label}>
      <Canvas type='2d' id={props.id} canvasId={props.id} className='qy-chart__canvas' style={{ height: `${height}px` }} />
      <View className='qy-chart__figures'>
        {props.points.map((p, i) => (
          <View key={p.x} className='qy-chart__figure'>{props.format ? props.format(p, i) : `${p.x}：${p.y}${props.unit ?? ''}`}</View>
        ))}
      </View>
    </View>
  );
}
