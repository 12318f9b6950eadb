/** HTML (saved web pages, Word's "save as web page"): tables with their spans, and the text around them. */
import { ElementType } from 'domelementtype';
import type { AnyNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { Block, Cell, TableDocument, TableRow } from '../table-model.ts';

const BLOCK_TAGS = new Set(['p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'caption', 'dt', 'dd', 'section', 'article', 'center']);
const SKIP_TAGS = new Set(['script', 'style', 'head', 'title', 'noscript', 'template', 'svg']);

/** Reads every table of the page (a table inside a cell is that cell's text) and the paragraphs between them. */
export function readHtml(html: string, _file: string): TableDocument {
  const dom = parseDocument(html, { decodeEntities: true });
  const blocks: Block[] = [];
  let tables = 0;
  let line: string[] = [];
  let heading: number | undefined;
  const endLine = () => {
    const text = line
      .join('')
      .replace(/[ \t\u00a0]+/g, ' ')
      .trim();
    if (text) blocks.push({ kind: 'text', text, place: {}, ...(heading ? { heading } : {}) });
    line = [];
    heading = undefined;
  };
  const walk = (node: AnyNode) => {
    if (node.type === ElementType.Text) {
      line.push((node as unknown as { data: string }).data.replace(/\s+/g, ' '));
      return;
    }
    if (!isElement(node) || SKIP_TAGS.has(node.name)) return;
    // a layout table around the real ones (common on government sites): its cells are read as the page
    if (node.name === 'table' && holdsTables(node)) {
      for (const child of node.children) walk(child);
      return;
    }
    if (node.name === 'table') {
      endLine();
      tables++;
      const rows = tableRows(node, tables);
      if (rows.length) blocks.push({ kind: 'table', rows, place: { table: tables } });
      return;
    }
    if (node.name === 'br') return endLine();
    const isBlock = BLOCK_TAGS.has(node.name);
    if (isBlock) endLine();
    const level = /^h([1-6])$/.exec(node.name)?.[1];
    for (const child of node.children) walk(child);
    if (level) heading = Number(level);
    if (isBlock) endLine();
  };
  for (const child of dom.children) walk(child);
  endLine();
  return { format: 'html', blocks };
}

function holdsTables(el: Element): boolean {
  return el.children.some((c) => isElement(c) && (c.name === 'table' || holdsTables(c)));
}

function isElement(node: AnyNode): node is Element {
  return node.type === ElementType.Tag || node.type === ElementType.Script || node.type === ElementType.Style;
}

/** The table's own rows (not those of tables nested in its cells), in thead, tbody, tfoot order as written. */
function tableRows(table: Element, n: number): TableRow[] {
  const rows: TableRow[] = [];
  const visit = (el: Element, header: boolean) => {
    for (const child of el.children) {
      if (!isElement(child)) continue;
      if (child.name === 'tr') rows.push(rowOf(child, header, n, rows.length + 1));
      else if (['thead', 'tbody', 'tfoot'].includes(child.name)) visit(child, child.name === 'thead');
    }
  };
  visit(table, false);
  return rows;
}

function rowOf(tr: Element, header: boolean, table: number, row: number): TableRow {
  const cells: Cell[] = [];
  for (const td of tr.children) {
    if (!isElement(td) || (td.name !== 'td' && td.name !== 'th')) continue;
    // a 定岗定责 table has a dozen columns: a wider span is a damaged page, not a reason to lay out millions of cells
    const span = (name: string, most: number) => Math.max(1, Math.min(most, Number.parseInt(td.attribs[name] ?? '1', 10) || 1));
    cells.push({ text: cellText(td), rowSpan: span('rowspan', 65_534), colSpan: span('colspan', 100), place: { table, row } });
  }
  return { cells, place: { table, row }, ...(header ? { header } : {}) };
}

/** A cell's text with its paragraphs, list items and <br> as line breaks. */
function cellText(el: AnyNode): string {
  const parts: string[] = [];
  const walk = (node: AnyNode) => {
    if (node.type === ElementType.Text) parts.push((node as unknown as { data: string }).data.replace(/\s+/g, ' '));
    if (!isElement(node) || SKIP_TAGS.has(node.name)) return;
    if (node.name === 'br') parts.push('\n');
    const isBlock = BLOCK_TAGS.has(node.name) || node.name === 'tr';
    if (isBlock) parts.push('\n');
    for (const child of node.children) walk(child);
    if (node.name === 'td' || node.name === 'th') parts.push(' ');
    if (isBlock) parts.push('\n');
  };
  for (const child of (el as Element).children) walk(child);
  return parts
    .join('')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}
