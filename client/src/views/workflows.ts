/** 工作流程: posts sharing a workflow, and a workflow's steps as a left-to-right chain. */
import { api, enc, type GraphResponse, type SharedResponse } from '../api.ts';
import { h } from '../dom.ts';
import { chainElements, plainElements } from '../elements.ts';
import { groupsShownText, t } from '../i18n.ts';
import { chainLayout } from '../style.ts';
import type { ViewContext } from './context.ts';

/** Posts sharing a workflow, and a chosen group's steps as a chain. */
export async function workflowsView(ctx: ViewContext): Promise<void> {
  const r = await api<SharedResponse>('/api/workflows/shared');
  const chosen = Number(ctx.params.get('g') ?? '-1');
  ctx.tools.replaceChildren();
  ctx.side.replaceChildren(
    h('h3', {}, t('wf.groups')),
    ...(r.total > r.groups.length ? [h('p', { class: 'muted small', 'data-testid': 'wf-shown' }, groupsShownText(r.groups.length, r.total))] : []),
    h(
      'ol',
      { class: 'groups', 'data-testid': 'wf-groups' },
      ...r.groups.map((g, i) =>
        h(
          'li',
          { class: i === chosen ? 'active' : '' },
          h(
            'a',
            { href: '#', onclick: (e: Event) => (e.preventDefault(), ctx.setParams({ g: String(i) })) },
            h('b', {}, g.kind === 'code' ? `${t('wf.code')} ${g.key}` : `${t(g.kind === 'steps' ? 'wf.steps' : 'wf.nearly')}: ${g.key}`),
            ` · ${g.posts.length} ${t('type.Post')}`,
          ),
          h('div', { class: 'muted small' }, `${g.bureau}: ${g.posts.map((p) => p.post).join('、')}`),
        ),
      ),
    ),
  );
  const g = r.groups[chosen];
  if (!g) {
    ctx.graph.show({ nodes: [], edges: [] }, { name: 'null' });
    return;
  }
  if (g.kind !== 'code') {
    ctx.graph.show(chainElements(g.workflowId, g.posts.map((p) => p.post).join(' / '), g.steps), chainLayout);
    return;
  }
  const near = await api<GraphResponse>(`/api/graph?focus=${enc(g.workflowId)}&depth=2&types=WorkItem,Post,Workflow&limit=200`);
  ctx.graph.show(plainElements(near.elements), { name: 'breadthfirst', roots: [g.workflowId], directed: false, spacingFactor: 1.1, animate: false, fit: true });
  ctx.graph.highlight([g.workflowId]);
}
