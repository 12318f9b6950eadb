/** Text files: decoding (UTF-8, GB18030, BOM, CRLF) and the tab-separated export as the table model. */
import { ParseError } from '../errors.ts';
import type { Block, TableDocument, TableRow } from '../table-model.ts';

/** Bytes to text: UTF-8 where the bytes are UTF-8, otherwise GB18030 (a superset of GBK); BOM and CRLF removed. */
export function decodeText(bytes: Uint8Array, file: string): string {
  // Notepad's "Unicode": UTF-16 with its byte-order mark
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return normalised(new TextDecoder('utf-16le').decode(bytes));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return normalised(new TextDecoder('utf-16be').decode(bytes));
  const sample = bytes.subarray(0, 65536);
  let controls = 0;
  for (const c of sample) {
    if (c < 9 || (c > 13 && c < 32)) controls++;
  }
  if (sample.includes(0) || controls > sample.length / 100) throw new ParseError(file, 'the file is binary, not text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      throw new ParseError(file, 'the file is text in neither UTF-8 nor GBK/GB18030; save it as UTF-8');
    }
  }
  return normalised(text);
}

/** Without a byte-order mark, and with LF line ends. */
function normalised(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Tab-separated lines as table rows (consecutive ones form a table, blank lines between them do not end it); other lines as text. */
export function readTabbedText(lines: string[]): TableDocument {
  const blocks: Block[] = [];
  let table: TableRow[] | null = null;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    if (!raw.includes('\t')) {
      table = null;
      const heading = /^(#{1,6})\s/.exec(raw)?.[1]?.length;
      blocks.push({ kind: 'text', text: raw, place: { line }, ...(heading ? { heading } : {}) });
      return;
    }
    const row: TableRow = { cells: raw.split('\t').map((text) => ({ text, rowSpan: 1, colSpan: 1, place: { line } })), place: { line } };
    if (table) table.push(row);
    else {
      table = [row];
      blocks.push({ kind: 'table', rows: table, place: { line } });
    }
  });
  return { format: 'text', blocks };
}
