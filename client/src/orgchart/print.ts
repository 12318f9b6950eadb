/**
 * The chart for paper: one page per unit, every unit's posts all shown, a header naming the bureau and the date.
 * The browser prints it (so Chinese stays text in a PDF); orgchart.css hides everything else under `@media print`.
 */
import type { ChartPost } from '../api.ts';
import { h } from '../dom.ts';
import { allUnits, gridColumns, loadColour, loadText, staffOf, type UnitNode } from './model.ts';
import { postKind, s, unitKind } from './strings.ts';

export type Paper = 'A4' | 'A3';
/** Landscape sheets, and the margin the page style gives them, in millimetres. */
export const PAPER: Record<Paper, { width: number; height: number; columns: number }> = {
  A4: { width: 297, height: 210, columns: 5 },
  A3: { width: 420, height: 297, columns: 7 },
};
export const MARGIN_MM = 10;
const PX_PER_MM = 96 / 25.4;

/** The @page rule for a sheet: its size, landscape, and its margin. */
export function pageRule(paper: Paper): string {
  return `@page { size: ${paper} landscape; margin: ${MARGIN_MM}mm; }`;
}

/** What each printed page of a unit can hold, in millimetres: the sheet less its margins. */
export function printable(paper: Paper): { width: number; height: number } {
  return { width: PAPER[paper].width - 2 * MARGIN_MM, height: PAPER[paper].height - 2 * MARGIN_MM };
}

/** Puts the page size in the document (a <style> of its own, replaced on each change), so any print uses it. */
export function usePaper(paper: Paper): void {
  let style = document.getElementById('oc-page-style');
  if (!style) {
    style = h('style', { id: 'oc-page-style' });
    document.head.append(style);
  }
  style.textContent = pageRule(paper);
}

/** The names of the units from the root down to `n`, joined as a path. */
function trail(root: UnitNode, n: UnitNode): string {
  const path: string[] = [];
  const walk = (at: UnitNode): boolean => {
    path.push(at.unit.name);
    if (at === n || at.children.some(walk)) return true;
    path.pop();
    return false;
  };
  walk(root);
  return path.join(' › ');
}

function printCard(p: ChartPost, maxLoad: number): HTMLElement {
  const t = s();
  const { leads, assistants } = staffOf(p);
  return h(
    'div',
    { class: `oc-pcard${p.vacant ? ' vacant' : ''}`, style: `--load: ${loadColour(p.load, maxLoad)}` },
    h('div', { class: 'oc-pcard-title' }, p.title),
    p.kind !== 'staff' ? h('div', { class: 'oc-pcard-kind' }, postKind(p.kind)) : null,
    leads.length ? h('div', {}, `${t.leads}：${leads.join('、')}`) : null,
    assistants.length ? h('div', {}, `${t.assistants}：${assistants.join('、')}`) : null,
    h('div', { class: 'oc-pcard-facts' }, `${t.itemsShort(p.items.length)} · ${t.load} ${loadText(p.load)}${p.vacant ? ` · ${t.vacantPost}` : ''}`),
  );
}

/** A unit with no posts and no units under it: a section known only from 分管 or a remark, with nothing to draw. */
const bare = (n: UnitNode): boolean => n.posts.length === 0 && n.children.length === 0;

/**
 * The print layout: a page per unit of the chart that holds posts or units, parents before children. A section with
 * neither is listed on its parent's page, with who oversees it, rather than printed as an empty page. `overseers`
 * names who oversees a unit (分管), shown under its name.
 */
export function printPages(
  root: UnitNode,
  opts: { bureau: string; date: string; maxLoad: number; paper: Paper; overseers: (unit: string) => string[] },
): HTMLElement {
  const t = s();
  const area = printable(opts.paper);
  const pages = allUnits(root)
    .filter((n) => n === root || !bare(n))
    .map((n) => {
      const overseers = opts.overseers(n.unit.id);
      const sections = n.children.filter(bare);
      const drawn = n.children.filter((c) => !bare(c));
      return h(
        'section',
        { class: 'oc-page', 'data-unit': n.unit.id },
        h(
          'div',
          { class: 'oc-page-body' },
          h('header', { class: 'oc-page-head' }, h('span', {}, t.chartLabel(opts.bureau)), h('span', {}, t.printed(opts.date))),
          h('h2', {}, `${trail(root, n)}（${unitKind(n.unit.kind)}）`),
          h(
            'p',
            { class: 'oc-page-facts' },
            [
              t.posts(n.posts.length),
              n.posts.some((p) => p.vacant) ? t.vacantCount(n.posts.filter((p) => p.vacant).length) : '',
              overseers.length ? `${t.overseenBy}：${overseers.join('；')}` : '',
              drawn.length ? `${t.subUnits}：${drawn.map((c) => c.unit.name).join('、')}` : '',
            ]
              .filter(Boolean)
              .join(' · '),
          ),
          n.posts.length
            ? h(
                'div',
                { class: 'oc-pcards', style: `--cols: ${gridColumns(n.posts.length, PAPER[opts.paper].columns)}` },
                ...n.posts.map((p) => printCard(p, opts.maxLoad)),
              )
            : h('p', { class: 'oc-empty' }, t.noPosts),
          sections.length
            ? h(
                'section',
                { class: 'oc-page-sections', 'data-testid': 'print-sections' },
                h('h3', {}, t.sectionsWithoutPosts(sections.length)),
                h(
                  'ul',
                  {},
                  ...sections.map((c) => {
                    const by = opts.overseers(c.unit.id);
                    return h('li', {}, `${c.unit.name}（${unitKind(c.unit.kind)}）${by.length ? ` · ${t.overseenBy}：${by.join('；')}` : ''}`);
                  }),
                ),
              )
            : null,
        ),
      );
    });
  const el = h('div', { class: 'oc-print', 'data-testid': 'org-print' }, ...pages);
  el.style.setProperty('--page-w', `${area.width}mm`);
  el.style.setProperty('--page-h', `${area.height}mm`);
  return el;
}

/**
 * Shrinks each page whose content is taller than the sheet until it fits (CSS zoom, which shrinks the layout and
 * not only the picture), measuring the pages off screen at the sheet's size. Needs the layout in the document.
 */
export function fitPages(print: HTMLElement, paper: Paper): void {
  const area = printable(paper);
  print.style.setProperty('--page-w', `${area.width}mm`);
  print.style.setProperty('--page-h', `${area.height}mm`);
  print.classList.add('measuring');
  const height = area.height * PX_PER_MM * 0.96;
  for (const body of print.querySelectorAll<HTMLElement>('.oc-page-body')) {
    body.style.zoom = '';
    const tall = body.scrollHeight;
    if (tall > height) body.style.zoom = String(Math.floor((height / tall) * 100) / 100);
  }
  print.classList.remove('measuring');
}
