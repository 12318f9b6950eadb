/**
 * Reporting lines (REPORTS_TO) and 分管 oversight drawn as SVG arrows over the chart, between the boxes they join,
 * each with its basis in a <title>. The table alternative lists the same lines as text.
 */
import type { ChartResponse } from '../api.ts';
import { s } from './strings.ts';

const NS = 'http://www.w3.org/2000/svg';

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** An element's box in the stage's own (unscaled) coordinates. */
function boxIn(stage: HTMLElement, el: HTMLElement, zoom: number): Box {
  const s0 = stage.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return { x: (r.left - s0.left) / zoom, y: (r.top - s0.top) / zoom, w: r.width / zoom, h: r.height / zoom };
}

/** A curve from box a to box b: from a's top to b's bottom when b is above, else from a's bottom to b's top. */
function curve(a: Box, b: Box): string {
  const ax = a.x + a.w / 2;
  const bx = b.x + b.w / 2;
  const up = b.y + b.h <= a.y + 1;
  const ay = up ? a.y : a.y + a.h;
  const by = up ? b.y + b.h : b.y;
  const bend = Math.max(24, Math.abs(by - ay) / 2) * (up ? -1 : 1);
  return `M ${ax} ${ay} C ${ax} ${ay + bend}, ${bx} ${by - bend}, ${bx} ${by}`;
}

/**
 * The lines' SVG, sized to the stage: `post` and `unit` say which drawn element stands for a post or a unit
 * (a collapsed unit stands for the posts inside it). Lines whose two ends are the same box are left out.
 */
export function drawLines(
  stage: HTMLElement,
  chart: ChartResponse,
  zoom: number,
  post: (id: string) => HTMLElement | null,
  unit: (id: string) => HTMLElement | null,
): SVGSVGElement {
  const t = s();
  const width = stage.offsetWidth;
  const height = stage.offsetHeight;
  const marker = (id: string, colour: string) =>
    svgEl(
      'marker',
      { id, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
      svgEl('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: colour }),
    );
  const svg = svgEl(
    'svg',
    { class: 'oc-lines', 'data-testid': 'org-lines', width: String(width), height: String(height), viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true' },
    svgEl('defs', {}, marker('oc-arrow-report', '#1c7ed6'), marker('oc-arrow-oversee', '#2f9e44')),
  );
  const boxes = new Map<HTMLElement, Box>();
  const box = (el: HTMLElement) => boxes.get(el) ?? boxes.set(el, boxIn(stage, el, zoom)).get(el)!;
  const ids = new Map<HTMLElement, number>();
  const idOf = (el: HTMLElement) => ids.get(el) ?? ids.set(el, ids.size).get(el)!;
  const drawn = new Map<string, SVGPathElement>();
  const line = (from: HTMLElement | null, to: HTMLElement | null, kind: 'report' | 'oversee', title: string) => {
    if (!from || !to || from === to || from.contains(to) || to.contains(from)) return;
    const key = `${kind}:${idOf(from)}>${idOf(to)}`;
    const same = drawn.get(key);
    if (same) {
      same.querySelector('title')!.append(`\n${title}`);
      return;
    }
    const path = svgEl('path', { class: `oc-line ${kind}`, d: curve(box(from), box(to)), 'marker-end': `url(#oc-arrow-${kind})` }, svgEl('title', {}, title));
    drawn.set(key, path);
    svg.append(path);
  };
  const titleOf = (id: string) => chart.posts.find((p) => p.id === id)?.title ?? id;
  const unitName = (id: string) => chart.units.find((u) => u.id === id)?.name ?? id;
  for (const r of chart.reporting) {
    const basis = [r.basis, ...r.rules].filter(Boolean).join('；');
    line(post(r.from), post(r.to), 'report', `${titleOf(r.from)} ${t.reportsTo} ${titleOf(r.to)}${basis ? `：${basis}` : ''}`);
  }
  for (const o of chart.oversight) line(post(o.post), unit(o.unit), 'oversee', `${titleOf(o.post)} ${t.oversees} ${unitName(o.unit)}：${o.basis}`);
  return svg;
}
