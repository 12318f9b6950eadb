/** What the analysis views share on the board: a chart box, its table alternative, and text made safe for tooltips. */
import { chartIn, type EChartsType } from '../charts.ts';
import { h } from '../dom.ts';
import { strings } from '../i18n.ts';
import '../analyses.css';

const s = strings({ table: '以表格查看' }, { table: 'Show as a table' });

/** Text for an ECharts tooltip, which is HTML: names come from the documents, and are never markup. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `text` cut to `n` characters with an ellipsis, for axis labels. */
export function clip(text: string, n: number): string {
  const chars = [...text];
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : text;
}

/**
 * A box for a chart, `height` pixels tall, described by `label` to assistive technology (ECharts writes the
 * description into the box's aria-label; the role makes that label allowed, and the table alternative carries the data).
 */
export function chartBox(testid: string, height: number, label: string): HTMLElement {
  return h('div', { class: 'chart', role: 'img', 'aria-label': label, 'data-testid': testid, style: `height:${height}px` });
}

/** Draws into `box` once it is in the page (ECharts measures it), returning the chart. */
export async function drawChart(box: HTMLElement, option: Record<string, unknown>): Promise<EChartsType> {
  const chart = await chartIn(box);
  chart.setOption({ animation: false, ...option, aria: { enabled: true, label: { description: box.getAttribute('aria-label') ?? '' } } });
  return chart;
}

/**
 * The same data as a table, behind a disclosure reachable by Tab and opened by Enter: `rows` of cells, the first
 * cell of each row its header.
 */
export function tableAlternative(testid: string, caption: string, columns: string[], rows: (Node | string)[][], open = false): HTMLElement {
  return h(
    'details',
    { class: 'table-alt', ...(open ? { open: true } : {}) },
    h('summary', { 'data-testid': `${testid}-toggle` }, s().table),
    h(
      'table',
      { 'data-testid': testid },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell)))))),
    ),
  );
}

/** A button that looks like a link, for picking a thing from a table or list by keyboard. */
export function pickButton(text: string, onPick: () => void, attrs: Record<string, string> = {}): HTMLElement {
  return h('button', { type: 'button', class: 'link', ...attrs, onclick: onPick }, text);
}
