/**
 * Apache ECharts, loaded the first time a view draws a chart, with only the charts and components the explorer
 * uses: the first view does not carry it.
 */
import type { EChartsType } from 'echarts/core';

export type { EChartsType };

let loading: Promise<typeof import('echarts/core')> | null = null;

/** ECharts' core with bar, heatmap and treemap charts, drawn to SVG so that text stays text in exports. */
export function loadCharts(): Promise<typeof import('echarts/core')> {
  loading ??= import('./echarts.ts').then(
    (m) => m.echarts,
    (e: unknown) => {
      // a failed load (the server restarted with a new build) is tried again by the next chart
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** Starts loading ECharts while a view fetches its data; a failure is met again, and reported, when drawing. */
export function prefetchCharts(): void {
  loadCharts().catch(() => undefined);
}

/** A chart in `el`, drawn by SVG, resized with its element; the old chart in `el`, if any, is disposed first. */
export async function chartIn(el: HTMLElement): Promise<EChartsType> {
  const echarts = await loadCharts();
  echarts.getInstanceByDom(el)?.dispose();
  const chart = echarts.init(el, undefined, { renderer: 'svg' });
  new ResizeObserver(() => chart.resize()).observe(el);
  return chart;
}
