/**
 * The org chart drawn as HTML: unit boxes nested as the organisation nests, post cards in columns inside them,
 * reporting and 分管 lines drawn over them on demand, zoom, a table alternative and a print layout.
 */
import type { ChartPost, ChartResponse } from '../api.ts';
import { h } from '../dom.ts';
import { drawLines } from './lines.ts';
import {
  TILE_ZOOM,
  allUnits,
  chartTree,
  columnsThatFit,
  defaultOpen,
  gridColumns,
  isLeader,
  loadColour,
  loadText,
  pageIndexOf,
  pageOf,
  pathToRoot,
  staffOf,
  stepZoom,
  type UnitNode,
} from './model.ts';
import { postKind, s, unitKind } from './strings.ts';
import { chartTable } from './table.ts';
import './orgchart.css';

/** Cards a unit shows at once, and work items a card lists at once. */
export const CARDS_PER_PAGE = 24;
export const ITEMS_PER_PAGE = 10;
/** A card's width and the gap between cards, in CSS px at zoom 100 % (orgchart.css uses the same). */
const CARD_WIDTH = 212;
const CARD_GAP = 10;
/** What a unit box adds around its cards on each side (border and padding), per level of nesting. */
const BOX_INSET = 14;
const MAX_COLUMNS = 6;

/** What the user changed on a chart, kept while they move around the explorer (by the chart's root). */
export interface ChartState {
  open: Set<string>;
  /** the units the chart had when this state was made: a unit added since (an import) opens as it would at first */
  seen: Set<string>;
  /** the page of cards each unit shows, from 0 */
  pages: Map<string, number>;
  /** posts whose work items are listed, and the page of the list */
  itemsOpen: Set<string>;
  itemPages: Map<string, number>;
  zoom: number;
  lines: boolean;
  table: boolean;
}

export interface ChartActions {
  /** a post's card clicked: its details */
  openPost: (id: string) => void;
  /** "show only this unit": the chart re-rooted there */
  reRoot: (unitId: string) => void;
  /** the address that re-roots the chart at a unit, for the link's href */
  unitHref: (unitId: string) => string;
}

/** A new state for a chart: its first two levels open, at 100 %. */
export function initialState(root: UnitNode): ChartState {
  return {
    open: defaultOpen(root),
    seen: new Set(allUnits(root).map((n) => n.unit.id)),
    pages: new Map(),
    itemsOpen: new Set(),
    itemPages: new Map(),
    zoom: 1,
    lines: false,
    table: false,
  };
}

/** One chart on the board: draws itself again when the user opens, pages, zooms or switches to the table. */
export class OrgChart {
  readonly root: UnitNode;
  readonly el: HTMLElement;
  private viewport = h('div', { class: 'oc-viewport', tabindex: '0', role: 'region', 'data-testid': 'org-viewport' });
  private sizer = h('div', { class: 'oc-sizer' });
  private stage = h('div', { class: 'oc-stage', 'data-testid': 'org-stage' });
  private tree = h('div', { class: 'oc-tree' });
  // scrolled by keyboard too: focusable, and named
  private tableBox = h('div', { class: 'oc-table', 'data-testid': 'org-table', hidden: true, tabindex: '0', role: 'region' });
  private hint = h('p', { class: 'oc-hint', role: 'status' });
  private posts = new Map<string, ChartPost>();
  private unitOf = new Map<string, UnitNode>();
  private parentOf = new Map<string, string>();
  /** a short number for each unit and post, for the element ids that tie a button to what it opens */
  private serial = new Map<string, number>();
  /** the post or unit revealed by search, highlighted until the next reveal */
  private hit: { post: string | null; unit: string } | null = null;
  private onZoom: (z: number) => void = () => undefined;

  readonly state: ChartState;

  /** `state`: what the user did on this chart before, or null for a chart seen the first time. */
  constructor(
    readonly chart: ChartResponse,
    state: ChartState | null,
    private actions: ChartActions,
  ) {
    this.root = chartTree(chart);
    this.state = state ?? initialState(this.root);
    const opened = defaultOpen(this.root);
    for (const n of allUnits(this.root)) {
      if (!this.state.seen.has(n.unit.id)) {
        this.state.seen.add(n.unit.id);
        if (opened.has(n.unit.id)) this.state.open.add(n.unit.id);
      }
      this.unitOf.set(n.unit.id, n);
      this.serial.set(n.unit.id, this.serial.size);
      for (const c of n.children) this.parentOf.set(c.unit.id, n.unit.id);
      for (const p of n.posts) {
        this.posts.set(p.id, p);
        this.serial.set(p.id, this.serial.size);
      }
    }
    this.viewport.setAttribute('aria-label', s().chartLabel(this.root.unit.name));
    this.tableBox.setAttribute('aria-label', s().tableCaption(this.root.unit.name));
    this.stage.append(this.tree);
    this.sizer.append(this.stage);
    this.viewport.append(this.sizer);
    this.el = h('div', { class: 'oc-screen' }, this.hint, this.viewport, this.tableBox);
    this.viewport.addEventListener(
      'wheel',
      (e) => {
        if (!e.ctrlKey) return;
        e.preventDefault();
        this.zoomTo(stepZoom(this.state.zoom, e.deltaY < 0 ? 1 : -1), { x: e.clientX, y: e.clientY });
      },
      { passive: false },
    );
    new ResizeObserver(() => this.fitStage()).observe(this.viewport);
  }

  /** Tells `f` the zoom whenever it changes (the zoom control shows it). */
  zoomed(f: (z: number) => void): void {
    this.onZoom = f;
  }

  has(id: string): boolean {
    return this.posts.has(id) || this.unitOf.has(id);
  }

  /** Draws the chart (or its table) as the state says. */
  draw(): void {
    const t = s();
    const tiles = this.state.zoom < TILE_ZOOM;
    this.hint.textContent = tiles && !this.state.table ? t.tilesHint : '';
    this.hint.hidden = !tiles || this.state.table;
    this.viewport.hidden = this.state.table;
    this.tableBox.hidden = !this.state.table;
    if (this.state.table) {
      this.tableBox.replaceChildren(chartTable(this.chart, this.root));
      return;
    }
    this.tableBox.replaceChildren();
    const focused = (document.activeElement as HTMLElement | null)?.dataset.key;
    this.stage.classList.toggle('tiles', tiles);
    this.fitStage();
    this.tree.replaceChildren(tiles ? this.tile(this.root) : this.unitBox(this.root));
    if (focused) this.tree.querySelector<HTMLElement>(`[data-key="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
    this.redrawLines();
  }

  /** Opens every unit (all) or only the root (none). */
  setAllOpen(all: boolean): void {
    this.state.open = all ? new Set(this.unitOf.keys()) : new Set([this.root.unit.id]);
    this.draw();
  }

  showLines(on: boolean): void {
    this.state.lines = on;
    this.redrawLines();
  }

  showTable(on: boolean): void {
    this.state.table = on;
    this.draw();
  }

  /** Zooms to `z`, keeping the point under `at` (client coordinates) where it is, else the viewport's centre. */
  zoomTo(z: number, at?: { x: number; y: number }): void {
    const before = this.state.zoom;
    if (z === before) return;
    const box = this.viewport.getBoundingClientRect();
    const px = (at?.x ?? box.left + box.width / 2) - box.left;
    const py = (at?.y ?? box.top + box.height / 2) - box.top;
    const cx = (this.viewport.scrollLeft + px) / before;
    const cy = (this.viewport.scrollTop + py) / before;
    const modeChanged = before < TILE_ZOOM !== z < TILE_ZOOM;
    this.state.zoom = z;
    if (modeChanged) this.draw();
    else this.fitStage();
    this.viewport.scrollLeft = cx * z - px;
    this.viewport.scrollTop = cy * z - py;
    this.onZoom(z);
    this.redrawLines();
  }

  /**
   * Shows a post (or a unit): its units opened from the root down, its page of cards, cards (not tiles) on screen,
   * scrolled to the middle of the viewport and highlighted with the boxes on its path. False when it is not here.
   */
  reveal(id: string): boolean {
    const post = this.posts.get(id);
    const unit = post ? post.unit : this.unitOf.has(id) ? id : null;
    if (unit === null) return false;
    const path = pathToRoot(this.root, unit);
    for (const u of post ? path : path.slice(0, -1)) this.state.open.add(u);
    if (post) {
      const node = this.unitOf.get(unit)!;
      this.state.pages.set(unit, pageIndexOf(node.posts.indexOf(post), CARDS_PER_PAGE));
    }
    this.state.table = false;
    this.hit = { post: post ? post.id : null, unit };
    if (this.state.zoom < TILE_ZOOM) {
      this.state.zoom = 1;
      this.onZoom(1);
    }
    this.draw();
    const target = post ? this.cardEl(post.id) : this.unitEl(unit);
    target?.scrollIntoView({ block: 'center', inline: 'center' });
    return true;
  }

  /** The stage laid out as wide as the viewport at this zoom, scaled, and the sizer as large as the scaled stage. */
  private fitStage(): void {
    const z = this.state.zoom;
    const width = Math.max(320, this.viewport.clientWidth / z);
    this.stage.style.width = `${width}px`;
    this.stage.style.transform = `scale(${z})`;
    this.sizer.style.width = `${this.stage.offsetWidth * z}px`;
    this.sizer.style.height = `${this.stage.offsetHeight * z}px`;
  }

  private cardEl(post: string): HTMLElement | null {
    return this.tree.querySelector<HTMLElement>(`[data-post="${CSS.escape(post)}"]`);
  }

  private unitEl(unit: string): HTMLElement | null {
    return this.tree.querySelector<HTMLElement>(`[data-unit="${CSS.escape(unit)}"]`);
  }

  /** Lines over the chart when they are on; after the layout settles, since they follow the boxes. */
  private redrawLines(): void {
    this.stage.querySelector('svg.oc-lines')?.remove();
    if (!this.state.lines || this.state.table) return;
    this.fitStage();
    const svg = drawLines(
      this.stage,
      this.chart,
      this.state.zoom,
      (post) => this.anchor(post),
      (unit) => this.unitAnchor(unit),
    );
    this.stage.append(svg);
  }

  /** Where a line to or from a post ends: its card if drawn, else the box of the nearest drawn unit above it. */
  private anchor(post: string): HTMLElement | null {
    const card = this.cardEl(post);
    if (card) return card;
    const p = this.posts.get(post);
    return p ? this.unitAnchor(p.unit) : null;
  }

  /** The head of a unit's box if drawn, else of the nearest drawn unit above it. */
  private unitAnchor(unit: string): HTMLElement | null {
    for (let u: string | undefined = unit; u !== undefined; u = this.parentOf.get(u)) {
      const el = this.unitEl(u)?.querySelector<HTMLElement>(':scope > .oc-unit-head, :scope > .oc-tile-head');
      if (el) return el;
    }
    return null;
  }

  private heading(depth: number, id: string, text: string): HTMLElement {
    const level = Math.min(6, depth + 2) as 2 | 3 | 4 | 5 | 6;
    return h(`h${level}`, { id, class: 'oc-unit-name' }, text);
  }

  /** The posts overseeing unit `n` (分管), as "title（leads）". */
  private overseers(n: UnitNode): string[] {
    return this.chart.oversight
      .filter((o) => o.unit === n.unit.id)
      .map((o) => this.posts.get(o.post))
      .filter((p): p is ChartPost => p !== undefined)
      .map((p) => {
        const { leads } = staffOf(p);
        return leads.length ? `${p.title}（${leads.join('、')}）` : p.title;
      });
  }

  private loadChip(load: number, extraClass = ''): HTMLElement {
    const t = s();
    const label = t.loadOf(loadText(load), loadText(this.chart.maxLoad));
    return h(
      'span',
      { class: `oc-load ${extraClass}`.trim(), style: `--load: ${loadColour(load, this.chart.maxLoad)}`, title: label, 'aria-label': label, role: 'img' },
      `${t.load} ${loadText(load)}`,
    );
  }

  /** A unit's box: its head (name, kind, counts, load, toggle) and, when open, its cards and the units under it. */
  private unitBox(n: UnitNode): HTMLElement {
    const t = s();
    const id = n.unit.id;
    const open = this.state.open.has(id);
    const domId = `oc-u-${this.serial.get(id)}`;
    const onPath = this.hit !== null && pathToRoot(this.root, this.hit.unit).includes(id);
    const toggle = h(
      'button',
      {
        class: 'oc-toggle',
        type: 'button',
        'aria-expanded': open ? 'true' : 'false',
        'aria-label': open ? t.collapse(n.unit.name) : t.expand(n.unit.name),
        'data-key': `toggle:${id}`,
        'data-testid': 'unit-toggle',
        onclick: () => {
          if (this.state.open.has(id)) this.state.open.delete(id);
          else this.state.open.add(id);
          this.draw();
        },
      },
      open ? '▾' : '▸',
    );
    if (open) toggle.setAttribute('aria-controls', `${domId}-body`);
    const overseers = this.overseers(n);
    // a unit known only from 分管 or a remark (a section) holds nothing to open: its name and who oversees it
    const empty = n.posts.length === 0 && n.children.length === 0;
    const head = h(
      'header',
      { class: 'oc-unit-head' },
      empty ? null : toggle,
      this.heading(n.depth, `${domId}-name`, n.unit.name),
      h('span', { class: `oc-kind kind-${n.unit.kind}` }, unitKind(n.unit.kind)),
      empty ? null : h('span', { class: 'oc-counts' }, t.posts(n.totalPosts), n.totalVacant ? ` · ${t.vacantCount(n.totalVacant)}` : ''),
      n.totalPosts ? this.loadChip(n.load) : null,
      n.depth > 0 && !empty
        ? h(
            'a',
            {
              class: 'oc-only',
              href: this.actions.unitHref(id),
              'data-key': `only:${id}`,
              onclick: (e: Event) => (e.preventDefault(), this.actions.reRoot(id)),
            },
            t.onlyThis,
          )
        : null,
      overseers.length ? h('p', { class: 'oc-overseen' }, `${t.overseenBy}：${overseers.join('；')}`) : null,
    );
    const box = h(
      'section',
      {
        class: `oc-unit kind-${n.unit.kind} depth-${Math.min(n.depth, 3)}${open ? ' open' : ''}${empty ? ' empty' : ''}${onPath ? ' oc-path' : ''}`,
        'data-unit': id,
        'data-testid': 'org-unit',
        'aria-labelledby': `${domId}-name`,
      },
      head,
    );
    if (empty) box.title = t.noPosts;
    if (!open || empty) return box;
    const body = h('div', { class: 'oc-unit-body', id: `${domId}-body` });
    const page = pageOf(n.posts, this.state.pages.get(id) ?? 0, CARDS_PER_PAGE);
    const leaders = page.items.filter(isLeader);
    const staff = page.items.filter((p) => !isLeader(p));
    const maxCols = Math.min(MAX_COLUMNS, columnsThatFit(this.stageWidth() - 2 * BOX_INSET * (n.depth + 1), CARD_WIDTH, CARD_GAP));
    const grid = (posts: ChartPost[], cls: string) =>
      h('div', { class: `oc-cards ${cls}`, style: `--cols: ${gridColumns(posts.length, maxCols)}` }, ...posts.map((p) => this.card(p)));
    if (leaders.length) body.append(grid(leaders, 'oc-leaders'));
    if (staff.length) body.append(grid(staff, 'oc-staff'));
    if (page.pages > 1) body.append(this.pager(id, page.page, page.pages, n.posts.length));
    if (n.children.length) body.append(h('div', { class: 'oc-children' }, ...n.children.map((c) => this.unitBox(c))));
    box.append(body);
    return box;
  }

  private stageWidth(): number {
    return parseFloat(this.stage.style.width) || this.viewport.clientWidth || 1000;
  }

  /** Previous and next page of a unit's cards. */
  private pager(unit: string, page: number, pages: number, count: number): HTMLElement {
    const t = s();
    const go = (to: number) => () => {
      this.state.pages.set(unit, to);
      this.draw();
    };
    return h(
      'nav',
      { class: 'oc-pager', 'aria-label': t.cardsPage(page + 1, pages, count) },
      h('button', { type: 'button', 'data-key': `prev:${unit}`, disabled: page === 0, onclick: go(page - 1) }, `‹ ${t.prev}`),
      h('span', { 'data-testid': 'cards-page' }, t.cardsPage(page + 1, pages, count)),
      h('button', { type: 'button', 'data-key': `next:${unit}`, disabled: page >= pages - 1, onclick: go(page + 1) }, `${t.next} ›`),
    );
  }

  /** A post's card: title, leads and assistants, its work items (listed on demand, a page at a time), vacancy, load. */
  private card(p: ChartPost): HTMLElement {
    const t = s();
    const { leads, assistants } = staffOf(p);
    const hit = this.hit?.post === p.id;
    const people = (label: string, names: string[], cls: string) =>
      names.length ? h('p', { class: `oc-people ${cls}` }, h('span', { class: 'oc-role' }, label), ' ', names.join('、')) : null;
    const card = h(
      'article',
      {
        class: `oc-card${p.vacant ? ' vacant' : ''}${isLeader(p) ? ' leader' : ''}${hit ? ' oc-hit' : ''}`,
        'data-post': p.id,
        'data-testid': 'post-card',
        style: `--load: ${loadColour(p.load, this.chart.maxLoad)}`,
        onclick: (e: Event) => {
          if (!(e.target as HTMLElement).closest('button, a')) this.actions.openPost(p.id);
        },
      },
      h(
        'div',
        { class: 'oc-card-top' },
        isLeader(p) ? h('span', { class: 'oc-post-kind' }, postKind(p.kind)) : null,
        p.vacant ? h('span', { class: 'oc-vacant-mark', 'data-testid': 'vacant-mark' }, t.vacantPost) : null,
        p.unplaced ? h('span', { class: 'oc-unplaced-mark' }, t.unplaced) : null,
        this.loadChip(p.load, 'oc-card-load'),
      ),
      h('button', { class: 'oc-card-title', type: 'button', 'data-key': `title:${p.id}`, onclick: () => this.actions.openPost(p.id) }, p.title),
      people(t.leads, leads, 'leads'),
      people(t.assistants, assistants, 'assistants'),
      !p.vacant && !leads.length && !assistants.length ? h('p', { class: 'oc-people none' }, t.nobody) : null,
      this.itemList(p),
    );
    if (hit) card.setAttribute('aria-current', 'true');
    return card;
  }

  /** "N 项工作事项" with a toggle; open, the titles ITEMS_PER_PAGE at a time. */
  private itemList(p: ChartPost): HTMLElement {
    const t = s();
    const open = this.state.itemsOpen.has(p.id);
    const listId = `oc-items-${this.serial.get(p.id)}`;
    const toggle = h(
      'button',
      {
        class: 'oc-items-toggle',
        type: 'button',
        'aria-expanded': open ? 'true' : 'false',
        'data-key': `items:${p.id}`,
        'data-testid': 'items-toggle',
        disabled: p.items.length === 0,
        onclick: () => {
          if (open) this.state.itemsOpen.delete(p.id);
          else this.state.itemsOpen.add(p.id);
          this.draw();
        },
      },
      `${open ? '▾' : '▸'} ${t.items(p.items.length)}`,
    );
    const box = h('div', { class: 'oc-items' }, toggle);
    if (!open) return box;
    toggle.setAttribute('aria-controls', listId);
    const page = pageOf(p.items, this.state.itemPages.get(p.id) ?? 0, ITEMS_PER_PAGE);
    box.append(
      h(
        'ol',
        { id: listId, start: String(page.page * ITEMS_PER_PAGE + 1), 'data-testid': 'items-list' },
        ...page.items.map((title) => h('li', {}, title || '—')),
      ),
    );
    if (page.pages > 1) {
      const go = (to: number) => () => {
        this.state.itemPages.set(p.id, to);
        this.draw();
      };
      box.append(
        h(
          'nav',
          { class: 'oc-pager small', 'aria-label': t.page(page.page + 1, page.pages) },
          h('button', { type: 'button', 'data-key': `iprev:${p.id}`, disabled: page.page === 0, onclick: go(page.page - 1), 'aria-label': t.prev }, '‹'),
          h('span', {}, t.page(page.page + 1, page.pages)),
          h(
            'button',
            { type: 'button', 'data-key': `inext:${p.id}`, disabled: page.page >= page.pages - 1, onclick: go(page.page + 1), 'aria-label': t.next },
            '›',
          ),
        ),
      );
    }
    return box;
  }

  /** Zoomed out: a unit as a tile coloured by its load, its name large, the units under it as smaller tiles. */
  private tile(n: UnitNode): HTMLElement {
    const t = s();
    const id = n.unit.id;
    const onPath = this.hit !== null && pathToRoot(this.root, this.hit.unit).includes(id);
    return h(
      'section',
      {
        class: `oc-tile depth-${Math.min(n.depth, 3)}${onPath ? ' oc-path' : ''}`,
        'data-unit': id,
        'data-testid': 'org-tile',
        style: `--load: ${loadColour(n.load, this.chart.maxLoad)}`,
      },
      h(
        'header',
        { class: 'oc-tile-head' },
        h(
          'button',
          {
            class: 'oc-tile-name',
            type: 'button',
            'data-key': `tile:${id}`,
            onclick: () => {
              this.state.open.add(id);
              this.reveal(id);
            },
          },
          n.unit.name,
        ),
        h(
          'span',
          { class: 'oc-tile-facts' },
          `${unitKind(n.unit.kind)} · ${t.posts(n.totalPosts)}${n.totalVacant ? ` · ${t.vacantCount(n.totalVacant)}` : ''} · ${t.load} ${loadText(n.load)}`,
        ),
      ),
      n.children.length ? h('div', { class: 'oc-children' }, ...n.children.map((c) => this.tile(c))) : null,
    );
  }
}
