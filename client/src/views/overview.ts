/** 总览: the bureaus by region, sized by their posts and coloured by a chosen measure; the landing view. */
import { BASE, type OverviewResponse } from '../api.ts';
import { chartIn, prefetchCharts, type EChartsType } from '../charts.ts';
import { h } from '../dom.ts';
import { strings } from '../i18n.ts';
import { navTree, overviewData, regionLabel } from '../nav-tree.ts';
import '../overview.css';
import type { ViewContext } from './context.ts';

const s = strings(
  {
    colourBy: '着色依据',
    'm.load': '最高工作负荷',
    'm.duplicates': '疑似重复职责',
    'm.vacant': '空缺岗位',
    'm.unplaced': '未落位岗位',
    totals: (b: number, p: number, i: number, n: number) => `${b} 个单位 · ${p} 个岗位 · ${i} 项工作事项 · ${n} 人`,
    sizeNote: '面积：岗位数',
    chart: (n: number, m: string) => `矩形树图：${n} 个单位按地区分组，面积为岗位数，颜色为${m}。可用下方表格或左侧列表以键盘浏览。`,
    table: (n: number) => `以表格查看全部 ${n} 个单位`,
    caption: (m: string) => `各单位的岗位、人员和${m}等指标`,
    bureau: '单位',
    region: '地区',
    posts: '岗位',
    items: '工作事项',
    people: '人员',
    load: '负荷',
    duplicates: '疑似重复',
    vacant: '空缺',
    unplaced: '未落位',
    prev: '上一页',
    next: '下一页',
    page: (from: number, to: number, n: number) => `第 ${from}–${to} 个，共 ${n} 个`,
    sortBy: (c: string) => `按${c}排序`,
    open: '点击单位打开其组织结构图',
    firstTitle: '还没有导入任何单位',
    firstText: '导入各单位的定岗定责定流程表（PDF、Word、Excel、网页或文本），这里就会按地区显示每个单位，并可按工作负荷、重复职责、空缺和未落位岗位着色。',
    firstButton: '去导入文件',
  },
  {
    colourBy: 'Colour by',
    'm.load': 'Highest workload',
    'm.duplicates': 'Likely duplicate duties',
    'm.vacant': 'Vacant posts',
    'm.unplaced': 'Unplaced posts',
    totals: (b: number, p: number, i: number, n: number) => `${b} bureaus · ${p} posts · ${i} work items · ${n} people`,
    sizeNote: 'Area: posts',
    chart: (n: number, m: string) =>
      `Treemap: ${n} bureaus grouped by region, sized by posts, coloured by ${m.toLowerCase()}. The table below and the list at the side can be browsed by keyboard.`,
    table: (n: number) => `All ${n} bureaus as a table`,
    caption: (m: string) => `Each bureau's posts, people, ${m.toLowerCase()} and other measures`,
    bureau: 'Bureau',
    region: 'Region',
    posts: 'Posts',
    items: 'Work items',
    people: 'People',
    load: 'Load',
    duplicates: 'Duplicates',
    vacant: 'Vacant',
    unplaced: 'Unplaced',
    prev: 'Previous',
    next: 'Next',
    page: (from: number, to: number, n: number) => `${from}–${to} of ${n}`,
    sortBy: (c: string) => `Sort by ${c.toLowerCase()}`,
    open: 'Click a bureau to open its org chart',
    firstTitle: 'No bureau imported yet',
    firstText:
      "Import the bureaus' 定岗定责定流程表 (PDF, Word, Excel, web page or text) and this page shows every bureau by region, coloured by workload, duplicated duties, vacant and unplaced posts.",
    firstButton: 'Go to import',
  },
);

/** What a bureau can be coloured by, in the order of the menu; the first is the default. */
export const MEASURES = ['load', 'duplicates', 'vacant', 'unplaced'] as const;
export type Measure = (typeof MEASURES)[number];

/** The measure a URL asks for (`?measure=`), the first when it names none or an unknown one. */
export function measureOf(param: string | null): Measure {
  return (MEASURES as readonly (string | null)[]).includes(param) ? (param as Measure) : MEASURES[0];
}

/** Sequential yellow → dark red, readable in grey and for the common colour blindnesses (ColorBrewer YlOrRd). */
const STOPS = ['#ffeda0', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#b10026'];
/** A bureau whose measure is zero: grey, apart from the scale. */
export const NONE_COLOUR = '#dee2e6';

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
const hex = (c: number[]) => `#${c.map((x) => Math.round(x).toString(16).padStart(2, '0')).join('')}`;

/**
 * The colour of a value: grey for zero (or less), then along the scale from `min` (its lightest) to `max` (its
 * darkest).
 */
export function colourScale(max: number, min = 0): (value: number) => string {
  return (value) => {
    if (!(value > 0) || !(max > 0)) return NONE_COLOUR;
    const span = max - min;
    const x = (span > 0 ? Math.max(0, Math.min(1, (value - min) / span)) : 1) * (STOPS.length - 1);
    const i = Math.min(Math.floor(x), STOPS.length - 2);
    const [a, b] = [rgb(STOPS[i]!), rgb(STOPS[i + 1]!)];
    return hex(a.map((c, k) => c + (b[k]! - c) * (x - i)));
  };
}

/**
 * Where the scale of a measure starts and ends: counts from 0 (one duplicate is a little, not nothing); the
 * workload index, which every staffed bureau has, from the lowest so that its differences show.
 */
export function domainOf(r: Pick<OverviewResponse, 'regions'>, m: Measure): { min: number; max: number } {
  const values = r.regions.flatMap((g) => g.bureaus.map((b) => b[m]));
  const positive = values.filter((v) => v > 0);
  return { min: m === 'load' && positive.length ? Math.min(...positive) : 0, max: Math.max(0, ...values) };
}

/** The colour of each bureau by measure `m`. */
function colourOf(r: Pick<OverviewResponse, 'regions'>, m: Measure): (value: number) => string {
  const { min, max } = domainOf(r, m);
  return colourScale(max, min);
}

/** The CSS gradient of the whole scale, for the legend. */
export const scaleGradient = () => `linear-gradient(to right, ${STOPS.join(', ')})`;

/** Dark text on a light colour, white on a dark one (WCAG relative luminance). */
export function textColour(background: string): string {
  const [r, g, b] = rgb(background).map((c) => {
    const x = c / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.25 ? '#212529' : '#ffffff';
}

/** A bureau as the table and the treemap show it: its counts and its region's name. */
export interface BureauRow {
  id: string;
  name: string;
  region: string;
  posts: number;
  items: number;
  people: number;
  load: number;
  duplicates: number;
  vacant: number;
  unplaced: number;
}

/** Every bureau with its region's name, in the response's order (regions, then bureaus within them). */
export function bureauRows(r: Pick<OverviewResponse, 'regions'>): BureauRow[] {
  return r.regions.flatMap((g) =>
    g.bureaus.map((b) => ({
      id: b.id,
      name: b.name,
      region: regionLabel(g.name),
      posts: b.posts,
      items: b.items,
      people: b.people,
      load: b.load,
      duplicates: b.duplicates,
      vacant: b.vacant,
      unplaced: b.unplaced,
    })),
  );
}

/** More regions than this, and those of one bureau go without a header. */
export const MANY_REGIONS = 30;

/** A treemap leaf: a bureau, sized by its posts and filled with the colour of its measure. */
export interface Leaf {
  id: string;
  name: string;
  /** the area: its posts, at least 1 so that a bureau without posts is still drawn */
  value: number;
  posts: number;
  region: string;
  measure: number;
  itemStyle: { color: string };
  label: { color: string };
}

/**
 * The treemap's data: a node per region holding a leaf per bureau. Among many regions, one of a single bureau draws
 * no header of its own: its bureau's name already says the region, and hundreds of headers would take the room.
 */
export function treemapData(r: Pick<OverviewResponse, 'regions'>, m: Measure): { name: string; children: Leaf[]; upperLabel?: { show: boolean } }[] {
  const colour = colourOf(r, m);
  const many = r.regions.length > MANY_REGIONS;
  return r.regions
    .filter((g) => g.bureaus.length > 0)
    .map((g) => ({
      name: regionLabel(g.name),
      ...(g.bureaus.length === 1 && many ? { upperLabel: { show: false } } : {}),
      children: g.bureaus.map((b) => {
        const fill = colour(b[m]);
        return {
          id: b.id,
          name: b.name,
          value: Math.max(1, b.posts),
          posts: b.posts,
          region: regionLabel(g.name),
          measure: b[m],
          itemStyle: { color: fill },
          label: { color: textColour(fill) },
        };
      }),
    }));
}

export const COLUMNS = ['name', 'region', 'posts', 'items', 'people', 'load', 'duplicates', 'vacant', 'unplaced'] as const;
export type Column = (typeof COLUMNS)[number];

/** The rows sorted by a column, ascending (1) or descending (-1); names in Chinese order, ties by name. */
export function sortRows(rows: BureauRow[], by: Column, dir: 1 | -1): BureauRow[] {
  const byName = (a: BureauRow, b: BureauRow) => a.name.localeCompare(b.name, 'zh');
  const cmp = (a: BureauRow, b: BureauRow) => {
    const [x, y] = [a[by], b[by]];
    return typeof x === 'string' ? x.localeCompare(y as string, 'zh') : x - (y as number);
  };
  return [...rows].sort((a, b) => dir * cmp(a, b) || byName(a, b));
}

/** A measure as read: whole numbers as they are, a workload index to one decimal. */
export const formatValue = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

const PAGE = 50;
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What stays between renders of the view: the view renders again on every change of its URL. */
interface Drawn {
  root: HTMLElement;
  chartEl: HTMLElement;
  chart: EChartsType;
  table: HTMLElement;
}
let drawn: Drawn | null = null;
const tableState = { by: 'name' as Column, dir: 1 as 1 | -1, page: 0 };
/** The measure menu and what follows it in the view's tools. */
let tools: { label: HTMLElement; text: HTMLElement; select: HTMLSelectElement; legend: HTMLElement; totals: HTMLElement } | null = null;
/** Renders begun, to let a newer one draw instead of an older one still waiting. */
let renders = 0;
/** The context of the latest render: the chart's and the menu's handlers outlive a render. */
let current: ViewContext | null = null;

const measureName = (m: Measure) => s()[`m.${m}`];
const columnName = (c: Column) => (c === 'name' ? s().bureau : s()[c]);

/** The measure menu, kept from render to render so that it keeps the keyboard's focus when the measure changes. */
function measureTools(ctx: ViewContext, m: Measure, r: OverviewResponse): void {
  if (!tools) {
    const select = h('select', {
      'data-testid': 'measure',
      onchange: (e: Event) => current?.setParams({ measure: (e.target as HTMLSelectElement).value }),
    });
    select.append(...MEASURES.map((x) => h('option', { value: x })));
    const text = h('span', {});
    tools = {
      label: h('label', { class: 'ov-measure' }, text, ' ', select),
      text,
      select,
      legend: h('span', { class: 'ov-legend', 'data-testid': 'measure-legend' }),
      totals: h('span', { class: 'ov-totals muted' }),
    };
  }
  tools.text.textContent = s().colourBy;
  for (const o of tools.select.options) o.textContent = measureName(o.value as Measure);
  tools.select.value = m;
  const { min, max } = domainOf(r, m);
  tools.legend.replaceChildren(
    h('span', { class: 'ov-swatch', 'aria-hidden': 'true', style: `background: ${NONE_COLOUR}` }),
    min > 0 ? ` 0 · ${formatValue(min)} ` : ' 0 · ',
    h('span', { class: 'ov-scale', 'aria-hidden': 'true', style: `background: ${scaleGradient()}` }),
    ` ${formatValue(max)}`,
  );
  tools.totals.textContent = `${s().totals(r.totals.bureaus, r.totals.posts, r.totals.items, r.totals.people)} · ${s().sizeNote}`;
  // the menu stays where it is when the view renders again (a new measure): only its neighbours change
  if (tools.label.parentElement !== ctx.tools) ctx.tools.replaceChildren(tools.label, tools.legend, tools.totals);
}

/** The treemap's option: regions of bureaus, sized by posts, filled by the measure; drawn without animation. */
function chartOption(r: OverviewResponse, m: Measure) {
  const data = treemapData(r, m);
  return {
    animation: false,
    aria: { enabled: true, label: { description: s().chart(r.totals.bureaus, measureName(m)) } },
    tooltip: {
      formatter: (p: { data?: Partial<Leaf>; name: string }) =>
        p.data?.id
          ? `<b>${esc(p.data.name ?? '')}</b><br>${esc(p.data.region ?? '')}<br>${esc(s().posts)}: ${p.data.posts}<br>${esc(measureName(m))}: ${formatValue(p.data.measure ?? 0)}`
          : `<b>${esc(p.name)}</b>`,
    },
    series: [
      {
        type: 'treemap',
        left: 0,
        top: 0,
        right: 0,
        bottom: 0,
        roam: false,
        // a click opens the bureau's org chart rather than zooming in
        nodeClick: false,
        breadcrumb: { show: false },
        label: { show: true, formatter: '{b}', overflow: 'truncate', fontSize: 12 },
        upperLabel: { show: true, height: 18, color: '#212529', fontSize: 12 },
        levels: [
          { itemStyle: { borderWidth: 0, gapWidth: 2 } },
          // regions: a grey frame with their name above their bureaus
          { itemStyle: { color: '#f1f3f5', borderColor: '#adb5bd', borderWidth: 1, gapWidth: 1 } },
          // bureaus
          { itemStyle: { borderColor: '#ffffff', borderWidth: 1 } },
        ],
        data,
      },
    ],
  };
}

/** One page of the table, sorted as asked; the header's buttons sort it, the pager turns its pages. */
function fillTable(table: HTMLElement, r: OverviewResponse, m: Measure): void {
  const all = sortRows(bureauRows(r), tableState.by, tableState.dir);
  const pages = Math.max(1, Math.ceil(all.length / PAGE));
  tableState.page = Math.min(tableState.page, pages - 1);
  const from = tableState.page * PAGE;
  const rows = all.slice(from, from + PAGE);
  const colour = colourOf(r, m);
  const again = () => current && fillTable(table, r, measureOf(current.params.get('measure')));
  const head = COLUMNS.map((c) =>
    h(
      'th',
      { scope: 'col', class: c === m ? 'ov-current' : '', 'aria-sort': tableState.by === c ? (tableState.dir === 1 ? 'ascending' : 'descending') : 'none' },
      h(
        'button',
        {
          type: 'button',
          title: s().sortBy(columnName(c)),
          'data-testid': `sort-${c}`,
          onclick: () => {
            tableState.dir = tableState.by === c ? (-tableState.dir as 1 | -1) : typeof all[0]?.[c] === 'number' ? -1 : 1;
            tableState.by = c;
            tableState.page = 0;
            again();
            table.querySelector<HTMLButtonElement>(`[data-testid=sort-${c}]`)?.focus();
          },
        },
        columnName(c),
        h('span', { class: 'ov-sort', 'aria-hidden': 'true' }, tableState.by === c ? (tableState.dir === 1 ? ' ▲' : ' ▼') : ''),
      ),
    ),
  );
  const body = rows.map((b) =>
    h(
      'tr',
      { 'data-id': b.id },
      h(
        'th',
        { scope: 'row' },
        h(
          'a',
          { href: `${BASE}/org?bureau=${encodeURIComponent(b.id)}`, onclick: (e: Event) => (e.preventDefault(), current?.open('org', { bureau: b.id })) },
          b.name,
        ),
      ),
      h('td', {}, b.region),
      ...(['posts', 'items', 'people', 'load', 'duplicates', 'vacant', 'unplaced'] as const).map((c) =>
        h(
          'td',
          { class: c === m ? 'num ov-current' : 'num' },
          c === m ? h('span', { class: 'ov-swatch', 'data-testid': 'row-colour', style: `background: ${colour(b[c])}` }) : null,
          formatValue(b[c]),
        ),
      ),
    ),
  );
  const turn = (to: number) => () => {
    tableState.page = to;
    again();
  };
  table.replaceChildren(
    h(
      'table',
      { class: 'ov-table', 'data-testid': 'overview-rows' },
      h('caption', {}, s().caption(measureName(m))),
      h('thead', {}, h('tr', {}, ...head)),
      h('tbody', {}, ...body),
    ),
    h(
      'div',
      { class: 'ov-pager' },
      h('button', { type: 'button', 'data-testid': 'page-prev', disabled: tableState.page === 0, onclick: turn(tableState.page - 1) }, s().prev),
      h('span', { role: 'status', 'data-testid': 'page-status' }, all.length ? s().page(from + 1, from + rows.length, all.length) : ''),
      h('button', { type: 'button', 'data-testid': 'page-next', disabled: tableState.page >= pages - 1, onclick: turn(tableState.page + 1) }, s().next),
    ),
  );
}

/** The first-run screen: nothing imported yet, and the way to the import. */
function firstRun(ctx: ViewContext): HTMLElement {
  return h(
    'section',
    { class: 'ov-first-run', 'data-testid': 'first-run' },
    h('h2', {}, s().firstTitle),
    h('p', {}, s().firstText),
    h('button', { type: 'button', class: 'ov-primary', 'data-testid': 'first-run-import', onclick: () => ctx.open('import') }, s().firstButton),
  );
}

/** The landing view: a treemap of bureaus by region (never their posts), a table of the same, the tree at the side. */
export async function overviewView(ctx: ViewContext): Promise<void> {
  const mine = ++renders;
  ctx.useBoard(true);
  // the charting library loads while the bureaus are fetched, not after
  prefetchCharts();
  // fetched before anything is touched: with the database down, what is drawn stays
  const r = await overviewData();
  const tree = await navTree({ selected: null, onPick: (id) => ctx.open('org', { bureau: id }) });
  // a newer render (another measure picked meanwhile) draws instead
  if (mine !== renders) return;
  current = ctx;
  const m = measureOf(ctx.params.get('measure'));
  ctx.side.replaceChildren(tree);
  if (r.totals.bureaus === 0) {
    ctx.tools.replaceChildren();
    drawn?.chart.dispose();
    drawn = null;
    ctx.board.replaceChildren(h('div', { class: 'overview' }, firstRun(ctx)));
    return;
  }
  measureTools(ctx, m, r);
  if (drawn?.root.parentElement !== ctx.board) {
    drawn?.chart.dispose();
    const chartEl = h('div', { class: 'ov-chart', 'data-testid': 'treemap' });
    const table = h('div', { class: 'ov-table-wrap' });
    const summary = h('summary', { 'data-testid': 'table-toggle' });
    const root = h(
      'div',
      { class: 'overview' },
      h('p', { class: 'ov-hint muted' }, s().open),
      chartEl,
      h('details', { class: 'ov-details', 'data-testid': 'overview-table' }, summary, table),
    );
    ctx.board.replaceChildren(root);
    const chart = await chartIn(chartEl);
    if (mine !== renders) {
      chart.dispose();
      return;
    }
    chart.on('click', (p) => {
      const id = (p.data as Partial<Leaf> | undefined)?.id;
      if (id) current?.open('org', { bureau: id });
    });
    drawn = { root, chartEl, chart, table };
  }
  drawn.root.querySelector('.ov-hint')!.textContent = s().open;
  drawn.root.querySelector('summary')!.textContent = s().table(r.totals.bureaus);
  drawn.chart.setOption(chartOption(r, m));
  drawn.chartEl.dataset.measure = m;
  fillTable(drawn.table, r, m);
}
