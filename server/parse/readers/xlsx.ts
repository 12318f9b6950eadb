/** Excel .xlsx (and .xlsm, whose macros are never run): every sheet's cells with their merges, sheet by sheet. */
import ExcelJS from 'exceljs';
import { ParseError } from '../errors.ts';
import type { Block, Cell, TableDocument, TableRow } from '../table-model.ts';
import { rowsToBlocks } from './sheet.ts';
import { unzipParts } from './zip.ts';

/** A 定岗定责 table has hundreds of rows; a sheet with more is something else, refused before it is loaded. */
export const MAX_SHEET_ROWS = 100_000;

export async function readXlsx(bytes: Uint8Array, file: string): Promise<TableDocument> {
  const sheets = unzipParts(bytes, file, (name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name));
  for (const [name, xml] of Object.entries(sheets)) {
    const rows = countRows(xml);
    if (rows > MAX_SHEET_ROWS) {
      throw new ParseError(
        file,
        `${name.replace(/^xl\/worksheets\//, '')} has ${rows} rows; a sheet of more than ${MAX_SHEET_ROWS} rows is not a 定岗定责 table`,
      );
    }
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
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

/** `<row ` elements in a sheet's XML, counted without parsing it. */
function countRows(xml: Uint8Array): number {
  const text = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  let n = 0;
  for (let at = text.indexOf('<row'); at >= 0; at = text.indexOf('<row', at + 4)) n++;
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
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: Cell[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      if (covered.has(`${r}:${c}`)) continue;
      const cell = row.getCell(c);
      const span = spans.get(`${r}:${c}`) ?? { rowSpan: 1, colSpan: 1 };
      cells.push({ text: (cell.text ?? '').replace(/\r\n?/g, '\n'), ...span, place: { sheet: sheet.name, cell: cell.address } });
    }
    rows.push({ cells, place: { sheet: sheet.name, cell: `A${r}` } });
  }
  return rows;
}
