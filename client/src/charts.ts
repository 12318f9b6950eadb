/**
 * Apache ECharts, loaded the first time a view draws a chart, with only the charts and components the explorer
 * uses: the first view does not carry it.
 */
import type { EChartsType } from 'echarts/core';

export type { EChartsType };

let loading: Promise<typeof import('echarts/core')> | null = null;

/** ECharts' core with bar, heatmap and treemap charts, drawn to SVG so that text stays text in exports. */
export function loadCharts(): Promise<typeof import('echarts/core')> {
  loading ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
    ]);
    core.use([
      charts.BarChart,
      charts.HeatmapChart,
      charts.TreemapChart,
      components.GridComponent,
      components.TooltipComponent,
      components.LegendComponent,
      components.VisualMapComponent,
      components.DataZoomComponent,
      components.MarkLineComponent,
      components.AriaComponent,
      renderers.SVGRenderer,
    ]);
    return core;
  })();
  return loading;
}

/** A chart in `el`, drawn by SVG, resized with its element; the old chart in `el`, if any, is disposed first. */
export async function chartIn(el: HTMLElement): Promise<EChartsType> {
  const echarts = await loadCharts();
  echarts.getInstanceByDom(el)?.dispose();
  const chart = echarts.init(el, undefined, { renderer: 'svg' });
  new ResizeObserver(() => chart.resize()).observe(el);
  return chart;
}
