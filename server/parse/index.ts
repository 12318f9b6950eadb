/**
 * The parser's one entry point: sniffs the format from the bytes, hands them to that format's reader (the
 * table model), interprets the tables, and validates the result against the canonical model.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CanonicalDocument, type Finding } from '../model/document.ts';
import { DocumentBuilder } from './builder.ts';
import { ParseError } from './errors.ts';
import { interpret } from './interpret.ts';
import { linkWorkflowCodes } from './link-codes.ts';
import { parsePdfFlow } from './pdf-flow.ts';
import { decodeText, readTabbedText } from './readers/text.ts';
import type { Place, SourceFormat, TableDocument } from './table-model.ts';

export { ParseError } from './errors.ts';

/** Bumped when the parser reads documents differently, so re-importing an unchanged file still refreshes its graph. */
export const PARSER_VERSION = '4';

/** Largest document accepted by default (MAX_DOCUMENT_MB overrides it in the app). */
export const MAX_BYTES = 50 * 1024 * 1024;

export interface ParseOptions {
  /** documents over this many bytes are refused before they are read */
  maxBytes?: number;
  /** progress through a long document (pages of a PDF) */
  onProgress?: (done: number, total: number) => void;
}

/** A parsed document with its text, one line per paragraph or table row, which the graph keeps for provenance. */
export interface ParsedDocument {
  doc: CanonicalDocument;
  lines: string[];
}

type Sniffed = SourceFormat | 'legacy';

/** The format by the bytes, whatever the file's name says. */
export function sniff(bytes: Uint8Array, file: string): Sniffed {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head.readUInt32BE(0) === 0x504b0304) {
    const names = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 1 << 20))).toString('latin1');
    if (names.includes('word/')) return 'docx';
    if (names.includes('xl/')) return 'xlsx';
    throw new ParseError(file, 'the file is a zip archive but neither a Word (.docx) nor an Excel (.xlsx) document');
  }
  if (head.readUInt32BE(0) === 0xd0cf11e0) return 'legacy';
  // past a BOM, an XML declaration, a DOCTYPE and comments (<!-- saved from url=… --> as browsers save pages)
  const start = Buffer.from(bytes.subarray(0, 4096))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/^(\s*(<\?xml[^>]*>|<!doctype[^>]*>|<!--[\s\S]*?-->))*\s*/i, '')
    .slice(0, 200)
    .toLowerCase();
  if (/^<(html|head|body|meta|table|title)\b/.test(start)) return 'html';
  if (/\.(csv|tsv)$/i.test(file)) return 'csv';
  return 'text';
}

/** Parses one document's text (a text export) into the canonical document. */
export function parseText(text: string, file: string, sha256 = createHash('sha256').update(text).digest('hex')): CanonicalDocument {
  const lines = text.split('\n');
  if (isPdfFlow(lines)) {
    const b = new DocumentBuilder(file);
    const { title } = parsePdfFlow(lines, file, b);
    return finish(b, file, sha256, 'pdf-flow', title);
  }
  return fromTables(readTabbedText(lines), file, sha256, (p) => p.line ?? 1).doc;
}

/** Text extracted from a PDF in reading order: the header words stand on a line of their own, no tabs. */
function isPdfFlow(lines: string[]): boolean {
  return !lines.some((l) => l.includes('\t')) && lines.some((l) => /^序号\s+岗位名称\s+工作事项/.test(l.trim()));
}

/** Parses a document's bytes in any accepted format. */
export async function parseBytes(bytes: Buffer, file: string, opts: ParseOptions = {}): Promise<ParsedDocument> {
  const maxBytes = opts.maxBytes ?? MAX_BYTES;
  if (bytes.length === 0) throw new ParseError(file, 'the file is empty');
  if (bytes.length > maxBytes) throw tooLarge(file, bytes.length, maxBytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const format = sniff(bytes, file);
  if (format === 'legacy') return convertLegacy(bytes, file, opts);
  if (format === 'text') {
    const text = decodeText(bytes, file);
    const lines = text.split('\n');
    if (isPdfFlow(lines)) return { doc: parseText(text, file, sha256), lines };
    return fromTables(readTabbedText(lines), file, sha256, (p) => p.line ?? 1, lines);
  }
  const table = await readFormat(format, bytes, file, opts);
  const { lines, lineOf } = linearise(table);
  return fromTables(table, file, sha256, lineOf, lines);
}

async function readFormat(format: Exclude<SourceFormat, 'text'>, bytes: Buffer, file: string, opts: ParseOptions): Promise<TableDocument> {
  switch (format) {
    case 'pdf':
      return (await import('./readers/pdf.ts')).readPdf(new Uint8Array(bytes), file, { onPage: opts.onProgress });
    case 'docx':
      return (await import('./readers/docx.ts')).readDocx(bytes, file);
    case 'xlsx':
      return (await import('./readers/xlsx.ts')).readXlsx(bytes, file);
    case 'html':
      return (await import('./readers/html.ts')).readHtml(decodeText(bytes, file), file);
    case 'csv':
      return (await import('./readers/csv.ts')).readCsv(decodeText(bytes, file), file);
  }
}

/** One line per paragraph and per table row (cells tab-separated), so every fact has a line as well as a place. */
function linearise(t: TableDocument): { lines: string[]; lineOf: (p: Place) => number } {
  const lines: string[] = [];
  const at = new Map<Place, number>();
  const flat = (s: string) => s.replace(/\s*\n\s*/g, ' ');
  for (const block of t.blocks) {
    if (block.kind === 'text') {
      lines.push(flat(block.text));
      at.set(block.place, lines.length);
      continue;
    }
    at.set(block.place, lines.length + 1);
    for (const row of block.rows) {
      lines.push(row.cells.map((c) => flat(c.text)).join('\t'));
      at.set(row.place, lines.length);
    }
  }
  return { lines, lineOf: (p) => at.get(p) ?? 1 };
}

function fromTables(t: TableDocument, file: string, sha256: string, lineOf: (p: Place) => number, lines: string[] = []): ParsedDocument {
  const b = new DocumentBuilder(file);
  const { title } = interpret(t, file, b, lineOf);
  const layout = t.format === 'text' ? 'tab-table' : t.format;
  if (!b.units.length && !t.blocks.some((x) => x.kind === 'table')) throw new ParseError(file, 'no 定岗定责 table found: the document has no table');
  return { doc: finish(b, file, sha256, layout, title), lines };
}

function finish(b: DocumentBuilder, file: string, sha256: string, layout: CanonicalDocument['layout'], title: string | null): CanonicalDocument {
  const posts = b.units.reduce((n, u) => n + u.posts.length, 0);
  if (posts === 0) throw new ParseError(file, 'no 定岗定责 table found: no table has a header row with 岗位名称 and posts under it');
  return CanonicalDocument.parse({
    source: file,
    sha256,
    layout,
    title,
    units: b.units,
    flowcharts: b.flowcharts,
    workflowLinks: linkWorkflowCodes(b.units, b.flowcharts),
    sectionHeads: b.sectionHeads,
    findings: b.findings,
  });
}

function tooLarge(file: string, size: number, max: number): ParseError {
  return new ParseError(file, `the file has ${(size / 2 ** 20).toFixed(1)} MiB; documents over ${max / 2 ** 20} MiB are refused`);
}

/** .doc, .xls and .wps: converted by LibreOffice where it is installed, otherwise refused with what to do. */
async function convertLegacy(bytes: Buffer, file: string, opts: ParseOptions): Promise<ParsedDocument> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bg-legacy-'));
  try {
    const input = path.join(dir, `input${path.extname(file) || '.doc'}`);
    await writeFile(input, bytes);
    const spreadsheet = /\.(xls|et)$/i.test(file);
    const target = spreadsheet ? 'xlsx' : 'docx';
    try {
      await promisify(execFile)('soffice', ['--headless', '--convert-to', target, '--outdir', dir, input], { timeout: 120_000 });
    } catch {
      throw new ParseError(file, `the file is an old binary Office or WPS document; save it as .${target} (Word/Excel 2007 or later) and import that`);
    }
    const converted = await readFile(path.join(dir, `input.${target}`)).catch(() => null);
    if (!converted) throw new ParseError(file, `LibreOffice could not convert the file; save it as .${target} and import that`);
    const parsed = await parseBytes(converted, file, opts);
    const note: Finding = {
      kind: 'converted',
      message: `converted from an old binary Office/WPS file to .${target} by LibreOffice before reading`,
      provenance: { doc: file, lines: [1, 1] },
    };
    return { ...parsed, doc: { ...parsed.doc, findings: [note, ...parsed.doc.findings] } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads and parses one file; the document is named by its base name. */
export async function readDocument(filePath: string, opts: ParseOptions = {}): Promise<ParsedDocument> {
  const file = path.basename(filePath);
  const maxBytes = opts.maxBytes ?? MAX_BYTES;
  try {
    const { size } = await stat(filePath);
    if (size > maxBytes) throw tooLarge(file, size, maxBytes);
    return await parseBytes(await readFile(filePath), file, opts);
  } catch (e) {
    if (e instanceof ParseError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code) throw new ParseError(file, `cannot read: ${code}`);
    throw e;
  }
}

/** Reads and parses one file into the canonical document. */
export async function parseFile(filePath: string, opts: ParseOptions = {}): Promise<CanonicalDocument> {
  return (await readDocument(filePath, opts)).doc;
}
