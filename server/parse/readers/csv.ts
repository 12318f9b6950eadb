/** CSV and TSV: records with several fields are table rows; a record with only its first field is a line of text. */
import { parse } from 'csv-parse/sync';
import { ParseError } from '../errors.ts';
import type { TableDocument } from '../table-model.ts';
import { rowsToBlocks } from './sheet.ts';

/** Reads comma-, semicolon- or tab-separated text; the delimiter is the one the header line uses most. */
export function readCsv(text: string, file: string): TableDocument {
  const firstLines = text.split('\n', 20).join('\n');
  const delimiter = [',', '\t', ';'].map((d) => [d, firstLines.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new ParseError(file, `the CSV cannot be read: ${(e as Error).message.split('\n')[0]}`, line);
  }
  const rows = records.map((fields, i) => ({
    cells: fields.map((text) => ({ text, rowSpan: 1, colSpan: 1, place: { line: i + 1 } })),
    place: { line: i + 1 },
  }));
  return { format: 'csv', blocks: rowsToBlocks(rows) };
}
