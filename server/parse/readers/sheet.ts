/** What spreadsheets and CSV have in common: one grid per sheet, with the text around the tables in single cells. */
import type { Block, TableRow } from '../table-model.ts';

/** Rows with only their first cell filled are lines of text; runs of the other rows are tables. */
export function rowsToBlocks(rows: TableRow[]): Block[] {
  const blocks: Block[] = [];
  let table: TableRow[] | null = null;
  for (const row of rows) {
    const filled = row.cells.filter((c) => c.text.trim());
    const only = filled[0];
    if (filled.length === 0) continue;
    if (filled.length === 1 && only && only === row.cells[0]) {
      table = null;
      blocks.push({ kind: 'text', text: only.text.trim(), place: only.place });
      continue;
    }
    if (table) table.push(row);
    else {
      table = [row];
      blocks.push({ kind: 'table', rows: table, place: row.place });
    }
  }
  return blocks;
}
