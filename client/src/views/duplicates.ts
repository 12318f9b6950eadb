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
  type DuplicatesResponse,
  type GraphResponse,
  type MarkRequest,
  type MarkResponse,
  type ReviewsResponse,
  type Segment,
} from '../api.ts';
import { h } from '../dom.ts';
import { mergeElements, plainElements, type Elements } from '../elements.ts';
import { lang, t, tf } from '../i18n.ts';
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
  };
}

function query(f: Filters): string {
  const q = new URLSearchParams({ minScore: String(f.min), limit: '500', crossBureauOnly: String(f.cross), show: f.all ? 'all' : 'likely' });
  if (f.grain) q.set('grain', f.grain);
  if (f.mark) q.set('mark', f.mark);
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
  const side = (s: DupPair['a']) => h('div', {}, h('h4', {}, `${s.unit} · ${s.post}`), marked(s.marked), h('small', { class: 'muted' }, `${s.doc}:${s.line}`));
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

function pairList(ctx: ViewContext, pairs: DupPair[], chosen: string | null): HTMLElement {
  if (!pairs.length) return h('p', { class: 'muted', 'data-testid': 'dup-list' }, t('dup.none'));
  return h(
    'ol',
    { class: 'pairs', 'data-testid': 'dup-list' },
    ...pairs.map((p) =>
      h(
        'li',
        { class: p.key === chosen ? 'active' : '', 'data-key': p.key },
        h(
          'a',
          { href: '#', onclick: (e: Event) => (e.preventDefault(), ctx.setParams({ pair: p.key })) },
          h(
            'span',
            { class: 'pair-meta' },
            h('b', {}, p.score.toFixed(2)),
            h('span', { class: `reason ${p.reason}` }, reasonText(p.reason)),
            h('span', { class: 'grain' }, grainText(p.grain)),
            p.mark ? badge(p.mark.verdict) : null,
          ),
          h('span', { class: 'pair-texts' }, `${short(p.a.text)} ↔ ${short(p.b.text)}`),
        ),
        h('div', { class: 'muted small' }, `${p.a.unit} ↔ ${p.b.unit}`),
      ),
    ),
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
    h('summary', { 'data-testid': 'dup-clusters-toggle' }, h('h4', {}, `${t('dup.clusters')} (${big.length})`)),
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
  if (!pick) {
    ctx.graph.show({ nodes: [], edges: [] }, { name: 'null' });
    return;
  }
  const sides = [pick.a.id, pick.b.id];
  const [ga, gb] = await Promise.all(sides.map((id) => api<GraphResponse>(`/api/graph?focus=${enc(id)}&depth=2&types=WorkItem,Duty,Post,Unit&limit=60`)));
  const els = pairElements(mergeElements(plainElements(ga!.elements), plainElements(gb!.elements)), sides);
  const units = els.nodes.filter((n) => n.data.type === 'Unit').map((n) => n.data.id);
  // units on top, then posts, items and duties: the two sides on one rank, their similarity edge crossing nothing
  ctx.graph.show(els, { name: 'breadthfirst', directed: false, roots: units.length ? units : undefined, spacingFactor: 1.2, animate: false, fit: true });
  const posts = els.edges.filter((e) => e.data.type === 'HAS_ITEM' && sides.includes(e.data.target)).map((e) => e.data.source);
  ctx.graph.highlight([...sides, ...posts]);
}

/** The toolbar and sidebar from the API's answers; the graph is drawn again only when `redraw`. */
async function render(ctx: ViewContext, redraw: boolean): Promise<void> {
  const f = filtersOf(ctx.params);
  const chosen = ctx.params.get('pair');
  const [r, reviews] = await Promise.all([api<DuplicatesResponse>(query(f)), api<ReviewsResponse>('/api/duplicates/reviews')]);
  const pick = r.pairs.find((p) => p.key === chosen);
  const root = h('div', { class: 'dup-view' });
  // after a mark, the same page again with what the server holds now, unless the user has left the view meanwhile
  const reload = () => (root.isConnected ? render(ctx, false) : Promise.resolve());
  ctx.tools.replaceChildren(...toolbar(ctx, f, r));
  const compared = pick ? compare(pick, reload) : null;
  root.append(
    h('h3', {}, t('view.duplicates')),
    meaningNote(r),
    exportLinks(),
    // orphaned marks before anything else, so that none goes unnoticed
    reviewList(reviews.reviews, reload),
    compared ?? h('p', { class: 'hint' }, t('dup.pick')),
    clusterList(r, reload),
    h('section', { class: 'dup-section' }, h('h4', {}, `${t('dup.pairs')} (${r.pairs.length})`), pairList(ctx, r.pairs, chosen)),
  );
  ctx.side.replaceChildren(root);
  // a pair chosen far down the list is compared at the top of the sidebar
  if (compared) {
    const [box, side] = [compared.getBoundingClientRect(), ctx.side.getBoundingClientRect()];
    if (box.top < side.top || box.bottom > side.bottom) compared.scrollIntoView({ block: 'start' });
  }
  if (redraw) await drawPair(ctx, pick);
}

/** Duplicated duties: the pairs, the chosen one compared and marked, clusters, the boundary list, orphaned marks. */
export function duplicatesView(ctx: ViewContext): Promise<void> {
  return render(ctx, true);
}
