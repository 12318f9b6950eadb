/** Word .docx: the tables of word/document.xml with their spans and repeated headers, and the paragraphs around them. */
import { XMLParser } from 'fast-xml-parser';
import { ParseError } from '../errors.ts';
import type { Block, Cell, TableDocument, TableRow } from '../table-model.ts';
import { partText, unzipParts } from './zip.ts';

/** fast-xml-parser's ordered form: one element is `{ [tag]: children, ':@': attributes }`, text is `{ '#text': … }`. */
type Node = Record<string, unknown>;

// values stay text (a cell reading "1." must stay "1."), and order is kept so paragraphs and tables interleave
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, trimValues: false });

const tagOf = (n: Node) => Object.keys(n).find((k) => k !== ':@')!;
const kids = (n: Node) => (n[tagOf(n)] as Node[] | undefined) ?? [];
const attr = (n: Node, name: string) => (n[':@'] as Record<string, string> | undefined)?.[name];
const child = (n: Node, tag: string) => kids(n).find((c) => tagOf(c) === tag);

/** Reads the body of the document in order; text boxes and headers/footers are not the table. */
export function readDocx(bytes: Uint8Array, file: string): TableDocument {
  const parts = unzipParts(bytes, file, (name) => name === 'word/document.xml');
  let xml: Node[];
  try {
    xml = parser.parse(partText(parts, 'word/document.xml', file)) as Node[];
  } catch (e) {
    throw new ParseError(file, `word/document.xml is damaged (${(e as Error).message.split('\n')[0]}); open and save the document again in Word`);
  }
  const document = xml.find((n) => tagOf(n) === 'w:document');
  const body = document && child(document, 'w:body');
  const blocks: Block[] = [];
  let tables = 0;
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (tag === 'w:p') {
        const text = paragraphText(n).trim();
        const heading = headingLevel(n);
        if (text) blocks.push({ kind: 'text', text, place: {}, ...(heading ? { heading } : {}) });
      } else if (tag === 'w:tbl') {
        tables++;
        blocks.push({ kind: 'table', rows: tableRows(n, tables, file), place: { table: tables } });
      } else if (tag === 'w:sdt') walk(kids(child(n, 'w:sdtContent') ?? {}));
    }
  };
  walk(body ? kids(body) : []);
  return { format: 'docx', blocks };
}

/** A paragraph's runs: text, tabs as spaces, breaks as new lines; deleted text and field codes left out. */
function paragraphText(p: Node): string {
  const out: string[] = [];
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (tag === '#text') continue;
      if (tag === 'w:t')
        out.push(
          kids(n)
            .map((t) => (typeof t['#text'] === 'string' ? t['#text'] : ''))
            .join(''),
        );
      else if (tag === 'w:tab') out.push(' ');
      else if (tag === 'w:br' || tag === 'w:cr') out.push('\n');
      else if (tag === 'w:del' || tag === 'w:instrText' || tag === 'w:pPr' || tag === 'w:rPr') continue;
      else walk(kids(n));
    }
  };
  walk(kids(p));
  return out.join('');
}

/** Heading 1–6 by the paragraph's style (Heading2, 标题 2) or its outline level. */
function headingLevel(p: Node): number | undefined {
  const pPr = child(p, 'w:pPr');
  if (!pPr) return undefined;
  const style = attr(child(pPr, 'w:pStyle') ?? {}, 'w:val') ?? '';
  const byStyle = /^(heading|标题)\s*(\d)$/i.exec(style)?.[2];
  if (byStyle) return Number(byStyle);
  const outline = attr(child(pPr, 'w:outlineLvl') ?? {}, 'w:val');
  return outline !== undefined && Number(outline) < 6 ? Number(outline) + 1 : undefined;
}

interface RawCell {
  col: number;
  span: number;
  merge: 'restart' | 'continue' | null;
  text: string;
}

/** Rows of a w:tbl; vertically merged cells become one cell with a row span. */
function tableRows(tbl: Node, table: number, file: string): TableRow[] {
  // spans are bounded by the table's grid, so a few bytes cannot ask for millions of cells
  const gridColumns = kids(child(tbl, 'w:tblGrid') ?? {}).filter((n) => tagOf(n) === 'w:gridCol').length || 256;
  const bounded = (value: number, what: string) => {
    if (value <= gridColumns) return value;
    throw new ParseError(file, `table ${table}: ${what} ${value} columns, but the table has ${gridColumns}; the document is damaged`);
  };
  const raw: { cells: RawCell[]; header: boolean }[] = [];
  for (const tr of kids(tbl).flatMap((n) => (tagOf(n) === 'w:sdt' ? kids(child(n, 'w:sdtContent') ?? {}) : [n]))) {
    if (tagOf(tr) !== 'w:tr') continue;
    const trPr = child(tr, 'w:trPr');
    const header = Boolean(trPr && child(trPr, 'w:tblHeader') && !['0', 'false'].includes(attr(child(trPr, 'w:tblHeader')!, 'w:val') ?? ''));
    let col = bounded(Number(attr(child(trPr ?? {}, 'w:gridBefore') ?? {}, 'w:val') ?? 0), 'a row skips');
    const cells: RawCell[] = [];
    for (const tc of kids(tr).flatMap((n) => (tagOf(n) === 'w:sdt' ? kids(child(n, 'w:sdtContent') ?? {}) : [n]))) {
      if (tagOf(tc) !== 'w:tc') continue;
      const tcPr = child(tc, 'w:tcPr');
      const span = bounded(Math.max(1, Number(attr(child(tcPr ?? {}, 'w:gridSpan') ?? {}, 'w:val') ?? 1)), 'a cell spans');
      const vMerge = tcPr && child(tcPr, 'w:vMerge');
      const merge = vMerge ? (attr(vMerge, 'w:val') === 'restart' ? 'restart' : 'continue') : null;
      cells.push({ col, span, merge, text: cellText(tc) });
      col += span;
    }
    raw.push({ cells, header });
  }
  // a continued merge with nothing above it to continue is a cell of its own
  raw.forEach((r, i) => {
    for (const c of r.cells) if (c.merge === 'continue' && !raw[i - 1]?.cells.some((d) => d.col === c.col && d.merge)) c.merge = null;
  });
  return raw.map((r, i) => {
    const cells: Cell[] = [];
    let next = 0;
    for (const c of r.cells) {
      if (c.merge === 'continue') {
        next = c.col + c.span;
        continue;
      }
      // columns skipped before this cell (w:gridBefore, or merged cells left out) keep their positions empty
      for (; next < c.col; next++) cells.push({ text: '', rowSpan: 1, colSpan: 1, place: { table, row: i + 1 } });
      let rowSpan = 1;
      if (c.merge === 'restart') while (raw[i + rowSpan]?.cells.some((d) => d.col === c.col && d.merge === 'continue')) rowSpan++;
      cells.push({ text: c.text, rowSpan, colSpan: c.span, place: { table, row: i + 1 } });
      next = c.col + c.span;
    }
    return { cells, place: { table, row: i + 1 }, ...(r.header ? { header: true } : {}) };
  });
}

/** A cell's paragraphs (and those of tables nested in it) as lines. */
function cellText(tc: Node): string {
  const lines: string[] = [];
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (tag === 'w:p') lines.push(paragraphText(n));
      else if (tag === 'w:tbl' || tag === 'w:tr' || tag === 'w:tc' || tag === 'w:sdt' || tag === 'w:sdtContent') walk(kids(n));
    }
  };
  walk(kids(tc));
  return lines
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}
