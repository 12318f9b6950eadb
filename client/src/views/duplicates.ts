/** 职责重复: similar duties filterable by bureau pair and score, the two texts side by side, both posts highlighted. */
import { api, enc, type DupPair, type DuplicatesResponse, type GraphResponse, type Segment } from '../api.ts';
import { h } from '../dom.ts';
import { mergeElements, plainElements } from '../elements.ts';
import { t } from '../i18n.ts';
import type { ViewContext } from './context.ts';

const pairKey = (p: DupPair) => [p.a.bureau, p.b.bureau].sort().join(' ↔ ');
const marked = (segs: Segment[]) => h('p', { class: 'dup-text' }, ...segs.map((s) => (s.differs ? h('mark', {}, s.text) : s.text)));

/** Similar duties: the pairs by score and bureau pair, two texts side by side, both posts in the graph. */
export async function duplicatesView(ctx: ViewContext): Promise<void> {
  const minScore = Number(ctx.params.get('min') ?? '0.6');
  const cross = ctx.params.get('cross') === '1';
  const pairFilter = ctx.params.get('pair');
  const chosen = Number(ctx.params.get('i') ?? '-1');
  const r = await api<DuplicatesResponse>(`/api/duplicates?minScore=${minScore}&limit=500&crossBureauOnly=${cross}`);
  const bureauPairs = [...new Set(r.pairs.map(pairKey))].sort();
  const shown = r.pairs.filter((p) => !pairFilter || pairKey(p) === pairFilter);
  ctx.tools.replaceChildren(
    h(
      'label',
      {},
      `${t('dup.minScore')} `,
      h('input', {
        type: 'range',
        min: '0.5',
        max: '1',
        step: '0.05',
        value: String(minScore),
        'data-testid': 'min-score',
        onchange: (e: Event) => ctx.setParams({ min: (e.target as HTMLInputElement).value, i: null }),
      }),
      ` ${minScore.toFixed(2)}`,
    ),
    h(
      'label',
      {},
      h('input', {
        type: 'checkbox',
        'data-testid': 'cross-only',
        ...(cross ? { checked: true } : {}),
        onchange: (e: Event) => ctx.setParams({ cross: (e.target as HTMLInputElement).checked ? '1' : null, i: null }),
      }),
      ` ${t('dup.cross')}`,
    ),
    h(
      'label',
      {},
      `${t('dup.pair')} `,
      h(
        'select',
        { onchange: (e: Event) => ctx.setParams({ pair: (e.target as HTMLSelectElement).value || null, i: null }) },
        h('option', { value: '' }, t('dup.all')),
        ...bureauPairs.map((b) => h('option', { value: b, ...(b === pairFilter ? { selected: true } : {}) }, b)),
      ),
    ),
  );
  const pick = shown[chosen];
  ctx.side.replaceChildren(
    h('h3', {}, `${t('view.duplicates')} (${shown.length})`),
    ...(pick
      ? [
          h(
            'div',
            { class: 'side-by-side', 'data-testid': 'dup-compare' },
            h('div', {}, h('h4', {}, `${pick.a.unit} · ${pick.a.post}`), marked(pick.a.marked), h('small', { class: 'muted' }, `${pick.a.doc}:${pick.a.line}`)),
            h('div', {}, h('h4', {}, `${pick.b.unit} · ${pick.b.post}`), marked(pick.b.marked), h('small', { class: 'muted' }, `${pick.b.doc}:${pick.b.line}`)),
          ),
        ]
      : []),
    h(
      'ol',
      { class: 'pairs', 'data-testid': 'dup-list' },
      ...shown.map((p, i) =>
        h(
          'li',
          { class: i === chosen ? 'active' : '' },
          h(
            'a',
            { href: '#', onclick: (e: Event) => (e.preventDefault(), ctx.setParams({ i: String(i) })) },
            h('b', {}, p.score.toFixed(2)),
            ` ${p.a.text} ↔ ${p.b.text}`,
          ),
          h('div', { class: 'muted small' }, `${p.a.unit} ↔ ${p.b.unit}`),
        ),
      ),
    ),
    h('h4', {}, `${t('dup.clusters')} (${r.clusters.length})`),
    h(
      'ul',
      { class: 'clusters' },
      ...r.clusters.slice(0, 30).map((c) => h('li', {}, `${c.size} · ${c.members.map((m) => m.unit).join('、')}: ${c.members[0]?.text ?? ''}`)),
    ),
  );
  if (!pick) {
    ctx.graph.show({ nodes: [], edges: [] }, { name: 'null' });
    return;
  }
  const [ga, gb] = await Promise.all(
    [pick.a.id, pick.b.id].map((id) => api<GraphResponse>(`/api/graph?focus=${enc(id)}&depth=2&types=WorkItem,Duty,Post,Unit&limit=60`)),
  );
  const els = mergeElements(plainElements(ga!.elements), plainElements(gb!.elements));
  ctx.graph.show(els, { name: 'breadthfirst', directed: false, spacingFactor: 1.2, animate: false, fit: true });
  const posts = els.edges.filter((e) => e.data.type === 'HAS_ITEM' && [pick.a.id, pick.b.id].includes(e.data.target)).map((e) => e.data.source);
  ctx.graph.highlight([pick.a.id, pick.b.id, ...posts]);
}
