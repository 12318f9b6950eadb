/**
 * 职责重复: the duplicated duties a 编办 works through. Pairs filtered by score, scope, grain and review mark; the
 * chosen pair's two texts side by side with their differences, figures and shared phrases, and the buttons that mark
 * it (admin token); clusters marked as a whole; the 职责边界清单 to download; and the marks a re-import orphaned.
 */
import {
  BASE,
  api,
  enc,
  postJson,
  type DupPair,
  type DuplicateMatrixResponse,
  type DuplicatesResponse,
  type GraphResponse,
  type MarkRequest,
  type MarkResponse,
  type ReviewsResponse,
  type Segment,
} from '../api.ts';
import { groupPairs, matrixCells, pairBetween, regionMatrix, regionPairs, type PairGroup, type RegionPairs } from '../analyses/duplicates-data.ts';
import { prefetchCharts } from '../charts.ts';
import { chartBox, clip, drawChart, esc, pickButton, tableAlternative } from '../analyses/ui.ts';
import { h } from '../dom.ts';
import { mergeElements, plainElements, type Elements } from '../elements.ts';
import { lang, strings, t, tf } from '../i18n.ts';
import type { ViewContext } from './context.ts';

type Verdict = MarkRequest['verdict'];
type Review = ReviewsResponse['reviews'][number];
type Cluster = DuplicatesResponse['clusters'][number];

const GRAINS = ['statement', 'post'] as const;
const MARKS = ['unmarked', 'duplicate', 'not-duplicate'] as const;
const REASONS = ['meaning', 'meaning-and-words', 'words', 'housekeeping'] as const;
const SCOPES = ['cross-bureau', 'bureau-centre', 'same-bureau'] as const;
/** how many characters of a text the list shows */
const SHORT = 26;
/** a cluster of two places is one pair of the list; groups of more are listed as clusters */
const CLUSTER_MIN = 3;

const s = strings(
  {
    matrix: '单位 × 单位：可能重复的职责对数',
    matrixLabel: (owners: number, pairs: number) => `单位与单位之间可能重复的职责对数热力图：${owners} 个单位与中心，共 ${pairs} 对`,
    matrixHint: '点击一格，列表只显示这两个单位之间的职责对',
    owners: '单位之间',
    pairs: '职责对',
    confirmed: '已确认重复',
    rejected: '不是重复',
    cellTip: (a: string, b: string, n: number, confirmed: number, rejected: number) => `${a} ↔ ${b}：${n} 对（已确认 ${confirmed}，已否定 ${rejected}）`,
    within: (a: string) => `${a} 内部`,
    filtered: (a: string, b: string, n: number) => `只显示 ${a} ↔ ${b} 之间的 ${n} 对`,
    clearFilter: '显示全部',
    cluster: (n: number) => `群组 ${n}`,
    backToMatrix: '返回矩阵',
    centre: '中心',
    bureau: '局',
    region: '区域',
    noRegion: '名称中无地区',
    regionOption: (r: string, n: number) => `${r}（${n} 对）`,
    inRegion: (r: string, listed: number, all: number, cut: boolean) =>
      `${r}：有一方在本区域的 ${all} 对${cut ? `，列出得分最高的 ${listed} 对` : listed !== all ? `，按当前条件列出 ${listed} 对` : ''}（在矩阵上方换区域）`,
    byRegion: (owners: number, regions: number) => `${owners} 个单位与中心分布在 ${regions} 个区域：矩阵一次显示一个区域，及与其有重复职责的区外单位`,
  },
  {
    matrix: 'Bureau × bureau: likely duplicate pairs',
    matrixLabel: (owners: number, pairs: number) => `Heatmap of likely duplicate pairs between bureaus and centres: ${owners} of them, ${pairs} pairs`,
    matrixHint: 'Click a cell to list only the pairs between those two',
    owners: 'Between',
    pairs: 'Pairs',
    confirmed: 'Confirmed',
    rejected: 'Rejected',
    cellTip: (a: string, b: string, n: number, confirmed: number, rejected: number) =>
      `${a} ↔ ${b}: ${n} ${n === 1 ? 'pair' : 'pairs'} (${confirmed} confirmed, ${rejected} rejected)`,
    within: (a: string) => `within ${a}`,
    filtered: (a: string, b: string, n: number) => `Only the ${n} ${n === 1 ? 'pair' : 'pairs'} between ${a} and ${b}`,
    clearFilter: 'Show all',
    cluster: (n: number) => `group ${n}`,
    backToMatrix: 'Back to the matrix',
    centre: 'centre',
    bureau: 'bureau',
    region: 'Region',
    noRegion: 'no region in the name',
    regionOption: (r: string, n: number) => `${r} (${n} ${n === 1 ? 'pair' : 'pairs'})`,
    inRegion: (r: string, listed: number, all: number, cut: boolean) =>
      `${r}: ${all} ${all === 1 ? 'pair' : 'pairs'} with a side in this region${cut ? `, the best ${listed} listed` : listed !== all ? `, ${listed} under the filters set` : ''} (another region above the matrix)`,
    byRegion: (owners: number, regions: number) =>
      `${owners} bureaus and centres in ${regions} regions: the matrix shows one region at a time, with those outside it that share pairs with it`,
  },
);

/** the most pairs the list asks for */
const LIST_LIMIT = 500;
/** more owners than this, and the matrix is shown a region at a time */
const MATRIX_OWNERS = 30;
/** the value of the region menu for the owners whose names give no region */
const NO_REGION = '-';

/** whether the clusters are shown: kept while the page lives, so that marking a cluster leaves them open */
let clustersOpen = false;

/** The filters, as kept in the URL. */
interface Filters {
  min: number;
  cross: boolean;
  grain: (typeof GRAINS)[number] | null;
  mark: (typeof MARKS)[number] | null;
  /** housekeeping pairs too (show=all) */
  all: boolean;
  /** only the pairs between these two owners (bureaus or centres, by id): a cell of the matrix (da, db) */
  owners: [string, string] | null;
}

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | null => (list.includes(v as T) ? (v as T) : null);

function filtersOf(p: URLSearchParams): Filters {
  const min = Number(p.get('min') ?? '0');
  return {
    min: Number.isFinite(min) ? Math.min(1, Math.max(0, min)) : 0,
    cross: p.get('cross') === '1',
    grain: oneOf(GRAINS, p.get('grain')),
    mark: oneOf(MARKS, p.get('mark')),
    all: p.get('all') === '1',
    owners: p.get('da') && p.get('db') ? [p.get('da')!, p.get('db')!] : null,
  };
}

/** The list's query: a cell's pairs when one is picked, else those of the region shown (null: the owners whose names give none). */
function query(f: Filters, region?: string | null): string {
  const q = new URLSearchParams({ minScore: String(f.min), limit: String(LIST_LIMIT), crossBureauOnly: String(f.cross), show: f.all ? 'all' : 'likely' });
  if (f.grain) q.set('grain', f.grain);
  if (f.mark) q.set('mark', f.mark);
  // a cell of the matrix: its own pairs, however far down the whole list they rank
  if (f.owners) {
    q.set('ownerA', f.owners[0]);
    q.set('ownerB', f.owners[1]);
  } else if (region !== undefined) q.set('region', region ?? NO_REGION);
  return `/api/duplicates?${q}`;
}

const short = (text: string) => ([...text].length > SHORT ? `${[...text].slice(0, SHORT).join('')}…` : text);
// a reason or scope the client does not know yet is shown as the server wrote it
const reasonText = (r: string) => {
  const k = oneOf(REASONS, r);
  return k ? t(`dup.reason.${k}`) : r;
};
const scopeText = (s: string) => {
  const k = oneOf(SCOPES, s);
  return k ? t(`dup.scope.${k}`) : s;
};
const grainText = (g: DupPair['grain']) => t(`dup.grain.${g}`);
const when = (iso: string) => new Date(iso).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });

function badge(verdict: 'duplicate' | 'not-duplicate'): HTMLElement {
  return h('span', { class: `badge ${verdict}`, 'data-testid': 'mark-badge', 'data-verdict': verdict }, t(`dup.mark.${verdict}`));
}

const marked = (segs: Segment[]) => h('p', { class: 'dup-text' }, ...segs.map((s) => (s.differs ? h('mark', {}, s.text) : s.text)));

/** Sends marks; the server says how many pairs it marked. A refused token or a bad key is thrown as an ApiError. */
function mark(keys: string[], verdict: Verdict, note = ''): Promise<MarkResponse> {
  return postJson<MarkResponse>('/api/duplicates/marks', { keys, verdict, note } satisfies MarkRequest);
}

// ---- the toolbar

function toolbar(ctx: ViewContext, f: Filters, r: DuplicatesResponse): HTMLElement[] {
  const select = (label: string, testid: string, param: string, value: string | null, options: [string, string][]) =>
    h(
      'label',
      {},
      `${label} `,
      h(
        'select',
        { 'data-testid': testid, onchange: (e: Event) => ctx.setParams({ [param]: (e.target as HTMLSelectElement).value || null, pair: null }) },
        ...options.map(([v, text]) => h('option', { value: v, ...(v === (value ?? '') ? { selected: true } : {}) }, text)),
      ),
    );
  const check = (testid: string, param: string, on: boolean, text: string) =>
    h(
      'label',
      {},
      h('input', {
        type: 'checkbox',
        'data-testid': testid,
        ...(on ? { checked: true } : {}),
        onchange: (e: Event) => ctx.setParams({ [param]: (e.target as HTMLInputElement).checked ? '1' : null, pair: null }),
      }),
      ` ${text}`,
    );
  return [
    h(
      'label',
      {},
      `${t('dup.minScore')} `,
      h('input', {
        type: 'range',
        min: '0',
        max: '1',
        step: '0.05',
        value: String(f.min),
        'data-testid': 'min-score',
        onchange: (e: Event) => ctx.setParams({ min: (e.target as HTMLInputElement).value, pair: null }),
      }),
      ` ${f.min.toFixed(2)}`,
    ),
    check('cross-only', 'cross', f.cross, t('dup.cross')),
    select(t('dup.grain'), 'grain', 'grain', f.grain, [['', t('dup.all')], ...GRAINS.map((g): [string, string] => [g, t(`dup.grain.${g}`)])]),
    select(t('dup.mark'), 'mark-filter', 'mark', f.mark, [['', t('dup.all')], ...MARKS.map((m): [string, string] => [m, t(`dup.mark.${m}`)])]),
    check('show-housekeeping', 'all', f.all, tf('dup.housekeeping', r.counts.housekeeping)),
  ];
}

// ---- the sidebar

function meaningNote(r: DuplicatesResponse): HTMLElement {
  if (r.meaning.on) return h('p', { class: 'muted small', 'data-testid': 'dup-meaning' }, `${t('dup.meaning.on')}${t('colon')}${r.meaning.model ?? ''}`);
  return h(
    'p',
    { class: 'warning', role: 'note', 'data-testid': 'dup-meaning-off' },
    t('dup.meaning.off'),
    h('br', {}),
    `${t('dup.meaning.why')}${r.meaning.reason ?? ''}`,
  );
}

function exportLinks(): HTMLElement {
  const link = (format: 'xlsx' | 'csv') =>
    h(
      'a',
      { href: `${BASE}/api/duplicates/boundary?format=${format}`, download: `职责边界清单.${format}`, 'data-testid': `export-${format}` },
      format.toUpperCase(),
    );
  return h('p', { class: 'exports' }, `${t('dup.export')}${t('colon')}`, link('xlsx'), ' · ', link('csv'));
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Buttons that send a mark, with a status line saying what happened; `done` runs after a mark was saved. */
function markButtons(keys: string[], buttons: [Verdict, string, string][], note: () => string, done: () => Promise<void>, disabled: Verdict[] = []) {
  const status = h('span', { class: 'mark-status small', role: 'status', 'data-testid': 'mark-status' });
  const fail = (text: string) => {
    status.classList.add('error');
    status.textContent = text;
  };
  const els = buttons.map(([verdict, text, testid]) =>
    h('button', { type: 'button', 'data-testid': testid, ...(disabled.includes(verdict) ? { disabled: true } : {}), onclick: () => void send(verdict) }, text),
  );
  const send = async (verdict: Verdict) => {
    status.classList.remove('error');
    status.textContent = t('dup.saving');
    // one mark at a time: a second click while the first is sent (or the token asked for) would send it twice
    const before = els.map((b) => b.disabled);
    els.forEach((b) => (b.disabled = true));
    try {
      status.textContent = tf('dup.saved', (await mark(keys, verdict, note())).marked);
    } catch (e) {
      els.forEach((b, i) => (b.disabled = before[i]!));
      fail(`${t('dup.failed')}${t('colon')}${messageOf(e)}`);
      return;
    }
    await done().catch((e: unknown) => fail(`${t('error.generic')}${t('colon')}${messageOf(e)}`));
  };
  return h('div', { class: 'mark-actions' }, ...els, status);
}

function compare(p: DupPair, reload: () => Promise<void>): HTMLElement {
  const side = (s: DupPair['a']) => h('div', {}, h('h3', {}, `${s.unit} · ${s.post}`), marked(s.marked), h('small', { class: 'muted' }, `${s.doc}:${s.line}`));
  const note = h('textarea', { rows: '2', 'data-testid': 'mark-note', 'aria-label': t('dup.note'), placeholder: t('dup.note.hint') });
  note.value = p.mark?.note ?? '';
  return h(
    'section',
    { class: 'dup-compare', 'data-testid': 'dup-compare', 'data-key': p.key },
    h('div', { class: 'side-by-side' }, side(p.a), side(p.b)),
    h(
      'dl',
      { class: 'figures' },
      h('dt', {}, t('dup.cosine')),
      h('dd', { 'data-testid': 'dup-cosine' }, p.cosine === null ? t('dup.cosine.none') : p.cosine.toFixed(3)),
      h('dt', {}, t('dup.jaccard')),
      h('dd', { 'data-testid': 'dup-jaccard' }, p.lexical.toFixed(3)),
      h('dt', {}, t('dup.why')),
      h('dd', {}, `${reasonText(p.reason)} · ${grainText(p.grain)} · ${scopeText(p.scope)}`),
    ),
    h(
      'p',
      { class: 'shared', 'data-testid': 'dup-shared' },
      `${t('dup.shared')}${t('colon')}`,
      ...(p.shared.length ? p.shared.map((s) => h('span', { class: 'phrase' }, s)) : [t('dup.shared.none')]),
    ),
    p.mark
      ? h(
          'p',
          { class: 'current-mark', 'data-testid': 'dup-current-mark' },
          badge(p.mark.verdict),
          ` ${p.mark.by} · ${when(p.mark.at)}`,
          p.mark.note ? h('span', { class: 'note' }, ` — ${p.mark.note}`) : null,
        )
      : null,
    h('label', { class: 'note-label' }, t('dup.note'), note),
    markButtons(
      [p.key],
      [
        ['duplicate', t('dup.confirm'), 'mark-duplicate'],
        ['not-duplicate', t('dup.reject'), 'mark-not-duplicate'],
        [null, t('dup.clear'), 'mark-clear'],
      ],
      () => note.value.trim(),
      reload,
      p.mark ? [] : [null],
    ),
  );
}

function pairItem(ctx: ViewContext, p: DupPair, chosen: string | null, group: PairGroup | null, cluster: number | null): HTMLElement {
  return h(
    'li',
    { class: p.key === chosen ? 'active' : '', 'data-key': p.key },
    // the first pair of a group carries the group's heading: the list stays one list of pairs
    group ? h('h4', { class: 'group-head', 'data-testid': 'dup-group' }, `${group.names[0]} ↔ ${group.names[1]}（${group.pairs.length}）`) : null,
    h(
      'a',
      { href: '#', onclick: (e: Event) => (e.preventDefault(), ctx.setParams({ pair: p.key })) },
      h(
        'span',
        { class: 'pair-meta' },
        h('b', {}, p.score.toFixed(2)),
        h('span', { class: `reason ${p.reason}` }, reasonText(p.reason)),
        h('span', { class: 'grain' }, grainText(p.grain)),
        cluster !== null ? h('span', { class: 'cluster-tag' }, s().cluster(cluster + 1)) : null,
        p.mark ? badge(p.mark.verdict) : null,
      ),
      h('span', { class: 'pair-texts' }, `${short(p.a.text)} ↔ ${short(p.b.text)}`),
    ),
    h('div', { class: 'muted small' }, `${p.a.unit} ↔ ${p.b.unit}`),
  );
}

/** The pairs, grouped by the two bureaus or centres they sit in, the pairs of one cluster together. */
function pairList(ctx: ViewContext, groups: PairGroup[], chosen: string | null): HTMLElement {
  if (!groups.length) return h('p', { class: 'muted', 'data-testid': 'dup-list' }, t('dup.none'));
  return h(
    'ol',
    { class: 'pairs', 'data-testid': 'dup-list' },
    ...groups.flatMap((g) => g.pairs.map(({ pair, cluster }, i) => pairItem(ctx, pair, chosen, i === 0 ? g : null, cluster))),
  );
}

function clusterList(r: DuplicatesResponse, reload: () => Promise<void>): HTMLElement {
  const marks = new Map(r.pairs.map((p) => [p.key, p.mark]));
  const big = r.clusters.filter((c) => c.size >= CLUSTER_MIN);
  const item = (c: Cluster) =>
    h(
      'li',
      { 'data-testid': 'dup-cluster', 'data-size': String(c.size) },
      h(
        'details',
        {},
        h(
          'summary',
          {},
          h('b', {}, tf('dup.cluster.size', c.size)),
          ` ${short(c.members.map((m) => m.text).reduce((x, y) => ([...y].length < [...x].length ? y : x)))} `,
          h('span', { class: 'muted small' }, tf('dup.cluster.reviewed', c.keys.filter((k) => marks.get(k)).length, c.keys.length)),
        ),
        h('ul', { class: 'members' }, ...c.members.map((m) => h('li', {}, h('span', { class: 'muted' }, `${m.unit} · ${m.post}${t('colon')}`), m.text))),
        // the buttons under the members: a group is marked once its places have been read
        markButtons(
          c.keys,
          [
            ['duplicate', t('dup.cluster.confirm'), 'cluster-duplicate'],
            ['not-duplicate', t('dup.cluster.reject'), 'cluster-not-duplicate'],
          ],
          () => '',
          reload,
        ),
      ),
    );
  const section = h(
    'details',
    { class: 'dup-section clusters-section', ...(clustersOpen ? { open: true } : {}) },
    h('summary', { 'data-testid': 'dup-clusters-toggle' }, h('h3', {}, `${t('dup.clusters')} (${big.length})`)),
    h('p', { class: 'muted small' }, t('dup.clusters.small')),
    h('ol', { class: 'clusters', 'data-testid': 'dup-clusters' }, ...big.map(item)),
  );
  section.addEventListener('toggle', () => (clustersOpen = section.open));
  return section;
}

function reviewList(reviews: Review[], reload: () => Promise<void>): HTMLElement {
  const orphaned = reviews.filter((x) => x.orphaned);
  const item = (x: Review) =>
    h(
      'li',
      { 'data-testid': 'orphaned-review', 'data-key': x.key },
      h('p', {}, badge(x.verdict), ` ${x.by} · ${when(x.at)}`, x.note ? h('span', { class: 'note' }, ` — ${x.note}`) : null),
      h('ul', { class: 'members' }, ...x.sides.map((s) => h('li', {}, h('span', { class: 'muted' }, `${s.unit} · ${s.post}${t('colon')}`), s.text))),
      markButtons([x.key], [[null, t('dup.clear'), 'review-clear']], () => '', reload),
    );
  return h(
    'section',
    { class: 'dup-section', 'data-testid': 'dup-reviews' },
    h('p', { class: 'small' }, h('b', {}, `${t('dup.reviews')}${t('colon')}`), tf('dup.reviews.count', reviews.length, orphaned.length)),
    orphaned.length ? h('p', { class: 'warning' }, t('dup.orphaned')) : null,
    orphaned.length ? h('ol', { class: 'reviews', 'data-testid': 'orphaned-reviews' }, ...orphaned.map(item)) : null,
  );
}

// ---- the view

/** Edges from a node up to where it sits: the item of a duty, the post of an item, the unit of a post. */
const UP: Record<string, 'source' | 'target'> = { HAS_DUTY: 'source', HAS_ITEM: 'source', IN_UNIT: 'target' };

/**
 * The two sides of a pair and what they sit in (item, post, unit), cut from their neighbourhoods: the siblings and
 * the other similar duties around them would crowd out the two being compared.
 */
export function pairElements(els: Elements, sides: string[]): Elements {
  const kept = new Set(sides);
  for (let grew = true; grew;) {
    grew = false;
    for (const e of els.edges) {
      const up = UP[e.data.type];
      const [from, to] = up === 'source' ? [e.data.target, e.data.source] : [e.data.source, e.data.target];
      if (up && kept.has(from) && !kept.has(to)) {
        kept.add(to);
        grew = true;
      }
    }
  }
  return { nodes: els.nodes.filter((n) => kept.has(n.data.id)), edges: els.edges.filter((e) => kept.has(e.data.source) && kept.has(e.data.target)) };
}

/** Draws the chosen pair's two sides with their posts and units, the sides and their posts highlighted. */
async function drawPair(ctx: ViewContext, pick: DupPair | undefined): Promise<void> {
  const loading = ctx.graph();
  if (!pick) {
    (await loading).show({ nodes: [], edges: [] }, { name: 'null' });
    return;
  }
  const sides = [pick.a.id, pick.b.id];
  const [ga, gb] = await Promise.all(sides.map((id) => api<GraphResponse>(`/api/graph?focus=${enc(id)}&depth=2&types=WorkItem,Duty,Post,Unit&limit=60`)));
  const graph = await loading;
  const els = pairElements(mergeElements(plainElements(ga!.elements), plainElements(gb!.elements)), sides);
  const units = els.nodes.filter((n) => n.data.type === 'Unit').map((n) => n.data.id);
  // units on top, then posts, items and duties: the two sides on one rank, their similarity edge crossing nothing
  graph.show(els, { name: 'breadthfirst', directed: false, roots: units.length ? units : undefined, spacingFactor: 1.2, animate: false, fit: true });
  const posts = els.edges.filter((e) => e.data.type === 'HAS_ITEM' && sides.includes(e.data.target)).map((e) => e.data.source);
  graph.highlight([...sides, ...posts]);
}

// ---- the matrix

/** The region a province's matrix and list show, and the regions to pick from; null for a matrix shown whole. */
interface Shown {
  region: string | null;
  regions: RegionPairs[];
}

/**
 * The region a province's matrix shows (`?dr=`): the one asked for, else the region of the cell picked, else the
 * region with most pairs. Null when the matrix is small enough to show whole.
 */
function shownRegion(ctx: ViewContext, all: DuplicateMatrixResponse, f: Filters): Shown | null {
  if (all.owners.length <= MATRIX_OWNERS) return null;
  const regions = regionPairs(all);
  const asked = ctx.params.get('dr');
  const ofCell = f.owners ? (all.owners.find((o) => o.id === f.owners![0])?.region ?? null) : undefined;
  const known = (r: string | null | undefined) => r !== undefined && regions.some((x) => x.region === r);
  const wanted = asked === NO_REGION ? null : asked;
  const region = asked !== null && known(wanted) ? wanted : known(ofCell) ? ofCell! : (regions[0]?.region ?? null);
  return { region, regions };
}

/** The menu of regions, each with its pairs; picking one shows its matrix and list. */
function regionMenu(ctx: ViewContext, all: DuplicateMatrixResponse, shown: Shown): HTMLElement {
  const select = h(
    'select',
    {
      'data-testid': 'dup-region',
      'aria-label': s().region,
      onchange: (e: Event) => ctx.setParams({ dr: (e.target as HTMLSelectElement).value, da: null, db: null, pair: null }),
    },
    ...shown.regions.map((r) =>
      h(
        'option',
        { value: r.region ?? NO_REGION, ...(r.region === shown.region ? { selected: true } : {}) },
        s().regionOption(r.region ?? s().noRegion, r.pairs),
      ),
    ),
  );
  return h(
    'div',
    { class: 'dup-region' },
    h('p', { class: 'muted small' }, s().byRegion(all.owners.length, shown.regions.length)),
    h('label', {}, `${s().region} `, select),
  );
}

/** The bureau × bureau matrix as a heatmap and as a table; a cell picked lists only the pairs between its two owners. */
function matrixSection(ctx: ViewContext, all: DuplicateMatrixResponse, f: Filters, shown: Shown | null): { el: HTMLElement; draw: () => Promise<void> } {
  const m = shown ? regionMatrix(all, shown.region) : all;
  const mc = matrixCells(m);
  const name = (i: number) => m.owners[i]?.name ?? '';
  const total = m.cells.reduce((n, c) => n + c.pairs, 0);
  // the region stays the one shown, whichever side of the cell lies outside it
  const pickCell = (a: number, b: number) =>
    ctx.setParams({ da: m.owners[a]!.id, db: m.owners[b]!.id, pair: null, ...(shown ? { dr: shown.region ?? NO_REGION } : {}) });
  const chosen = (a: number, b: number) => {
    if (!f.owners) return false;
    const ids = [m.owners[a]?.id, m.owners[b]?.id];
    return ids.includes(f.owners[0]) && ids.includes(f.owners[1]) && (f.owners[0] !== f.owners[1] || ids[0] === ids[1]);
  };
  const cellName = (a: number, b: number) => (a === b ? s().within(name(a)) : `${name(a)} ↔ ${name(b)}`);
  const rows = m.cells
    .filter((c) => c.pairs > 0)
    .sort((x, y) => y.pairs - x.pairs)
    .map((c) => [
      pickButton(cellName(c.a, c.b), () => pickCell(c.a, c.b), {
        'data-testid': 'dup-cell',
        'data-a': m.owners[c.a]!.id,
        'data-b': m.owners[c.b]!.id,
        ...(chosen(c.a, c.b) ? { 'aria-current': 'true', class: 'link active' } : {}),
      }),
      String(c.pairs),
      String(c.confirmed),
      String(c.rejected),
    ]);
  const box = chartBox('dup-matrix', mc.owners.length * 36 + 190, s().matrixLabel(mc.owners.length, total));
  const kind = (o: DuplicateMatrixResponse['owners'][number]) => (o.kind === 'centre' ? s().centre : s().bureau);
  const draw = async () => {
    const chart = await drawChart(box, {
      tooltip: {
        formatter: (p: { dataIndex: number }) => {
          const c = mc.cells[p.dataIndex];
          return c ? esc(s().cellTip(name(c.a), name(c.b), c.value[2], c.confirmed, c.rejected)) : '';
        },
      },
      grid: { left: 8, right: 16, top: 8, bottom: 70, containLabel: true },
      xAxis: {
        type: 'category',
        data: mc.owners.map((o) => clip(o.name, 12)),
        axisLabel: { rotate: 35, interval: 0, fontSize: 11 },
        splitArea: { show: true },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: mc.owners.map((o) => `${clip(o.name, 14)}（${kind(o)}）`),
        axisLabel: { interval: 0, fontSize: 11 },
        splitArea: { show: true },
      },
      visualMap: {
        type: 'piecewise',
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        pieces: [{ min: 1, max: 4 }, { min: 5, max: 19 }, { min: 20, max: 99 }, { min: 100 }],
        inRange: { color: ['#ffe8cc', '#ffa94d', '#f76707', '#c92a2a'] },
      },
      series: [
        {
          type: 'heatmap',
          data: mc.cells.map((c) => ({ value: c.value, ...(chosen(c.a, c.b) ? { itemStyle: { borderColor: '#212529', borderWidth: 3 } } : {}) })),
          label: { show: true, fontSize: 12, color: '#212529' },
          emphasis: { itemStyle: { borderColor: '#212529', borderWidth: 1 } },
        },
      ],
    });
    chart.on('click', (e) => {
      const c = mc.cells[(e as { dataIndex: number }).dataIndex];
      if (c) pickCell(c.a, c.b);
    });
  };
  return {
    el: h(
      'section',
      { class: 'analysis-section', 'data-testid': 'dup-matrix-section' },
      h('h3', {}, s().matrix),
      shown ? regionMenu(ctx, all, shown) : null,
      h('p', { class: 'muted small' }, s().matrixHint),
      box,
      tableAlternative('dup-matrix-table', s().matrix, [s().owners, s().pairs, s().confirmed, s().rejected], rows),
    ),
    draw,
  };
}

/** What the list is narrowed to, with a button to show every pair again; null when it is not narrowed. */
function ownerNote(ctx: ViewContext, m: DuplicateMatrixResponse, f: Filters, n: number): HTMLElement | null {
  if (!f.owners) return null;
  const [a, b] = f.owners.map((id) => m.owners.find((o) => o.id === id)?.name ?? id) as [string, string];
  return h(
    'p',
    { class: 'owner-filter small', 'data-testid': 'dup-owner-filter' },
    `${s().filtered(a, b, n)} `,
    h('button', { type: 'button', 'data-testid': 'dup-owner-clear', onclick: () => ctx.setParams({ da: null, db: null, pair: null }) }, s().clearFilter),
  );
}

/** The matrix on the board: the way in, drawn at once, and again after a mark changed its counts. */
async function drawMatrix(ctx: ViewContext, m: DuplicateMatrixResponse, f: Filters, shown: Shown | null): Promise<void> {
  const matrix = matrixSection(ctx, m, f, shown);
  ctx.useBoard(true);
  ctx.board.replaceChildren(h('div', { class: 'analysis duplicates', 'data-testid': 'duplicates' }, h('h2', {}, t('view.duplicates')), matrix.el));
  await matrix.draw();
}

/**
 * The toolbar and sidebar from the API's answers; the board's matrix when no pair is chosen, else the chosen pair on
 * the canvas, drawn again only when `redraw`.
 */
async function render(ctx: ViewContext, redraw: boolean): Promise<void> {
  const f = filtersOf(ctx.params);
  const chosen = ctx.params.get('pair');
  const marks = api<ReviewsResponse>('/api/duplicates/reviews');
  // the matrix is small and quick: drawn while the pairs, longer to fetch, are on their way
  const m = await api<DuplicateMatrixResponse>('/api/duplicates/matrix');
  // a province's list is the pairs of the region its matrix shows
  const shown = shownRegion(ctx, m, f);
  const pairs = api<DuplicatesResponse>(query(f, shown?.region));
  if (!chosen) await drawMatrix(ctx, m, f, shown);
  const [r, reviews] = await Promise.all([pairs, marks]);
  const listed = f.owners ? r.pairs.filter((p) => pairBetween(p, m.owners, ...f.owners!)) : r.pairs;
  const pick = listed.find((p) => p.key === chosen);
  const root = h('div', { class: 'dup-view' });
  // after a mark, the same page again with what the server holds now, unless the user has left the view meanwhile
  const reload = () => (root.isConnected ? render(ctx, false) : Promise.resolve());
  ctx.tools.replaceChildren(
    ...toolbar(ctx, f, r),
    ...(pick ? [h('button', { type: 'button', 'data-testid': 'back-to-matrix', onclick: () => ctx.setParams({ pair: null }) }, s().backToMatrix)] : []),
  );
  const compared = pick ? compare(pick, reload) : null;
  root.append(
    h('h2', {}, t('view.duplicates')),
    meaningNote(r),
    exportLinks(),
    // orphaned marks before anything else, so that none goes unnoticed
    reviewList(reviews.reviews, reload),
    compared ?? h('p', { class: 'hint' }, t('dup.pick')),
    clusterList(r, reload),
    h(
      'section',
      { class: 'dup-section' },
      h('h3', {}, `${t('dup.pairs')} (${listed.length})`),
      ownerNote(ctx, m, f, listed.length) ??
        (shown && !f.owners
          ? h(
              'p',
              { class: 'muted small', 'data-testid': 'dup-region-note' },
              s().inRegion(
                shown.region ?? s().noRegion,
                listed.length,
                shown.regions.find((x) => x.region === shown.region)?.pairs ?? 0,
                listed.length === LIST_LIMIT,
              ),
            )
          : null),
      pairList(ctx, groupPairs(listed, m.owners, r.clusters, CLUSTER_MIN), chosen),
    ),
  );
  ctx.side.replaceChildren(root);
  // a pair chosen far down the list is compared at the top of the sidebar
  if (compared) {
    const [box, side] = [compared.getBoundingClientRect(), ctx.side.getBoundingClientRect()];
    if (box.top < side.top || box.bottom > side.bottom) compared.scrollIntoView({ block: 'start' });
  }
  // a pair asked for that is not in the list (marked meanwhile, or filtered out) leaves the matrix
  if (chosen && !pick) await drawMatrix(ctx, m, f, shown);
  else if (pick && redraw) {
    ctx.useBoard(false);
    await drawPair(ctx, pick);
  }
}

/** Duplicated duties: the matrix of where they are, the pairs, the chosen one compared and marked, clusters, the boundary list, orphaned marks. */
export function duplicatesView(ctx: ViewContext): Promise<void> {
  // the charting library loads while the pairs are fetched, not after
  prefetchCharts();
  return render(ctx, true);
}
