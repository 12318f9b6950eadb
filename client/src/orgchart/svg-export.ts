/**
 * The chart as a standalone SVG document: every unit in turn, its posts as boxes with their text as <text>
 * elements (not HTML in a foreignObject), so any editor or printer reads the Chinese as text. Pure: a string.
 */
import type { ChartPost } from '../api.ts';
import { allUnits, gridColumns, loadColour, loadText, staffOf, wrapText, type UnitNode } from './model.ts';
import { s, unitKind } from './strings.ts';

/** The card's geometry, in SVG user units (px). */
const CARD = { width: 230, gap: 12, pad: 10, line: 17, font: 13, titleFont: 14, maxColumns: 5 } as const;
const MARGIN = 24;

/** Escapes text for XML content and attribute values. */
export function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One <text> of several lines at (x, y), each line a <tspan>, so a reader finds the whole text in one element. */
function textBlock(x: number, y: number, lines: string[], attrs: string, lineHeight: number): string {
  const spans = lines.map((l, i) => `<tspan x="${x}" dy="${i === 0 ? 0 : lineHeight}">${xml(l)}</tspan>`).join('');
  return `<text x="${x}" y="${y}" ${attrs}>${spans}</text>`;
}

/** The lines a card prints: title, leads, assistants, then items, vacancy and load. */
function cardLines(p: ChartPost): { title: string[]; body: string[] } {
  const t = s();
  const { leads, assistants } = staffOf(p);
  const width = (CARD.width - 2 * CARD.pad) / CARD.font;
  const body = [
    ...(leads.length ? wrapText(`${t.leads}：${leads.join('、')}`, width) : []),
    ...(assistants.length ? wrapText(`${t.assistants}：${assistants.join('、')}`, width) : []),
    `${t.itemsShort(p.items.length)} · ${t.load} ${loadText(p.load)}${p.vacant ? ` · ${t.vacant}` : ''}`,
  ];
  return { title: wrapText(p.title, (CARD.width - 2 * CARD.pad) / CARD.titleFont), body };
}

/** One post's box and text at (x, y); returns the SVG and the box's height. */
function card(p: ChartPost, x: number, y: number, maxLoad: number): { svg: string; height: number } {
  const { title, body } = cardLines(p);
  const height = CARD.pad * 2 + title.length * (CARD.titleFont + 4) + body.length * CARD.line;
  const dash = p.vacant ? ' stroke-dasharray="6 4"' : '';
  const fill = p.vacant ? '#f8f9fa' : '#ffffff';
  const svg = [
    `<g class="post" data-post="${xml(p.id)}">`,
    `<rect x="${x}" y="${y}" width="${CARD.width}" height="${height}" rx="6" fill="${fill}" stroke="#868e96"${dash}/>`,
    `<rect x="${x}" y="${y}" width="6" height="${height}" fill="${loadColour(p.load, maxLoad)}"/>`,
    textBlock(x + CARD.pad + 4, y + CARD.pad + CARD.titleFont, title, `font-size="${CARD.titleFont}" font-weight="bold" fill="#1c2b4a"`, CARD.titleFont + 4),
    textBlock(x + CARD.pad + 4, y + CARD.pad + title.length * (CARD.titleFont + 4) + CARD.font, body, `font-size="${CARD.font}" fill="#212529"`, CARD.line),
    `</g>`,
  ];
  return { svg: svg.join(''), height };
}

/** The names of the units from the root down to `n`, for a unit's heading. */
function trail(root: UnitNode, n: UnitNode): string {
  const find = (at: UnitNode, path: string[]): string[] | null => {
    const here = [...path, at.unit.name];
    if (at === n) return here;
    for (const c of at.children) {
      const r = find(c, here);
      if (r) return r;
    }
    return null;
  };
  return (find(root, []) ?? [n.unit.name]).join(' › ');
}

/**
 * The chart as an SVG document: a title (the bureau and the date), then each unit with its heading and its posts'
 * boxes in rows, leaders first.
 */
export function chartSvg(root: UnitNode, opts: { bureau: string; date: string; maxLoad: number }): string {
  const t = s();
  const columns = CARD.maxColumns;
  const width = MARGIN * 2 + columns * CARD.width + (columns - 1) * CARD.gap;
  const parts: string[] = [];
  let y = MARGIN + 22;
  parts.push(`<text x="${MARGIN}" y="${y}" font-size="22" font-weight="bold" fill="#1c2b4a">${xml(t.chartLabel(opts.bureau))}</text>`);
  y += 22;
  parts.push(`<text x="${MARGIN}" y="${y}" font-size="13" fill="#495057">${xml(t.printed(opts.date))}</text>`);
  y += 20;
  for (const n of allUnits(root)) {
    y += 16;
    const heading = `${trail(root, n)}（${unitKind(n.unit.kind)}）· ${t.posts(n.posts.length)}`;
    parts.push(`<g class="unit" data-unit="${xml(n.unit.id)}">`);
    parts.push(`<rect x="${MARGIN - 8}" y="${y - 18}" width="${width - 2 * MARGIN + 16}" height="28" rx="4" fill="#e7edf7"/>`);
    parts.push(`<text x="${MARGIN}" y="${y + 1}" font-size="16" font-weight="bold" fill="#1c2b4a">${xml(heading)}</text>`);
    y += 22;
    const cols = gridColumns(n.posts.length, columns);
    for (let row = 0; row * cols < n.posts.length; row++) {
      let rowHeight = 0;
      n.posts.slice(row * cols, row * cols + cols).forEach((p, i) => {
        const c = card(p, MARGIN + i * (CARD.width + CARD.gap), y, opts.maxLoad);
        parts.push(c.svg);
        rowHeight = Math.max(rowHeight, c.height);
      });
      y += rowHeight + CARD.gap;
    }
    if (n.posts.length === 0) {
      parts.push(`<text x="${MARGIN}" y="${y + 12}" font-size="13" fill="#495057">${xml(t.noPosts)}</text>`);
      y += 24;
    }
    parts.push('</g>');
  }
  const height = y + MARGIN;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif">`,
    `<title>${xml(t.chartLabel(opts.bureau))}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}
