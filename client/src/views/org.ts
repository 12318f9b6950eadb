/** 组织结构: bureaus → departments and centres → posts, reporting lines, vacant posts; people on demand. */
import { api, type GraphResponse } from '../api.ts';
import { h } from '../dom.ts';
import { bureauOf, orgElements, withinBureau } from '../elements.ts';
import { t } from '../i18n.ts';
import { forceLayout, treeLayout } from '../style.ts';
import type { ViewContext } from './context.ts';

/** The organisation: bureaus, their units and posts, reporting lines, people on demand. */
export async function orgView(ctx: ViewContext): Promise<void> {
  const mode = ctx.params.get('layout') === 'force' ? 'compound' : 'tree';
  const people = ctx.params.get('people') === '1';
  ctx.tools.replaceChildren(
    h(
      'label',
      {},
      h(
        'select',
        {
          'data-testid': 'layout-switch',
          onchange: (e: Event) => ctx.setParams({ layout: (e.target as HTMLSelectElement).value === 'force' ? 'force' : null }),
        },
        h('option', { value: 'tree', ...(mode === 'tree' ? { selected: true } : {}) }, t('layout.tree')),
        h('option', { value: 'force', ...(mode === 'compound' ? { selected: true } : {}) }, t('layout.force')),
      ),
    ),
    h(
      'label',
      {},
      h('input', {
        type: 'checkbox',
        'data-testid': 'toggle-people',
        ...(people ? { checked: true } : {}),
        onchange: (e: Event) => ctx.setParams({ people: (e.target as HTMLInputElement).checked ? '1' : null }),
      }),
      ' ',
      t('show.people'),
    ),
  );
  const r = await api<GraphResponse>(`/api/graph?limit=2000&types=${people ? 'Unit,Post,Person' : 'Unit,Post'}`);
  const bureau = ctx.params.get('bureau');
  const tops = bureauOf(r.elements);
  const bureaus = r.elements.nodes.filter((n) => n.data.type === 'Unit' && tops.get(n.data.id) === n.data.id);
  const posts = (id: string) => r.elements.nodes.filter((n) => n.data.type === 'Post' && tops.get(n.data.id) === id).length;
  const els = orgElements(bureau ? withinBureau(r.elements, bureau) : r.elements, mode, t('vacant'));
  ctx.side.replaceChildren(
    h('h3', {}, t('view.org')),
    h(
      'ul',
      { class: 'bureaus', 'data-testid': 'bureau-list' },
      h(
        'li',
        { class: bureau ? '' : 'active' },
        h(
          'a',
          { href: '#', onclick: (e: Event) => (e.preventDefault(), ctx.setParams({ bureau: null })) },
          `${t('dup.all')} (${r.elements.nodes.filter((n) => n.data.type === 'Post').length})`,
        ),
      ),
      ...bureaus.map((b) =>
        h(
          'li',
          { class: b.data.id === bureau ? 'active' : '' },
          h('a', { href: '#', onclick: (e: Event) => (e.preventDefault(), ctx.setParams({ bureau: b.data.id })) }, `${b.data.label} (${posts(b.data.id)})`),
        ),
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      `${els.nodes.filter((n) => n.data.type === 'Post').length} ${t('type.Post')} · ${els.nodes.filter((n) => n.data.vacant).length} ${t('vacant')} · ${els.nodes.filter((n) => n.data.unplaced).length} ${t('unplaced')}`,
    ),
    h(
      'ul',
      { class: 'keys' },
      h('li', {}, h('span', { class: 'swatch reports' }), ' REPORTS_TO'),
      h('li', {}, h('span', { class: 'swatch vacant' }), ` ${t('vacant')}`),
      h('li', {}, h('span', { class: 'swatch unplaced' }), ` ${t('unplaced')}`),
    ),
  );
  ctx.graph.show(els, mode === 'tree' ? treeLayout : forceLayout);
}
