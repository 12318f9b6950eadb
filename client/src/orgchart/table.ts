/** The chart as tables, for keyboard and screen-reader users: every post with its facts, then every line. */
import type { ChartResponse } from '../api.ts';
import { h } from '../dom.ts';
import { allUnits, loadText, staffOf, type UnitNode } from './model.ts';
import { postKind, s, unitKind } from './strings.ts';

/** A table of the posts (unit, post, kind, leads, assistants, items, vacancy, load) and one of the lines. */
export function chartTable(chart: ChartResponse, root: UnitNode): HTMLElement {
  const t = s();
  const th = (text: string) => h('th', { scope: 'col' }, text);
  const units = allUnits(root);
  const posts = h(
    'table',
    { class: 'oc-grid', 'data-testid': 'org-table-posts' },
    h('caption', {}, t.tableCaption(root.unit.name)),
    h('thead', {}, h('tr', {}, ...[t.colUnit, t.colPost, t.colKind, t.colLeads, t.colAssistants, t.colItems, t.colVacant, t.colLoad].map(th))),
    h(
      'tbody',
      {},
      ...units.flatMap((n) =>
        n.posts.map((p) => {
          const { leads, assistants } = staffOf(p);
          return h(
            'tr',
            { class: p.vacant ? 'vacant' : '' },
            h('td', {}, `${n.unit.name}（${unitKind(n.unit.kind)}）`),
            h('th', { scope: 'row' }, p.title),
            h('td', {}, postKind(p.kind)),
            h('td', {}, leads.join('、')),
            h('td', {}, assistants.join('、')),
            h('td', { class: 'num' }, String(p.items.length)),
            h('td', {}, p.vacant ? t.yes : t.no),
            h('td', { class: 'num' }, loadText(p.load)),
          );
        }),
      ),
    ),
  );
  const title = (id: string) => chart.posts.find((p) => p.id === id)?.title ?? id;
  const unitName = (id: string) => chart.units.find((u) => u.id === id)?.name ?? id;
  const rows = [
    ...chart.reporting.map((r) => [title(r.from), t.reportsTo, title(r.to), [r.basis, ...r.rules].filter(Boolean).join('；')]),
    ...chart.oversight.map((o) => [title(o.post), t.oversees, unitName(o.unit), o.basis]),
  ];
  const lines = h(
    'table',
    { class: 'oc-grid', 'data-testid': 'org-table-lines' },
    h('caption', {}, t.linesCaption),
    h('thead', {}, h('tr', {}, ...[t.colFrom, t.colRelation, t.colTo, t.colBasis].map(th))),
    h(
      'tbody',
      {},
      ...rows.map(([from, rel, to, basis]) =>
        h('tr', {}, h('th', { scope: 'row' }, from ?? ''), h('td', {}, rel ?? ''), h('td', {}, to ?? ''), h('td', {}, basis ?? '')),
      ),
    ),
  );
  return h('div', { class: 'oc-tables' }, posts, lines);
}
