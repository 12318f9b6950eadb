/**
 * 组织结构: one bureau's org chart, drawn as HTML on the board (client/src/orgchart/): units as boxes, posts as
 * cards, reporting and 分管 lines on demand, a table alternative, print and SVG export. The side bar picks the bureau.
 */
import { ApiError, BASE, api, enc, type ChartResponse, type NodeDetails, type OverviewResponse } from '../api.ts';
import { h } from '../dom.ts';
import { lang } from '../i18n.ts';
import { navTree } from '../nav-tree.ts';
import { OrgChart, type ChartState } from '../orgchart/chart.ts';
import { postOfId, staffOf } from '../orgchart/model.ts';
import { fitPages, printPages, usePaper, type Paper } from '../orgchart/print.ts';
import { s } from '../orgchart/strings.ts';
import { legend, toolbar } from '../orgchart/toolbar.ts';
import type { ViewContext } from './context.ts';

/** What the user opened, paged and zoomed on each chart (by its root), kept while they move around the explorer. */
const states = new Map<string, ChartState>();
let paper: Paper = 'A4';
let renders = 0;

/** The first bureau of the overview's tree, shown when none is chosen; null when the graph has none. */
async function firstBureau(): Promise<string | null> {
  const r = await api<OverviewResponse>('/api/overview');
  return r.regions.flatMap((g) => g.bureaus)[0]?.id ?? null;
}

/** The bureau a unit or post belongs to, for a search result outside the chart shown; null when it cannot be told. */
async function bureauOf(id: string): Promise<string | null> {
  try {
    let unit: string | undefined = id.startsWith('unit:') ? id : undefined;
    if (!unit) {
      const d = await api<NodeDetails>(`/api/nodes/${enc(id)}`);
      unit = d.neighbours.find((n) => n.type === 'IN_UNIT' && n.direction === 'out')?.id;
    }
    if (!unit) return null;
    return (await api<ChartResponse>(`/api/org/chart?unit=${enc(unit)}`)).bureau.id;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** The organisation chart of the bureau in the address (`?bureau=`), re-rooted at `?unit=`, revealing `?focus=`. */
export async function orgView(ctx: ViewContext): Promise<void> {
  const mine = ++renders;
  const t = s();
  ctx.useBoard(true);
  const bureau = ctx.params.get('bureau');
  const focus = ctx.params.get('focus');
  // a work item, duty or step is shown by its post's card
  const target = focus ? (postOfId(focus) ?? (focus.startsWith('unit:') ? focus : null)) : null;
  const side = navTree({ selected: bureau, onPick: (id) => ctx.setParams({ bureau: id, unit: null, focus: null }) });
  const rootId = ctx.params.get('unit') ?? bureau ?? (target ? await bureauOf(target) : null) ?? (await firstBureau());
  if (mine !== renders) return;
  if (!rootId) {
    ctx.tools.replaceChildren();
    ctx.side.replaceChildren(await side);
    ctx.board.replaceChildren(h('p', { class: 'oc-pick' }, t.pick));
    return;
  }
  const chart = await api<ChartResponse>(`/api/org/chart?unit=${enc(rootId)}`);
  if (mine !== renders) return;
  if (target && !chart.units.some((u) => u.id === target) && !chart.posts.some((p) => p.id === target)) {
    const other = await bureauOf(target);
    if (mine !== renders) return;
    // another bureau's, or its own bureau's outside the unit the chart is re-rooted at: its whole bureau
    if (other && (other !== chart.bureau.id || chart.root.id !== chart.bureau.id)) return ctx.setParams({ bureau: other, unit: null });
  }
  const oc = new OrgChart(chart, states.get(chart.root.id) ?? null, {
    openPost: (id) => void ctx.panel.open(id),
    reRoot: (unit) => ctx.setParams({ unit, focus: null }),
    unitHref: (unit) => {
      const p = new URLSearchParams(ctx.params);
      p.set('unit', unit);
      p.delete('focus');
      return `${BASE}/org?${p}`;
    },
  });
  states.set(chart.root.id, oc.state);
  const date = new Intl.DateTimeFormat(lang() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'long' }).format(new Date());
  const overseers = (unit: string) =>
    chart.oversight
      .filter((o) => o.unit === unit)
      .flatMap((o) => chart.posts.filter((p) => p.id === o.post))
      .map((p) => `${p.title}${staffOf(p).leads.length ? `（${staffOf(p).leads.join('、')}）` : ''}`);
  const print = printPages(oc.root, { bureau: chart.bureau.name, date, maxLoad: chart.maxLoad, paper, overseers });
  const back =
    chart.root.id !== chart.bureau.id
      ? h(
          'a',
          {
            href: '#',
            class: 'oc-back',
            'data-testid': 'whole-bureau',
            onclick: (e: Event) => (e.preventDefault(), ctx.setParams({ unit: null, focus: null })),
          },
          t.wholeBureau(chart.bureau.name),
        )
      : null;
  const sideEl = await side;
  if (mine !== renders) return;
  ctx.side.replaceChildren(sideEl);
  ctx.tools.replaceChildren(...toolbar({ chart: oc, print, paper, setPaper: (p) => (paper = p), date, back }));
  ctx.board.replaceChildren(h('div', { class: 'oc', 'data-testid': 'org-chart' }, legend(chart.maxLoad), oc.el, print));
  oc.draw();
  if (target && !oc.reveal(target)) ctx.tools.append(h('span', { class: 'muted', role: 'status' }, t.notFound));
  usePaper(paper);
  fitPages(print, paper);
  // the measure of a page depends on the font; once the CJK font has loaded, measure again
  void document.fonts.ready.then(() => fitPages(print, paper));
}
