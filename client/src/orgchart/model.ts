/**
 * The org chart's data as a tree, and the small decisions about drawing it: which units are open, how cards fall
 * into columns and pages, how load becomes a colour. Pure: no DOM, so they are tested headless.
 */
import type { ChartPost, ChartResponse } from '../api.ts';

export type ChartUnit = ChartResponse['units'][number];

/** A unit of the chart with its own posts (leaders first) and the units under it, and what it holds in all. */
export interface UnitNode {
  unit: ChartUnit;
  depth: number;
  posts: ChartPost[];
  children: UnitNode[];
  /** posts in this unit and every unit under it */
  totalPosts: number;
  /** vacant posts in this unit and every unit under it */
  totalVacant: number;
  /** the highest load of a post in this unit or under it */
  load: number;
}

/** The order units are listed under their parent: departments, then centres, then sections. */
const KIND_ORDER = ['bureau', 'department', 'centre', 'section'];
/** The order posts are listed in a unit: 正职, 副职, then the rest, each in document order. */
const POST_ORDER = ['principal', 'deputy'];
const rank = (order: string[], kind: string) => (order.includes(kind) ? order.indexOf(kind) : order.length);

/** Whether a post is a leader's (正职 or 副职): leaders stand in their own row above the staff. */
export const isLeader = (p: ChartPost): boolean => POST_ORDER.includes(p.kind);

/** The chart as a tree from its root; units whose parent is not drawn hang under the root. */
export function chartTree(chart: ChartResponse): UnitNode {
  const byId = new Map(chart.units.map((u) => [u.id, u]));
  const rootUnit = byId.get(chart.root.id) ?? { ...chart.root, parent: null };
  const kids = new Map<string, ChartUnit[]>();
  for (const u of chart.units) {
    if (u.id === rootUnit.id) continue;
    const parent = u.parent !== null && byId.has(u.parent) ? u.parent : rootUnit.id;
    kids.set(parent, [...(kids.get(parent) ?? []), u]);
  }
  const postsOf = new Map<string, ChartPost[]>();
  for (const p of chart.posts) postsOf.set(p.unit, [...(postsOf.get(p.unit) ?? []), p]);
  const seen = new Set<string>();
  const build = (unit: ChartUnit, depth: number): UnitNode => {
    seen.add(unit.id);
    const posts = (postsOf.get(unit.id) ?? []).map((p, i) => ({ p, i })).sort((a, b) => rank(POST_ORDER, a.p.kind) - rank(POST_ORDER, b.p.kind) || a.i - b.i);
    const children = (kids.get(unit.id) ?? [])
      .filter((u) => !seen.has(u.id))
      .map((u, i) => ({ u, i }))
      .sort((a, b) => rank(KIND_ORDER, a.u.kind) - rank(KIND_ORDER, b.u.kind) || a.i - b.i)
      .map(({ u }) => build(u, depth + 1));
    const own = posts.map(({ p }) => p);
    return {
      unit,
      depth,
      posts: own,
      children,
      totalPosts: own.length + children.reduce((n, c) => n + c.totalPosts, 0),
      totalVacant: own.filter((p) => p.vacant).length + children.reduce((n, c) => n + c.totalVacant, 0),
      load: Math.max(0, ...own.map((p) => p.load), ...children.map((c) => c.load)),
    };
  };
  return build(rootUnit, 0);
}

/** Every unit of the tree, parents before their children (the order of the printed pages). */
export function allUnits(root: UnitNode): UnitNode[] {
  return [root, ...root.children.flatMap(allUnits)];
}

/** The units open when a chart is first shown: the first `levels` levels (the root and the units right under it). */
export function defaultOpen(root: UnitNode, levels = 2): Set<string> {
  return new Set(
    allUnits(root)
      .filter((n) => n.depth < levels)
      .map((n) => n.unit.id),
  );
}

/** The ids of the units from the root down to unit `id` (both included); empty when it is not in the tree. */
export function pathToRoot(root: UnitNode, id: string): string[] {
  if (root.unit.id === id) return [root.unit.id];
  for (const c of root.children) {
    const below = pathToRoot(c, id);
    if (below.length) return [root.unit.id, ...below];
  }
  return [];
}

/** How many pages `count` things make, `size` a page (at least one, so an empty list still has its page). */
export function pageCount(count: number, size: number): number {
  return Math.max(1, Math.ceil(count / size));
}

/** The things on page `page` (from 0, clamped to the pages there are), and the page actually shown. */
export function pageOf<T>(list: readonly T[], page: number, size: number): { items: T[]; page: number; pages: number } {
  const pages = pageCount(list.length, size);
  const at = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return { items: list.slice(at * size, at * size + size), page: at, pages };
}

/** The page (from 0) on which the `index`th thing of a list stands. */
export function pageIndexOf(index: number, size: number): number {
  return Math.max(0, Math.floor(index / size));
}

/**
 * How many columns `count` cards take when at most `max` fit side by side: one row when they fit, else rows as
 * even as they can be (13 cards in at most 6 columns are 5 + 5 + 3, not 6 + 6 + 1).
 */
export function gridColumns(count: number, max: number): number {
  const m = Math.max(1, Math.floor(max));
  if (count <= 1) return 1;
  if (count <= m) return count;
  const rows = Math.ceil(count / m);
  return Math.ceil(count / rows);
}

/** How many cards of `card` px fit side by side in `width` px, `gap` px apart; at least one. */
export function columnsThatFit(width: number, card: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (card + gap)));
}

/**
 * The colour of a load on the scale 0..max: pale yellow for none, through orange, to a light red at the top. Light
 * enough that dark text stays readable on it; the number is always written too, for who cannot tell the colours.
 */
export function loadColour(load: number, max: number): string {
  const t = max > 0 ? Math.min(1, Math.max(0, load / max)) : 0;
  const hue = Math.round(55 - 55 * t);
  const light = Math.round(94 - 24 * t);
  return `hsl(${hue}, 85%, ${light}%)`;
}

/** A load as written next to its colour: one decimal, no trailing zero. */
export function loadText(load: number): string {
  return String(Math.round(load * 10) / 10);
}

/** Who leads (牵头负责人) the post's items, and who only assists (辅助人员), by name. */
export function staffOf(p: ChartPost): { leads: string[]; assistants: string[] } {
  return {
    leads: p.staff.filter((s) => s.lead > 0).map((s) => s.name),
    assistants: p.staff.filter((s) => s.lead === 0 && s.assist > 0).map((s) => s.name),
  };
}

/** The post a node of the graph belongs to, from its id (`post:<file>/<unit>/<seq>/item/…` → the post); null if none. */
export function postOfId(id: string): string | null {
  if (!id.startsWith('post:')) return null;
  return id.replace(/\/item\/\d+(\/.*)?$/, '');
}

/** The zoom steps the buttons and ctrl+wheel move between. */
export const ZOOM_STEPS = [0.3, 0.4, 0.5, 0.6, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2];
/** Below this zoom the cards give way to unit tiles: their text would be too small to read. */
export const TILE_ZOOM = 0.6;

/** The next zoom step from `z` in direction `dir` (+1 in, -1 out), staying within the steps. */
export function stepZoom(z: number, dir: 1 | -1): number {
  if (dir > 0) return ZOOM_STEPS.find((s) => s > z + 1e-9) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1]!;
  return [...ZOOM_STEPS].reverse().find((s) => s < z - 1e-9) ?? ZOOM_STEPS[0]!;
}

/** The width of a character on a line, in ems: CJK and full-width forms take one, the rest a little more than half. */
function charWidth(ch: string): number {
  return /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch) ? 1 : 0.6;
}

/** Breaks text into lines of at most `width` ems (CJK characters are one em), for SVG, which does not wrap itself. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > width && line) {
      lines.push(line);
      line = '';
      used = 0;
    }
    line += ch;
    used += w;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}
