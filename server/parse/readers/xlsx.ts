/** Excel .xlsx (and .xlsm, whose macros are never run): every sheet's cells with their merges, sheet by sheet. */
import ExcelJS from 'exceljs';
import { ParseError } from '../errors.ts';
import type { Block, Cell, TableDocument, TableRow } from '../table-model.ts';
import { rowsToBlocks } from './sheet.ts';
import { zipSync } from 'fflate';
import { unzipParts } from './zip.ts';

/** A 定岗定责 table has hundreds of rows; a sheet with more is something else, refused before it is loaded. */
export const MAX_SHEET_ROWS = 100_000;

/** Cells a sheet may span (rows × columns up to its last used cell) before it is refused unread. */
export const MAX_SHEET_CELLS = 5_000_000;

export async function readXlsx(bytes: Uint8Array, file: string): Promise<TableDocument> {
  // every part inflated here, each no further than the size it declares, so the workbook loaded below holds no
  // more than the limits allow, whatever the archive claims
  const parts = unzipParts(bytes, file, () => true);
  for (const [name, xml] of Object.entries(parts)) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
    const { rows, columns } = extent(xml);
    const sheet = name.replace(/^xl\/worksheets\//, '');
    if (rows > MAX_SHEET_ROWS) throw new ParseError(file, `${sheet} has ${rows} rows; a sheet of more than ${MAX_SHEET_ROWS} rows is not a 定岗定责 table`);
    if (rows * columns > MAX_SHEET_CELLS)
      throw new ParseError(file, `${sheet} reaches row ${rows} and column ${columns}; a sheet that large is not a 定岗定责 table`);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(zipSync(parts, { level: 0 }) as unknown as ArrayBuffer);
  } catch (e) {
    throw new ParseError(file, `the workbook cannot be read (${(e as Error).message.split('\n')[0]}); open and save it again in Excel`);
  }
  const blocks: Block[] = [];
  workbook.eachSheet((sheet) => {
    if (sheet.state !== 'visible') return;
    blocks.push(...rowsToBlocks(sheetRows(sheet)));
  });
  return { format: 'xlsx', blocks };
}

/** The last row and column a sheet's XML uses (or its count of rows, if larger), read without parsing it. */
function extent(xml: Uint8Array): { rows: number; columns: number } {
  const text = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength).toString('latin1');
  let rows = 0;
  let count = 0;
  for (const m of text.matchAll(/<row\b([^>]*)>/g)) {
    count++;
    const r = /\br="(\d+)"/.exec(m[1]!)?.[1];
    if (r) rows = Math.max(rows, Number(r));
  }
  let columns = 0;
  for (const m of text.matchAll(/<c\b[^>]*?\br="([A-Z]{1,3})\d+"/g)) columns = Math.max(columns, columnNumber(m[1]!));
  return { rows: Math.max(rows, count), columns };
}

/** A → 1, Z → 26, AA → 27. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Every row of the sheet; a merged range is one cell at its top-left with its spans, the cells it covers left out. */
function sheetRows(sheet: ExcelJS.Worksheet): TableRow[] {
  const spans = new Map<string, { rowSpan: number; colSpan: number }>();
  const covered = new Set<string>();
  for (const range of (sheet.model as { merges?: string[] }).merges ?? []) {
    const [from, to] = range.split(':').map((a) => sheet.getCell(a));
    if (!from || !to) continue;
    const [r0, c0, r1, c1] = [Number(from.row), Number(from.col), Number(to.row), Number(to.col)];
    spans.set(`${r0}:${c0}`, { rowSpan: r1 - r0 + 1, colSpan: c1 - c0 + 1 });
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (r !== r0 || c !== c0) covered.add(`${r}:${c}`);
  }
  const rows: TableRow[] = [];
  // ExcelJS walks every row to count the columns: counted once
  const columns = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: Cell[] = [];
    for (let c = 1; c <= columns; c++) {
      if (covered.has(`${r}:${c}`)) continue;
      const cell = row.getCell(c);
      const span = spans.get(`${r}:${c}`) ?? { rowSpan: 1, colSpan: 1 };
      cells.push({ text: (cell.text ?? '').replace(/\r\n?/g, '\n'), ...span, place: { sheet: sheet.name, cell: cell.address } });
    }
    rows.push({ cells, place: { sheet: sheet.name, cell: `A${r}` } });
  }
  return rows;
}
