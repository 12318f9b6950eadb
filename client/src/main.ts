/**
 * The explorer: a top bar of views with their own URLs, an HTML board for charts and the org chart, one graph canvas
 * (Cytoscape.js, loaded when a view first draws on it), a details panel, search everywhere.
 */
import './styles.css';
import { ApiError, BASE, onDatabaseState, onTokenNeeded } from './api.ts';
import { tokenDialog, uploadButton } from './documents.ts';
import { h } from './dom.ts';
import type { GraphView } from './graph.ts';
import { lang, setLang, t, type Lang } from './i18n.ts';
import { DetailsPanel } from './panel.ts';
import { forgetOverview } from './nav-tree.ts';
import { searchBox } from './search.ts';
import type { ViewContext } from './views/context.ts';
import { duplicatesView } from './views/duplicates.ts';
import { importView } from './views/import.ts';
import { orgView } from './views/org.ts';
import { overviewView } from './views/overview.ts';
import { workflowsView } from './views/workflows.ts';
import { workloadView } from './views/workload.ts';

/** The views, in the order of the navigation; a page (导入) takes the whole body instead of the graph. */
const VIEWS = {
  overview: { key: 'view.overview', render: overviewView, page: false },
  org: { key: 'view.org', render: orgView, page: false },
  workload: { key: 'view.workload', render: workloadView, page: false },
  duplicates: { key: 'view.duplicates', render: duplicatesView, page: false },
  workflows: { key: 'view.workflows', render: workflowsView, page: false },
  import: { key: 'view.import', render: importView, page: true },
} as const;
type ViewName = keyof typeof VIEWS;

const root = document.getElementById('app')!;
const nav = h('nav', { class: 'views' });
const banner = h('div', { class: 'banner', role: 'alert', hidden: true, 'data-testid': 'banner' });
const side = h('aside', { class: 'side', 'data-testid': 'side' });
const tools = h('div', { class: 'view-tools' });
const canvas = h('div', { class: 'canvas', 'data-testid': 'canvas' });
// what a view draws as HTML rather than on the graph canvas (the org chart, charts, matrices)
const board = h('div', { class: 'board', hidden: true, 'data-testid': 'board' });
const overlay = h('div', { class: 'overlay', hidden: true, 'data-testid': 'overlay' });
const panelEl = h('aside', { class: 'panel', hidden: true, 'data-testid': 'details' });
const pageEl = h('section', { class: 'page', 'data-testid': 'page' });
const status = h('span', { class: 'status', 'data-testid': 'graph-status' });
const legend = h('ul', { class: 'legend', 'aria-label': 'legend' });
const langButton = h('button', { class: 'lang', 'data-testid': 'lang-toggle' });
const title = h('h1', {});

const pathButton = h('button', {});
const toolbar = h('div', { class: 'toolbar' });

/** The first segment of the address after BASE_PATH: the view's name. */
function viewSegment(): string {
  const rest = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  return rest.replace(/^\/+/, '').split('/')[0] ?? '';
}

function currentView(): ViewName {
  const name = viewSegment() as ViewName;
  return name in VIEWS ? name : 'overview';
}

function go(view: ViewName, params: Record<string, string | null> = {}, replace = false): void {
  const p = new URLSearchParams(view === currentView() ? location.search : '');
  for (const [k, v] of Object.entries(params)) {
    if (v === null) p.delete(k);
    else p.set(k, v);
  }
  if (lang() === 'en') p.set('lang', 'en');
  else p.delete('lang');
  const url = `${BASE}/${view}${p.size ? `?${p}` : ''}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  void render();
}

function chrome(): void {
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  title.textContent = t('title');
  langButton.textContent = t('lang');
  upload.replaceChildren(
    uploadButton((message, changed) => {
      notice.hidden = false;
      notice.textContent = message;
      if (changed) {
        forgetOverview();
        void render();
      }
    }),
  );
  search.querySelector('input')?.setAttribute('placeholder', t('search'));
  const view = currentView();
  nav.replaceChildren(
    ...(Object.keys(VIEWS) as ViewName[]).map((v) =>
      h(
        'a',
        { href: `${BASE}/${v}`, class: v === view ? 'active' : '', 'data-testid': `nav-${v}`, onclick: (e: Event) => (e.preventDefault(), go(v)) },
        t(VIEWS[v].key),
      ),
    ),
  );
  pathButton.textContent = t('path');
  const on = (act: (g: GraphView) => unknown) => () => void loadGraph().then(act);
  toolbar.replaceChildren(
    h('button', { onclick: on((g) => g.fit(false)) }, t('fit')),
    h('button', { onclick: on((g) => g.fit(true)) }, t('fit.selection')),
    h('button', { onclick: on((g) => g.hideSelected()) }, t('hide')),
    h('button', { onclick: on((g) => g.showAll()) }, t('show.all')),
    pathButton,
    h('button', { onclick: on((g) => g.exportPng()) }, t('export.png')),
    h('button', { onclick: on((g) => g.exportSvg()) }, t('export.svg')),
    h('button', { onclick: on((g) => g.exportSelectionCsv()) }, t('export.csv')),
  );
}

/** Draws the path between the two shift-selected nodes, or says why there is none. */
async function showPath(): Promise<void> {
  const r = await loadGraph()
    .then((g) => g.pathBetweenSelected())
    .catch(() => false);
  if (r === null) showNote(t('path.pick'));
  else if (r === false) showNote(t('path.none'));
}
pathButton.addEventListener('click', () => void showPath());

function showNote(text: string): void {
  overlay.hidden = false;
  overlay.textContent = text;
  setTimeout(() => (overlay.hidden = true), 2500);
}

/** The graph canvas once loaded: the overview, the org chart and the charts never load Cytoscape.js. */
let graph: GraphView | null = null;
let graphLoading: Promise<GraphView> | null = null;
function loadGraph(): Promise<GraphView> {
  // the canvas is in the page, with its size, before Cytoscape measures it: views show it before they draw
  graphLoading ??= import('./graph.ts').then(({ GraphView }) => {
    graph = new GraphView(canvas, status, legend);
    graph.selected((id) => (id ? void panel.open(id) : panel.close()));
    return graph;
  });
  // a chunk that failed to load (the server restarted with a new build) is asked for again next time
  graphLoading.catch(() => (graphLoading = null));
  return graphLoading;
}

let renderSeq = 0;
let lastView: ViewName | null = null;
async function render(): Promise<void> {
  const mine = ++renderSeq;
  const params = new URLSearchParams(location.search);
  setLang((params.get('lang') as Lang) === 'en' ? 'en' : 'zh');
  chrome();
  const view = currentView();
  const ctx: ViewContext = {
    graph: loadGraph,
    panel,
    side,
    tools,
    page: pageEl,
    params,
    setParams: (p) => go(view, p),
    open: (v, p = {}) => go(v in VIEWS ? (v as ViewName) : 'org', p),
    changed: () => {
      panel.close();
      forgetOverview();
    },
    board,
    useBoard: (on) => {
      board.hidden = !on;
      canvas.hidden = on;
      // the graph's tools and counts mean nothing beside a chart
      for (const el of [toolbar, status, legend]) el.hidden = on;
      if (on) graph?.show({ nodes: [], edges: [] }, { name: 'null' });
    },
  };
  if (view !== lastView) {
    // nothing of the last view stays under the new one's name, even when the database is down and it draws nothing
    board.replaceChildren();
    side.replaceChildren();
    tools.replaceChildren();
    ctx.useBoard(false);
    graph?.show({ nodes: [], edges: [] }, { name: 'null' });
    lastView = view;
  }
  const isPage = VIEWS[view].page;
  root.classList.toggle('page-view', isPage);
  if (!isPage) {
    pageEl.replaceChildren();
    // the canvas was out of the layout while a page was shown: Cytoscape measures it again
    graph?.cy.resize();
  }
  overlay.hidden = isPage;
  overlay.textContent = t('loading');
  delete root.dataset.rendered;
  try {
    await VIEWS[view].render(ctx);
    if (mine !== renderSeq) return;
    // the view has drawn what it first shows: tests and the benchmark wait for this
    root.dataset.rendered = view;
    if (isPage) return;
    overlay.hidden = true;
    if (board.hidden && !graph?.cy.nodes().length && side.childElementCount === 0) {
      overlay.hidden = false;
      overlay.textContent = t('empty');
    }
    const focus = params.get('focus');
    if (focus) {
      // a view drawn as HTML reveals the focus itself (the org chart opens and centres its card)
      if (board.hidden) {
        const g = await loadGraph();
        if (!g.has(focus)) await g.expand(focus);
        g.select(focus);
      }
      void panel.open(focus);
    }
  } catch (e) {
    if (mine !== renderSeq) return;
    const down = e instanceof ApiError && (e.status === 503 || e.status === 0);
    // the banner says the database is down; what the view has drawn stays readable, not covered by the message
    overlay.hidden = down && (board.childElementCount > 0 || Boolean(graph?.cy.nodes().length));
    overlay.textContent = down ? t('error.db') : `${t('error.generic')}: ${e instanceof Error ? e.message : String(e)}`;
    if (down) setTimeout(() => mine === renderSeq && void render(), 5000);
  }
}

onDatabaseState((down) => {
  banner.hidden = !down;
  banner.textContent = down ? t('error.db') : '';
});

langButton.addEventListener('click', () => {
  setLang(lang() === 'zh' ? 'en' : 'zh');
  go(currentView(), {}, true);
});

onTokenNeeded(tokenDialog());
const upload = h('span', {});
// what an upload did, until the next click: it must not vanish while the user reads the parser's message
const notice = h('div', { class: 'notice', role: 'status', hidden: true, 'data-testid': 'notice' });
notice.addEventListener('click', () => (notice.hidden = true));

// a result found from a page (导入) is shown in the organisation
const search = searchBox((r) => go(VIEWS[currentView()].page ? 'org' : currentView(), { focus: r.id }));

root.append(
  h('header', { class: 'top' }, title, nav, search, upload, langButton),
  banner,
  notice,
  h('div', { class: 'body' }, side, h('main', {}, tools, canvas, board, overlay), panelEl, pageEl),
  h('footer', {}, status, legend, toolbar),
);
const panel = new DetailsPanel(panelEl, { shown: () => !canvas.hidden, load: loadGraph });
// the benchmark (bench/bench.ts) and the browser tests draw large views through the same canvas
(window as unknown as { bureauGraph: typeof loadGraph }).bureauGraph = loadGraph;
window.addEventListener('popstate', () => void render());
if (!(viewSegment() in VIEWS)) history.replaceState(null, '', `${BASE}/overview${location.search}`);
void render();
