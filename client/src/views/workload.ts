/**
 * 人员负荷: people ranked by workload index as bars stacked by what makes it (牵头, 辅助, posts, units, workflows),
 * the overload threshold marked; a bureau's people × posts heatmap; a person's card, and their network on the canvas.
 */
import {
  api,
  enc,
  type ChartResponse,
  type GraphResponse,
  type NodeDetails,
  type OverloadPerson,
  type OverloadResponse,
  type OverviewResponse,
} from '../api.ts';
import { bureauSide, bureausOf, topBureau } from '../analyses/bureaus.ts';
import { prefetchCharts } from '../charts.ts';
import { chartBox, clip, drawChart, esc, pickButton, tableAlternative } from '../analyses/ui.ts';
import { PARTS, partName, reasonText, s as partsText, staffMatrix, type Part } from '../analyses/workload-data.ts';
import { h } from '../dom.ts';
import { workloadElements } from '../elements.ts';
import { strings } from '../i18n.ts';
import type { ViewContext } from './context.ts';

const s = strings(
  {
    title: '人员负荷',
    ranking: '负荷排名',
    summary: (shown: number, total: number, threshold: number) => `显示 ${shown} / ${total} 人；超负荷阈值（第 90 百分位）${threshold}`,
    threshold: (x: number) => `阈值 ${x}`,
    region: '地区',
    allRegions: '全部地区',
    person: '姓名',
    bureau: '单位',
    score: '负荷指数',
    reason: '原因',
    chartLabel: (n: number, top: string) => `负荷排名条形图，共 ${n} 人，最高：${top}`,
    heatmap: (bureau: string) => `人员 × 岗位：${bureau}`,
    heatmapLabel: (bureau: string, people: number, posts: number) => `${bureau}的人员与岗位热力图：${people} 人，${posts} 个岗位`,
    heatmapValue: '牵头 + 0.5 × 辅助',
    post: '岗位',
    unit: '所在单位',
    lead: '牵头',
    assist: '辅助',
    leadAssist: (lead: number, assist: number) => `牵头 ${lead} 项，辅助 ${assist} 项`,
    noStaff: '该单位没有登记牵头或辅助人员',
    failed: '无法加载',
    none: '没有符合条件的人员',
    card: '人员卡片',
    close: '关闭',
    network: '在关系图中查看',
    back: '返回图表',
    overloaded: '超负荷',
    posts: '岗位',
    units: '单位',
    leads: '牵头事项',
    assists: '辅助事项',
    untitled: '（未写事项名称）',
    part: '组成',
    count: '数量',
    weight: '权重',
    points: '分值',
    pick: '点击条形或表格中的姓名查看人员卡片',
  },
  {
    title: 'Workload',
    ranking: 'Ranking',
    summary: (shown: number, total: number, threshold: number) => `${shown} of ${total} people shown; overload threshold (90th percentile) ${threshold}`,
    threshold: (x: number) => `threshold ${x}`,
    region: 'Region',
    allRegions: 'All regions',
    person: 'Name',
    bureau: 'Bureau',
    score: 'Workload index',
    reason: 'Why',
    chartLabel: (n: number, top: string) => `Bar chart of the workload ranking, ${n} people, highest: ${top}`,
    heatmap: (bureau: string) => `People × posts: ${bureau}`,
    heatmapLabel: (bureau: string, people: number, posts: number) => `Heatmap of ${bureau}'s people and posts: ${people} people, ${posts} posts`,
    heatmapValue: 'lead + 0.5 × assist',
    post: 'Post',
    unit: 'Unit',
    lead: 'Leads',
    assist: 'Assists',
    leadAssist: (lead: number, assist: number) => `leads ${lead}, assists in ${assist}`,
    noStaff: 'No leads or assistants are recorded in this bureau',
    failed: 'Could not load',
    none: 'No one matches',
    card: 'Person',
    close: 'Close',
    network: 'Show their network',
    back: 'Back to the charts',
    overloaded: 'overloaded',
    posts: 'Posts',
    units: 'Units',
    leads: 'Leads',
    assists: 'Assists in',
    untitled: '(item without a title)',
    part: 'Part',
    count: 'Count',
    weight: 'Weight',
    points: 'Points',
    pick: 'Click a bar or a name in the table to see the person',
  },
);

/** The colour of each part of the index in the stacked bars. */
const PART_COLOURS: Record<Part, string> = { lead: '#1c7ed6', assist: '#74c0fc', posts: '#f08c00', units: '#c2255c', workflows: '#2f9e44' };
/** how many people the bars show before the scroll bar */
const BARS_SHOWN = 20;
/** height of one bar's row, and of one heatmap row, in pixels */
const ROW = 26;

interface Filters {
  bureau: string | null;
  region: string | null;
  person: string | null;
  network: boolean;
}

const filtersOf = (p: URLSearchParams): Filters => ({
  bureau: p.get('bureau'),
  region: p.get('region'),
  person: p.get('person'),
  network: p.get('net') === '1',
});

function overloadQuery(f: Filters): string {
  const q = new URLSearchParams({ limit: '100' });
  if (f.bureau) q.set('bureau', f.bureau);
  if (f.region) q.set('region', f.region);
  return `/api/people/overload?${q}`;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

function regionSelect(ctx: ViewContext, o: OverviewResponse, region: string | null): HTMLElement {
  const names = o.regions.map((r) => r.name).filter((n): n is string => n !== null);
  return h(
    'label',
    {},
    `${s().region} `,
    h(
      'select',
      { 'data-testid': 'region-filter', onchange: (e: Event) => ctx.setParams({ region: (e.target as HTMLSelectElement).value || null, person: null }) },
      h('option', { value: '' }, s().allRegions),
      ...names.map((n) => h('option', { value: n, ...(n === region ? { selected: true } : {}) }, n)),
    ),
  );
}

// ---- the ranking

function rankingTable(r: OverloadResponse, pick: (id: string) => void): HTMLElement {
  const partCell = (p: OverloadPerson, part: Part) => {
    const x = p.parts.find((y) => y.part === part);
    return x ? `${x.count} → ${x.points}` : '0';
  };
  return tableAlternative(
    'overload-table',
    s().ranking,
    [s().person, s().bureau, ...PARTS.map(partName), s().score, s().reason],
    r.people.map((p) => [
      pickButton(p.name, () => pick(p.id), { 'data-person': p.id }),
      p.bureau,
      ...PARTS.map((part) => partCell(p, part)),
      String(p.score),
      reasonText(p.parts),
    ]),
  );
}

async function drawRanking(box: HTMLElement, r: OverloadResponse, pick: (id: string) => void): Promise<void> {
  const people = r.people;
  const names = new Map(people.map((p) => [p.id, p.name]));
  const chart = await drawChart(box, {
    legend: { top: 0, data: PARTS.map(partName) },
    grid: { left: 8, right: 48, top: 32, bottom: 28, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const p = people[items[0]?.dataIndex ?? -1];
        if (!p) return '';
        const lines = p.parts.map((x) => `${esc(partName(x.part))}：${esc(partsText().points(x.count, x.weight, x.points))}`);
        return [`<b>${esc(p.name)}</b> · ${esc(p.bureau)}`, esc(reasonText(p.parts)), ...lines, `${esc(s().score)}：${p.score}`].join('<br>');
      },
    },
    xAxis: { type: 'value', name: s().score, nameLocation: 'middle', nameGap: 22 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: people.map((p) => p.id),
      triggerEvent: true,
      axisLabel: { formatter: (id: string) => clip(names.get(id) ?? id, 8) },
    },
    dataZoom:
      people.length > BARS_SHOWN
        ? [
            { type: 'slider', yAxisIndex: 0, startValue: 0, endValue: BARS_SHOWN - 1, right: 4, width: 14, showDetail: false, brushSelect: false },
            { type: 'inside', yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true },
          ]
        : [],
    series: PARTS.map((part, i) => ({
      type: 'bar',
      name: partName(part),
      stack: 'load',
      barMaxWidth: 18,
      itemStyle: { color: PART_COLOURS[part] },
      data: people.map((p) => p.parts.find((x) => x.part === part)?.points ?? 0),
      ...(i === 0
        ? {
            markLine: {
              symbol: 'none',
              silent: true,
              lineStyle: { color: '#c92a2a', type: 'dashed', width: 2 },
              label: { formatter: s().threshold(r.threshold), position: 'insideEndTop', color: '#c92a2a' },
              data: [{ xAxis: r.threshold }],
            },
          }
        : {}),
      ...(i === PARTS.length - 1
        ? { label: { show: true, position: 'right', formatter: (x: { dataIndex: number }) => String(people[x.dataIndex]?.score ?? '') } }
        : {}),
    })),
  });
  chart.on('click', (e) => {
    const ev = e as { componentType?: string; dataIndex?: number; value?: unknown };
    const id = ev.componentType === 'yAxis' ? String(ev.value) : people[ev.dataIndex ?? -1]?.id;
    if (id) pick(id);
  });
}

// ---- a person's card

async function personCard(ctx: ViewContext, id: string, p: OverloadPerson | undefined, threshold: number): Promise<HTMLElement> {
  const d = await api<NodeDetails>(`/api/nodes/${enc(id)}`);
  const items = (type: string) => d.neighbours.filter((n) => n.type === type && n.direction === 'out').map((n) => h('li', {}, n.name || s().untitled));
  const lead = items('LEADS');
  const assist = items('ASSISTS');
  const list = (title: string, lis: HTMLElement[], testid: string) =>
    lis.length ? h('section', {}, h('h4', {}, `${title}（${lis.length}）`), h('ul', { 'data-testid': testid }, ...lis)) : null;
  return h(
    'section',
    { class: 'person-card', 'data-testid': 'person-card', 'aria-label': s().card, tabindex: '-1' },
    h(
      'header',
      {},
      h('h3', { 'data-testid': 'person-name' }, d.name),
      h('span', { class: 'muted' }, typeof d.props.bureau === 'string' ? d.props.bureau : (p?.bureau ?? '')),
      p && p.score > threshold ? h('span', { class: 'badge overloaded' }, s().overloaded) : null,
      h('button', { type: 'button', class: 'close', 'aria-label': s().close, onclick: () => ctx.setParams({ person: null, net: null }) }, '×'),
    ),
    p
      ? h(
          'div',
          {},
          h('p', { 'data-testid': 'person-reason' }, reasonText(p.parts)),
          h(
            'table',
            { class: 'parts' },
            h('caption', {}, `${s().score} ${p.score}`),
            h('thead', {}, h('tr', {}, ...[s().part, s().count, s().weight, s().points].map((c) => h('th', { scope: 'col' }, c)))),
            h(
              'tbody',
              {},
              ...p.parts.map((x) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, partName(x.part)),
                  h('td', {}, String(x.count)),
                  h('td', {}, String(x.weight)),
                  h('td', {}, String(x.points)),
                ),
              ),
            ),
          ),
          list(
            s().posts,
            p.posts.map((x) => h('li', {}, x)),
            'person-posts',
          ),
          list(
            s().units,
            p.units.map((x) => h('li', {}, x)),
            'person-units',
          ),
        )
      : null,
    list(s().leads, lead, 'person-leads'),
    list(s().assists, assist, 'person-assists'),
    h('p', {}, h('button', { type: 'button', 'data-testid': 'person-network', onclick: () => ctx.setParams({ net: '1' }) }, s().network)),
  );
}

// ---- the people × posts heatmap

async function heatmapSection(
  ctx: ViewContext,
  bureauId: string,
  bureauName: string,
  pick: (id: string) => void,
): Promise<{ el: HTMLElement; draw: () => Promise<void> }> {
  const title = h('h3', {}, s().heatmap(bureauName));
  let chart: ChartResponse;
  try {
    chart = await api<ChartResponse>(`/api/org/chart?unit=${enc(bureauId)}`);
  } catch (e) {
    // the ranking above stays useful when the chart of one bureau cannot be had
    return {
      el: h('section', { class: 'analysis-section' }, title, h('p', { class: 'error' }, `${s().failed}：${messageOf(e)}`)),
      draw: () => Promise.resolve(),
    };
  }
  const m = staffMatrix(chart);
  if (!m.cells.length)
    return { el: h('section', { class: 'analysis-section' }, title, h('p', { class: 'muted' }, s().noStaff)), draw: () => Promise.resolve() };
  const box = chartBox('staff-heatmap', m.people.length * ROW + 200, s().heatmapLabel(bureauName, m.people.length, m.posts.length));
  const rows = m.cells.map((c) => {
    const [x, y] = c.value;
    const post = m.posts[x]!;
    return [m.people[y]!.name, post.title, post.unit, String(c.lead), String(c.assist)];
  });
  const table = tableAlternative('staff-table', s().heatmap(bureauName), [s().person, s().post, s().unit, s().lead, s().assist], rows);
  const max = Math.max(...m.cells.map((c) => c.value[2]));
  const draw = async () => {
    const c = await drawChart(box, {
      tooltip: {
        formatter: (p: { dataIndex: number }) => {
          const cell = m.cells[p.dataIndex];
          if (!cell) return '';
          const [x, y] = cell.value;
          return `<b>${esc(m.people[y]!.name)}</b><br>${esc(m.posts[x]!.title)} · ${esc(m.posts[x]!.unit)}<br>${esc(s().leadAssist(cell.lead, cell.assist))}`;
        },
      },
      grid: { left: 8, right: 16, top: 8, bottom: 60, containLabel: true },
      xAxis: { type: 'category', data: m.posts.map((p) => clip(p.title, 10)), axisLabel: { rotate: 40, interval: 0, fontSize: 11 }, splitArea: { show: true } },
      yAxis: { type: 'category', inverse: true, data: m.people.map((p) => p.name), axisLabel: { interval: 0 }, splitArea: { show: true } },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        text: [String(max), s().heatmapValue],
        inRange: { color: ['#e7f5ff', '#1971c2'] },
      },
      series: [
        {
          type: 'heatmap',
          data: m.cells.map((c) => c.value),
          label: { show: true, fontSize: 10 },
          emphasis: { itemStyle: { borderColor: '#212529', borderWidth: 1 } },
        },
      ],
    });
    c.on('click', (e) => {
      const cell = m.cells[(e as { dataIndex: number }).dataIndex];
      if (cell) pick(m.people[cell.value[1]]!.id);
    });
  };
  return { el: h('section', { class: 'analysis-section', 'data-testid': 'staff-section' }, title, box, table), draw };
}

// ---- the view

/** Draws the chosen person's network on the canvas, as the explorer did before the charts. */
async function drawNetwork(ctx: ViewContext, r: OverloadResponse, person: string): Promise<void> {
  ctx.useBoard(false);
  ctx.tools.append(h('button', { type: 'button', 'data-testid': 'back-to-charts', onclick: () => ctx.setParams({ net: null }) }, s().back));
  // Cytoscape loads while the network is fetched
  const [g, graph] = await Promise.all([api<GraphResponse>(`/api/graph?focus=${enc(person)}&depth=3&types=Person,WorkItem,Post,Unit&limit=400`), ctx.graph()]);
  const els = workloadElements(g.elements, new Map(r.people.map((p) => [p.id, p.score])), person);
  const focus = els.nodes.find((n) => n.data.id === person);
  if (focus) focus.data.focus = true;
  graph.show(els, graph.focusLayout());
}

/** People ranked by workload index, a bureau's people × posts, and a chosen person's card or network. */
export async function workloadView(ctx: ViewContext): Promise<void> {
  // the charting library loads while the view's data is fetched, not after
  prefetchCharts();
  const f = filtersOf(ctx.params);
  const [r, overview] = await Promise.all([api<OverloadResponse>(overloadQuery(f)), api<OverviewResponse>('/api/overview')]);
  const pick = (id: string) => ctx.setParams({ person: id, net: null });
  ctx.tools.replaceChildren(regionSelect(ctx, overview, f.region));
  ctx.side.replaceChildren(await bureauSide(f.bureau, (id) => ctx.setParams({ bureau: id, person: null, net: null })));
  if (f.person && f.network) return drawNetwork(ctx, r, f.person);

  ctx.useBoard(true);
  const bureaus = bureausOf(overview);
  // the heatmap's bureau: the one picked, else the top person's, else the largest
  const heatBureau = bureaus.find((b) => b.id === f.bureau) ?? bureaus.find((b) => b.name === r.people[0]?.bureau) ?? topBureau(overview);
  const chosen = f.person ? r.people.find((p) => p.id === f.person) : undefined;
  const [card, heat] = await Promise.all([
    f.person ? personCard(ctx, f.person, chosen, r.threshold).catch((e: unknown) => h('p', { class: 'error' }, `${s().failed}：${messageOf(e)}`)) : null,
    heatBureau ? heatmapSection(ctx, heatBureau.id, heatBureau.name, pick) : null,
  ]);
  const top = r.people[0];
  const bars = chartBox(
    'workload-chart',
    Math.min(BARS_SHOWN, Math.max(1, r.people.length)) * ROW + 90,
    s().chartLabel(r.total, top ? `${top.name} ${top.score}` : ''),
  );
  const root = h(
    'div',
    { class: 'analysis workload', 'data-testid': 'workload' },
    h('h2', {}, s().title),
    h(
      'section',
      { class: 'analysis-section' },
      h('h3', {}, s().ranking),
      h('p', { class: 'muted small', 'data-testid': 'workload-summary' }, s().summary(r.people.length, r.total, r.threshold)),
      r.people.length ? bars : h('p', { class: 'muted' }, s().none),
      r.people.length ? rankingTable(r, pick) : null,
      card ? null : h('p', { class: 'hint' }, s().pick),
    ),
    card,
    heat?.el ?? null,
  );
  ctx.board.replaceChildren(root);
  if (r.people.length) await drawRanking(bars, r, pick);
  await heat?.draw();
  if (card instanceof HTMLElement && card.classList.contains('person-card')) {
    card.scrollIntoView({ block: 'nearest' });
    card.focus({ preventScroll: true });
  }
}
