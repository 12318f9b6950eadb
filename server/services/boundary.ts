/** The 职责边界清单 as a spreadsheet (exceljs) or CSV with a byte-order mark, one row per duplicated duty. */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { boundaryRows, type BoundaryRow } from '../analyses/boundary.ts';
import type { Db } from '../db/driver.ts';
import { boundaryPairs } from './duplicates.ts';

const REASONS: Record<string, string> = { meaning: '语义相近', 'meaning-and-words': '语义相近且用词相同', words: '用词相同', housekeeping: '内务' };

/** The columns, in Chinese, with a width in characters. */
const COLUMNS: { header: string; width: number; value: (r: BoundaryRow, n: number) => string | number }[] = [
  { header: '序号', width: 6, value: (_, n) => n },
  { header: '职责事项', width: 36, value: (r) => r.duty },
  { header: '涉及单位', width: 30, value: (r) => r.units.join('\n') },
  { header: '岗位及原文（来源）', width: 80, value: (r) => r.members.map((m) => `${m.unit}｜${m.post}：${m.text}（${m.doc} 第${m.line}行）`).join('\n') },
  { header: '相似度', width: 8, value: (r) => r.score },
  { header: '判定依据', width: 14, value: (r) => r.reasons.map((x) => REASONS[x] ?? x).join('、') },
  { header: '审核', width: 10, value: (r) => (r.mark === 'confirmed' ? '已确认重复' : '疑似重复') },
  { header: '备注', width: 24, value: (r) => r.notes.join('\n') },
  { header: '牵头单位（建议）', width: 24, value: (r) => r.lead },
  { header: '配合单位（建议）', width: 30, value: (r) => r.assisting.join('\n') },
];

export const BOUNDARY_TITLE = '职责边界清单';
const NOTE = '由定岗定责定流程表自动比对生成：“已确认重复”经人工审核，“疑似重复”未审核；牵头与配合单位为系统建议，须经编办确认。';

/** The list's rows from the graph. */
export async function boundary(db: Db): Promise<BoundaryRow[]> {
  return boundaryRows(await boundaryPairs(db));
}

/** The list as CSV, UTF-8 with a byte-order mark so that spreadsheets read the Chinese. */
export function boundaryCsv(rows: BoundaryRow[]): string {
  return stringify(
    rows.map((r, i) => COLUMNS.map((c) => c.value(r, i + 1))),
    { header: true, columns: COLUMNS.map((c) => c.header), bom: true },
  );
}

/** The list as an XLSX workbook: a title, the date, the note on suggestions, then a row per duty. */
export async function boundaryXlsx(rows: BoundaryRow[], date = new Date()): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'bureau-graph';
  const sheet = book.addWorksheet(BOUNDARY_TITLE, {
    views: [{ state: 'frozen', ySplit: 4 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToWidth: 1 },
  });
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
  sheet.addRow([BOUNDARY_TITLE]).font = { bold: true, size: 16 };
  sheet.addRow([`生成日期：${date.toISOString().slice(0, 10)}，共 ${rows.length} 项`]);
  sheet.addRow([NOTE]).font = { italic: true, color: { argb: 'FF666666' } };
  const header = sheet.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.eachCell((cell) => (cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } }));
  rows.forEach((r, i) => {
    const row = sheet.addRow(COLUMNS.map((c) => c.value(r, i + 1)));
    row.alignment = { vertical: 'top', wrapText: true };
  });
  sheet.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: COLUMNS.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}
