/** The regions and bureaus of the graph, to pick a bureau from: the side of every view that works on one bureau. */
import { Virtualizer, defaultRangeExtractor, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';
import { api, type OverviewResponse } from './api.ts';
import { h } from './dom.ts';
import { strings } from './i18n.ts';
import './overview.css';

const s = strings(
  {
    noRegion: '未标明地区',
    filter: '筛选单位或地区',
    tree: '地区和单位',
    all: (n: number) => `全部单位（${n}）`,
    shown: (n: number, total: number) => (n === total ? `${total} 个单位` : `${n} / ${total} 个单位`),
    none: '没有匹配的单位',
    empty: '还没有单位',
    posts: (n: number) => `${n} 岗`,
    bureaus: (n: number) => `${n} 个单位`,
    city: '市',
    district: '区县',
  },
  {
    noRegion: 'No region in name',
    filter: 'Filter bureaus or regions',
    tree: 'Regions and bureaus',
    all: (n: number) => `All bureaus (${n})`,
    shown: (n: number, total: number) => (n === total ? `${total} bureaus` : `${n} of ${total} bureaus`),
    none: 'No bureau matches',
    empty: 'No bureaus yet',
    posts: (n: number) => `${n} ${n === 1 ? 'post' : 'posts'}`,
    bureaus: (n: number) => `${n} ${n === 1 ? 'bureau' : 'bureaus'}`,
    city: 'city',
    district: 'district',
  },
);

export type OverviewRegion = OverviewResponse['regions'][number];

/** How long the overview is reused: views render again on every navigation, the graph changes only on an import. */
const FRESH_MS = 10_000;
let cached: { at: number; data: Promise<OverviewResponse> } | null = null;

/**
 * The overview (regions, bureaus and their counts), fetched once per 10 s and shared by the tree and the overview.
 * An empty graph or a failure is not kept: the next import, or the database coming back, must show at once.
 */
export function overviewData(now = Date.now()): Promise<OverviewResponse> {
  if (cached && now - cached.at < FRESH_MS) return cached.data;
  const data = api<OverviewResponse>('/api/overview');
  const entry = { at: now, data };
  cached = entry;
  data.then(
    (r) => r.totals.bureaus === 0 && cached === entry && (cached = null),
    () => cached === entry && (cached = null),
  );
  return data;
}

/** Forgets the kept overview: to be called when an import changed the graph. */
export function forgetOverview(): void {
  cached = null;
}

/** A region's name as shown: its name, or 未标明地区 when the bureaus' names give none. */
export function regionLabel(name: string | null): string {
  return name ?? s().noRegion;
}

/** The key a region is remembered by (expanded or not); '' for the bureaus without a region. */
export const regionKey = (name: string | null): string => name ?? '';

export type TreeRow =
  | { kind: 'region'; key: string; label: string; level: OverviewRegion['level']; bureaus: number; posts: number; expanded: boolean }
  | { kind: 'bureau'; id: string; name: string; posts: number; region: string; selected: boolean };

/** Lower-cased, without spaces: a filter matches however the name is spaced or cased. */
const fold = (text: string) => text.replace(/\s+/g, '').toLowerCase();

/** Whether `text` contains `query` (case and spaces aside); an empty query matches everything. */
export function matches(text: string, query: string): boolean {
  return fold(text).includes(fold(query));
}

/**
 * The tree's rows in order: each region, then its bureaus when it is expanded. A filter keeps the regions whose name
 * matches (with all their bureaus) and the bureaus whose name matches (under their region); a region's counts are of
 * the bureaus kept.
 */
export function treeRows(
  r: Pick<OverviewResponse, 'regions'>,
  o: { filter?: string; collapsed?: ReadonlySet<string>; selected?: string | null } = {},
): TreeRow[] {
  const query = fold(o.filter ?? '');
  const rows: TreeRow[] = [];
  for (const g of r.regions) {
    const label = regionLabel(g.name);
    const key = regionKey(g.name);
    const kept = query === '' || matches(label, query) ? g.bureaus : g.bureaus.filter((b) => matches(b.name, query));
    if (kept.length === 0) continue;
    const expanded = !o.collapsed?.has(key);
    rows.push({ kind: 'region', key, label, level: g.level, bureaus: kept.length, posts: kept.reduce((n, b) => n + b.posts, 0), expanded });
    if (expanded) for (const b of kept) rows.push({ kind: 'bureau', id: b.id, name: b.name, posts: b.posts, region: key, selected: b.id === o.selected });
  }
  return rows;
}

/** The row to go to from `at` on a key of the tree (WAI-ARIA tree pattern), or null when the key does not move. */
export function nextRow(rows: TreeRow[], at: number, key: string): number | null {
  const row = rows[at];
  if (!row) return rows.length ? 0 : null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(at + 1, rows.length - 1);
    case 'ArrowUp':
      return Math.max(at - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return rows.length - 1;
    case 'ArrowRight':
      return row.kind === 'region' && row.expanded && rows[at + 1]?.kind === 'bureau' ? at + 1 : null;
    case 'ArrowLeft':
      if (row.kind === 'bureau') {
        for (let i = at - 1; i >= 0; i--) if (rows[i]!.kind === 'region') return i;
      }
      return null;
    default:
      return null;
  }
}

const rowKey = (row: TreeRow) => (row.kind === 'region' ? `r:${row.key}` : `b:${row.id}`);

/** What is remembered between renders of the page: views draw the tree again on every navigation. */
const memory = { filter: '', collapsed: new Set<string>(), offset: 0, active: null as string | null };
/**
 * Trees drawn so far, to stop their observers once they have left the page. A tree that has not been shown yet is
 * kept: renders overlap, and the one that ends last may not be the one created last.
 */
let drawn: { el: HTMLElement; shown: () => boolean; unmount: () => void }[] = [];

/** Height of a row in pixels: rows are one line, so none needs measuring. */
const ROW_PX = 28;

/**
 * The tree of regions → bureaus with their counts, a filter, and a virtual list (only the rows in sight are in the
 * page), so a thousand bureaus scroll smoothly; the selected bureau is highlighted and scrolled into view.
 */
export async function navTree(opts: NavTreeOptions): Promise<HTMLElement> {
  const data = await overviewData();
  for (const t of drawn) if (t.shown() && !t.el.isConnected) t.unmount();
  drawn = drawn.filter((t) => !(t.shown() && !t.el.isConnected));
  // where the list was scrolled to when the view last drew it (its first layout would overwrite it)
  const lastOffset = memory.offset;
  const total = data.totals.bureaus;
  const regionOfSelected = data.regions.find((g) => g.bureaus.some((b) => b.id === opts.selected));
  if (regionOfSelected) memory.collapsed.delete(regionKey(regionOfSelected.name));
  let rows: TreeRow[] = [];
  // the row that takes the tab stop (roving tabindex), by key, so it survives a filter or a collapse
  let active = opts.selected ? `b:${opts.selected}` : memory.active;
  const activeIndex = () =>
    Math.max(
      0,
      rows.findIndex((r) => rowKey(r) === active),
    );

  const filter = h('input', {
    type: 'search',
    class: 'nav-filter',
    placeholder: s().filter,
    'aria-label': s().filter,
    'data-testid': 'nav-filter',
  });
  filter.value = memory.filter;
  const count = h('p', { class: 'nav-count muted', role: 'status', 'data-testid': 'nav-count' });
  const spacer = h('div', { class: 'nav-space', role: 'none' });
  const scroller = h('div', { class: 'nav-scroll', role: 'tree', 'aria-label': s().tree, 'data-testid': 'nav-rows' }, spacer);
  const allButton = h(
    'button',
    { class: 'nav-all', 'aria-pressed': opts.selected === null ? 'true' : 'false', 'data-testid': 'nav-all', onclick: () => opts.onPick(null) },
    s().all(total),
  );
  // nothing imported yet: nothing to filter or pick, only the count saying so
  const el = h('div', { class: 'nav-tree', 'data-testid': 'nav-tree' }, ...(total === 0 ? [count] : [filter, allButton, count, scroller]));

  let pending: { index: number } | { offset: number } | null = null;
  let shownOnce = false;
  const v = new Virtualizer<HTMLDivElement, HTMLDivElement>({
    count: 0,
    getScrollElement: () => scroller,
    estimateSize: () => ROW_PX,
    overscan: 6,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    getItemKey: (i) => (rows[i] ? rowKey(rows[i]) : i),
    // the row holding the tab stop stays in the page even when scrolled away, so focus is never lost with it
    rangeExtractor: (range) => {
      const list = defaultRangeExtractor(range);
      const a = activeIndex();
      if (a < range.count && !list.includes(a)) list.push(a);
      return list.sort((x, y) => x - y);
    },
    onChange: () => {
      if (scroller.clientHeight > 0) shownOnce = true;
      // the tree is built before it is in the page: where to scroll waits until it has a height
      if (pending && scroller.clientHeight > 0) {
        const to = pending;
        pending = null;
        if ('index' in to) v.scrollToIndex(to.index, { align: 'center' });
        else v.scrollToOffset(to.offset);
      }
      if (!pending) memory.offset = v.scrollOffset ?? 0;
      draw();
    },
  });

  /** Row elements by key, reused while the rows stay the same so a focused row keeps its focus while scrolling. */
  let made = new Map<string, HTMLDivElement>();
  function rowElement(row: TreeRow, index: number): HTMLDivElement {
    const common = {
      role: 'treeitem',
      id: `nav-row-${index}`,
      'aria-setsize': String(rows.length),
      'aria-posinset': String(index + 1),
      'data-index': String(index),
    };
    if (row.kind === 'region')
      return h(
        'div',
        { ...common, class: 'nav-row nav-region', 'aria-level': '1', 'aria-expanded': String(row.expanded), 'data-testid': 'nav-region' },
        h('span', { class: 'nav-caret', 'aria-hidden': 'true' }, row.expanded ? '▾' : '▸'),
        h('span', { class: 'nav-name' }, row.label),
        h('span', { class: 'nav-n' }, s().bureaus(row.bureaus)),
      );
    return h(
      'div',
      {
        ...common,
        class: `nav-row nav-bureau${row.selected ? ' active' : ''}`,
        'aria-level': '2',
        'aria-selected': String(row.selected),
        'data-testid': 'nav-bureau',
        'data-id': row.id,
        title: row.name,
      },
      h('span', { class: 'nav-name' }, row.name),
      h('span', { class: 'nav-n' }, s().posts(row.posts)),
    );
  }

  function draw(): void {
    spacer.style.height = `${v.getTotalSize()}px`;
    const a = activeIndex();
    const want = v.getVirtualItems().flatMap((item) => {
      const row = rows[item.index];
      if (!row) return [];
      const key = rowKey(row);
      const e = made.get(key) ?? rowElement(row, item.index);
      e.style.transform = `translateY(${item.start}px)`;
      e.tabIndex = item.index === a ? 0 : -1;
      return [[key, e] as const];
    });
    const keep = new Map(want);
    for (const [key, e] of made) if (!keep.has(key)) e.remove();
    made = keep;
    // new rows go in order among the kept ones, which are not moved (moving a focused element would blur it)
    let cursor = spacer.firstElementChild;
    for (const [, e] of want) {
      if (e === cursor) cursor = cursor.nextElementSibling;
      else spacer.insertBefore(e, cursor);
    }
  }

  /** Builds the rows again (a filter, a region opened or closed) and draws them afresh. */
  function rebuild(focus = false): void {
    rows = treeRows(data, { filter: memory.filter, collapsed: memory.collapsed, selected: opts.selected });
    const shown = rows.reduce((n, r) => n + (r.kind === 'region' ? r.bureaus : 0), 0);
    count.textContent = total === 0 ? s().empty : rows.length ? s().shown(shown, total) : s().none;
    for (const e of made.values()) e.remove();
    made = new Map();
    v.setOptions({ ...v.options, count: rows.length });
    v.measure();
    draw();
    if (focus) focusActive();
  }

  function focusActive(): void {
    const i = activeIndex();
    v.scrollToIndex(i, { align: 'auto' });
    draw();
    const row = rows[i];
    if (row) made.get(rowKey(row))?.focus({ preventScroll: true });
  }

  function activate(row: TreeRow): void {
    active = rowKey(row);
    memory.active = active;
    if (row.kind === 'bureau') {
      opts.onPick(row.id);
      return;
    }
    if (row.expanded) memory.collapsed.add(row.key);
    else memory.collapsed.delete(row.key);
    rebuild(true);
  }

  const rowAt = (e: Event) => {
    const target = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    return target ? Number(target.dataset.index) : null;
  };
  scroller.addEventListener('click', (e) => {
    const i = rowAt(e);
    if (i !== null && rows[i]) activate(rows[i]);
  });
  scroller.addEventListener('keydown', (e) => {
    const i = rowAt(e);
    if (i === null) return;
    const row = rows[i]!;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(row);
      return;
    }
    if (row.kind === 'region' && ((e.key === 'ArrowRight' && !row.expanded) || (e.key === 'ArrowLeft' && row.expanded))) {
      e.preventDefault();
      activate(row);
      return;
    }
    const to = nextRow(rows, i, e.key);
    if (to === null) return;
    e.preventDefault();
    active = rowKey(rows[to]!);
    memory.active = active;
    focusActive();
  });
  filter.addEventListener('input', () => {
    memory.filter = filter.value;
    // a new filter shows every region it keeps opened
    memory.collapsed.clear();
    rebuild();
    v.scrollToOffset(0);
  });

  const unmount = v._didMount();
  v._willUpdate();
  rebuild();
  pending = opts.selected && rows.some((r) => rowKey(r) === active) ? { index: activeIndex() } : { offset: lastOffset };
  drawn.push({ el, shown: () => scroller.clientHeight > 0 || shownOnce, unmount });
  return el;
}

export interface NavTreeOptions {
  /** the bureau shown now (its unit id), or null */
  selected: string | null;
  /** a bureau picked (its unit id), or null for all */
  onPick: (bureauId: string | null) => void;
}
