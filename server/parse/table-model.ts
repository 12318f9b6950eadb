/**
 * The table model between a document's bytes and the canonical document. Every reader (text, HTML, CSV, Word,
 * Excel, PDF) yields it and knows nothing of 岗位 or 负责人; the interpreter turns it into the canonical document
 * and knows nothing of formats.
 */

/** Where something stands in the document, in the document's own terms. */
export interface Place {
  /** 1-based page of a PDF */
  page?: number;
  /** the box on that page, in PDF points from the page's top-left corner: [x0, y0, x1, y1] */
  box?: [number, number, number, number];
  /** Excel sheet name */
  sheet?: string;
  /** Excel cell address such as B14 */
  cell?: string;
  /** 1-based table and row of a Word or HTML document */
  table?: number;
  row?: number;
  /** 1-based line of a text or CSV file */
  line?: number;
}

export interface Cell {
  /** the cell's text; line breaks inside the cell are kept as \n */
  text: string;
  rowSpan: number;
  colSpan: number;
  place: Place;
  /**
   * For each line break in `text`, whether the line ran to the cell's edge: a wrap of the layout (a PDF's cell too
   * narrow for its text) rather than a break the writer made. Absent where the format keeps no such difference.
   */
  wraps?: boolean[];
}

/** One row as the document wrote it: cells covered by a span from an earlier row or column are left out. */
export interface TableRow {
  cells: Cell[];
  /** the document marks the row as a header repeated on each page (w:tblHeader, <thead>) */
  header?: boolean;
  /** the first row after a page break: it may be the rest of the row before the break */
  continues?: boolean;
  place: Place;
}

export type Block =
  /** a paragraph or line of text outside the tables; heading is its level where the document marks one */
  { kind: 'text'; text: string; heading?: number; place: Place } | { kind: 'table'; rows: TableRow[]; place: Place };

export type SourceFormat = 'text' | 'html' | 'csv' | 'docx' | 'xlsx' | 'pdf';

/** A document as text and tables in reading order. */
export interface TableDocument {
  format: SourceFormat;
  blocks: Block[];
}

/** How a place is printed for a user who checks it against the paper: 第 3 页, 表 2 第 5 行, Sheet1!B14, 第 12 行. */
export function placeLabel(p: Place): string {
  if (p.sheet !== undefined) return p.cell ? `${p.sheet}!${p.cell}` : p.sheet;
  const parts: string[] = [];
  if (p.page !== undefined) parts.push(`第 ${p.page} 页`);
  if (p.table !== undefined) parts.push(`表 ${p.table}`);
  if (p.row !== undefined) parts.push(`第 ${p.row} 行`);
  else if (p.line !== undefined) parts.push(`第 ${p.line} 行`);
  return parts.join(' ');
}

/** A cell of a grid: the row's cells laid out by column, a span's text repeated in every position it covers. */
export interface GridCell {
  text: string;
  wraps?: boolean[];
  /** false where the position is covered by a span that starts in an earlier row or column */
  origin: boolean;
  place: Place;
}

/** Lays a table's rows out as a grid, so column i of every row means the same thing. */
export function toGrid(rows: TableRow[]): GridCell[][] {
  const grid: GridCell[][] = [];
  /** spans from earlier rows: column → rows still covered and the cell covering them */
  const pending = new Map<number, { left: number; cell: Cell }>();
  for (const row of rows) {
    const out: GridCell[] = [];
    let col = 0;
    const fillPending = () => {
      for (let p = pending.get(col); p; p = pending.get(col)) {
        out.push({ text: p.cell.text, wraps: p.cell.wraps, origin: false, place: p.cell.place });
        if (--p.left === 0) pending.delete(col);
        col++;
      }
    };
    for (const cell of row.cells) {
      fillPending();
      for (let c = 0; c < Math.max(1, cell.colSpan); c++) {
        out.push({ text: cell.text, wraps: cell.wraps, origin: c === 0, place: cell.place });
        if (cell.rowSpan > 1) pending.set(col, { left: cell.rowSpan - 1, cell });
        col++;
      }
    }
    fillPending();
    // spans to the right of the last written cell
    for (const c of [...pending.keys()].sort((a, b) => a - b)) {
      if (c < out.length) continue;
      while (out.length < c) out.push({ text: '', origin: true, place: row.place });
      col = c;
      fillPending();
    }
    grid.push(out);
  }
  return grid;
}
