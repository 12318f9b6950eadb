/** The chart's controls (expand, zoom, lines, table, paper, print, SVG) and its legend for the side bar. */
import { download, h } from '../dom.ts';
import type { OrgChart } from './chart.ts';
import { loadColour, loadText, stepZoom } from './model.ts';
import { fitPages, usePaper, type Paper } from './print.ts';
import { s } from './strings.ts';
import { chartSvg } from './svg-export.ts';

/** A toggle as a real button whose pressed state is announced. */
function toggleButton(label: string, on: boolean, testid: string, flip: (on: boolean) => void): HTMLButtonElement {
  const b = h('button', { type: 'button', 'aria-pressed': on ? 'true' : 'false', 'data-testid': testid }, label);
  b.addEventListener('click', () => {
    const next = b.getAttribute('aria-pressed') !== 'true';
    b.setAttribute('aria-pressed', next ? 'true' : 'false');
    flip(next);
  });
  return b;
}

export interface ToolbarOptions {
  chart: OrgChart;
  print: HTMLElement;
  paper: Paper;
  setPaper: (p: Paper) => void;
  date: string;
  /** when the chart is re-rooted below the bureau: the way back to the whole bureau */
  back: HTMLElement | null;
}

/** The controls above the chart. */
export function toolbar(o: ToolbarOptions): HTMLElement[] {
  const t = s();
  const oc = o.chart;
  const percent = h('output', { class: 'oc-zoom-value', 'data-testid': 'zoom-value', 'aria-live': 'polite' }, `${Math.round(oc.state.zoom * 100)}%`);
  oc.zoomed((z) => (percent.textContent = `${Math.round(z * 100)}%`));
  const paper = h(
    'select',
    {
      'data-testid': 'paper',
      onchange: (e: Event) => {
        const p = (e.target as HTMLSelectElement).value === 'A3' ? 'A3' : 'A4';
        o.setPaper(p);
        usePaper(p);
        fitPages(o.print, p);
      },
    },
    ...(['A4', 'A3'] as const).map((p) => h('option', { value: p, ...(p === o.paper ? { selected: true } : {}) }, `${p} ${t.paper}`)),
  );
  paper.setAttribute('aria-label', t.paper);
  return [
    ...(o.back ? [o.back] : []),
    h(
      'span',
      { class: 'oc-group' },
      h('button', { type: 'button', 'data-testid': 'expand-all', onclick: () => oc.setAllOpen(true) }, t.expandAll),
      h('button', { type: 'button', 'data-testid': 'collapse-all', onclick: () => oc.setAllOpen(false) }, t.collapseAll),
    ),
    h(
      'span',
      { class: 'oc-group', role: 'group', 'aria-label': t.zoom, title: t.zoomHint },
      h('button', { type: 'button', 'aria-label': t.zoomOut, 'data-testid': 'zoom-out', onclick: () => oc.zoomTo(stepZoom(oc.state.zoom, -1)) }, '−'),
      percent,
      h('button', { type: 'button', 'aria-label': t.zoomIn, 'data-testid': 'zoom-in', onclick: () => oc.zoomTo(stepZoom(oc.state.zoom, 1)) }, '+'),
      h('button', { type: 'button', 'data-testid': 'zoom-reset', onclick: () => oc.zoomTo(1) }, t.zoomReset),
    ),
    h(
      'span',
      { class: 'oc-group' },
      toggleButton(t.lines, oc.state.lines, 'toggle-lines', (on) => oc.showLines(on)),
      toggleButton(t.table, oc.state.table, 'toggle-table', (on) => oc.showTable(on)),
    ),
    h(
      'span',
      { class: 'oc-group' },
      paper,
      h(
        'button',
        {
          type: 'button',
          'data-testid': 'print',
          onclick: () => {
            fitPages(o.print, paper.value === 'A3' ? 'A3' : 'A4');
            window.print();
          },
        },
        t.print,
      ),
      h(
        'button',
        {
          type: 'button',
          'data-testid': 'export-svg',
          onclick: () => {
            const svg = chartSvg(oc.root, { bureau: oc.root.unit.name, date: o.date, maxLoad: oc.chart.maxLoad });
            download(new Blob([svg], { type: 'image/svg+xml' }), `${oc.root.unit.name}.svg`);
          },
        },
        t.exportSvg,
      ),
    ),
  ];
}

/** What the colours, dashes and arrows mean: a strip above the chart. */
export function legend(maxLoad: number): HTMLElement {
  const t = s();
  const stops = [0, 0.25, 0.5, 0.75, 1].map((f) => `${loadColour(f * maxLoad, maxLoad)} ${f * 100}%`).join(', ');
  return h(
    'ul',
    { class: 'oc-legend', 'aria-label': t.legend, title: t.zoomHint },
    h(
      'li',
      {},
      h('span', { class: 'oc-legend-scale', style: `background: linear-gradient(to right, ${stops})` }),
      ` ${t.legendLoad}: 0 – ${loadText(maxLoad)}`,
    ),
    h('li', {}, h('span', { class: 'oc-legend-vacant' }), ` ${t.legendVacant}`),
    h('li', {}, h('span', { class: 'oc-legend-line report' }), ` ${t.legendReports}`),
    h('li', {}, h('span', { class: 'oc-legend-line oversee' }), ` ${t.legendOversees}`),
    h('li', { class: 'muted' }, t.zoomHint),
  );
}
