/** 人员负荷: people ranked by workload index with the reasons; a person's posts, items and units around them. */
import { api, enc, type GraphResponse, type OverloadResponse } from '../api.ts';
import { h } from '../dom.ts';
import { loadColour, workloadElements } from '../elements.ts';
import { t } from '../i18n.ts';
import type { ViewContext } from './context.ts';

/** People ranked by workload index, and a chosen person's items, posts and units around them. */
export async function workloadView(ctx: ViewContext): Promise<void> {
  const r = await api<OverloadResponse>('/api/people/overload?limit=100');
  const max = Math.max(0, ...r.people.map((p) => p.score));
  const scores = new Map(r.people.map((p) => [p.id, p.score]));
  const chosen = ctx.params.get('person');
  ctx.tools.replaceChildren();
  ctx.side.replaceChildren(
    h('h3', {}, t('workload.title')),
    h(
      'ol',
      { class: 'ranking', 'data-testid': 'overload-list' },
      ...r.people.map((p) =>
        h(
          'li',
          { class: p.id === chosen ? 'active' : '' },
          h(
            'a',
            { href: '#', onclick: (e: Event) => (e.preventDefault(), ctx.setParams({ person: p.id })) },
            h('span', { class: 'bar', style: `width:${Math.round((100 * p.score) / (max || 1))}%;background:${loadColour(p.score, max)}` }),
            h('b', {}, p.name),
            ` ${t('score')} ${p.score}`,
          ),
          h('div', { class: 'muted small' }, `${p.bureau} · ${p.reasons[0]}`),
        ),
      ),
    ),
  );
  if (!chosen) {
    ctx.graph.show({ nodes: [], edges: [] }, { name: 'null' });
    ctx.side.prepend(h('p', { class: 'hint' }, t('workload.pick')));
    return;
  }
  const g = await api<GraphResponse>(`/api/graph?focus=${enc(chosen)}&depth=3&types=Person,WorkItem,Post,Unit&limit=400`);
  const els = workloadElements(g.elements, scores, chosen);
  els.nodes.find((n) => n.data.id === chosen)!.data.focus = true;
  ctx.graph.show(els, ctx.graph.focusLayout());
}
