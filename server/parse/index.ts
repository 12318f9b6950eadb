/**
 * The parser's one entry point: checks and decodes the bytes, detects the layout, dispatches to its parser,
 * and validates the result against the canonical model.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CanonicalDocument } from '../model/document.ts';
import { DocumentBuilder } from './builder.ts';
import { ParseError } from './errors.ts';
import { parsePdfFlow } from './pdf-flow.ts';
import { parseTabTable } from './tab-table.ts';
import { linkWorkflowCodes } from './link-codes.ts';

export { ParseError } from './errors.ts';

/** Bumped when the parser reads documents differently, so re-importing an unchanged file still refreshes its graph. */
export const PARSER_VERSION = '3';

/** Largest document accepted; a real 定岗定责 table is well under 1 MB. */
export const MAX_BYTES = 20 * 1024 * 1024;

/** Bytes to text: refuses empty, binary, non-UTF-8 (GBK/GB18030) and HTML input with a one-line reason. */
export function decodeSource(bytes: Buffer, file: string): string {
  if (bytes.length === 0) throw new ParseError(file, 'the file is empty');
  if (bytes.length > MAX_BYTES)
    throw new ParseError(file, `the file has ${(bytes.length / 2 ** 20).toFixed(1)} MiB; documents over ${MAX_BYTES / 2 ** 20} MiB are refused`);
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
    const offset = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, offset).toString('latin1').split('\n').length;
    throw new ParseError(file, 'the file is not UTF-8 (it looks like GBK/GB18030); convert it with: iconv -f GB18030 -t UTF-8', line);
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const start = text.trimStart().slice(0, 200).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || /^<\?xml[^>]*>\s*<html/.test(start)) {
    throw new ParseError(file, 'the file is an HTML page, not a 定岗定责定流程表 export', 1);
  }
  return text;
}

function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

/** tab-table when the header row is tab-separated; pdf-flow when the header words stand on a line of their own. */
export function detectLayout(text: string, file: string): 'tab-table' | 'pdf-flow' {
  const lines = text.split('\n');
  if (lines.some((l) => l.trim().startsWith('序号\t') || l.includes('\t岗位名称\t'))) return 'tab-table';
  if (lines.some((l) => /^序号\s+岗位名称\s+工作事项/.test(l.trim()))) return 'pdf-flow';
  throw new ParseError(file, 'no 定岗定责 table found (no header row with 序号, 岗位名称, 工作事项)');
}

/** Parses one document's text into the canonical document. */
export function parseText(text: string, file: string, sha256 = createHash('sha256').update(text).digest('hex')): CanonicalDocument {
  const layout = detectLayout(text, file);
  const lines = text.split('\n');
  const b = new DocumentBuilder(file);
  const { title } = layout === 'tab-table' ? parseTabTable(lines, file, b) : parsePdfFlow(lines, file, b);
  const posts = b.units.reduce((n, u) => n + u.posts.length, 0);
  if (posts === 0) throw new ParseError(file, 'the table has no posts (岗位) that could be read');
  const doc = {
    source: file,
    sha256,
    layout,
    title,
    units: b.units,
    flowcharts: b.flowcharts,
    workflowLinks: linkWorkflowCodes(b.units, b.flowcharts),
    sectionHeads: b.sectionHeads,
    findings: b.findings,
  };
  return CanonicalDocument.parse(doc);
}

/** Reads, decodes and parses one file; the document is named by its base name. */
export function parseFile(filePath: string): CanonicalDocument {
  return readDocument(filePath).doc;
}

/** The parsed document together with its decoded lines (kept so the graph can show the original text). */
export function readDocument(filePath: string): { doc: CanonicalDocument; lines: string[] } {
  const file = path.basename(filePath);
  let bytes: Buffer;
  try {
    bytes = readFileSync(filePath);
  } catch (e) {
    throw new ParseError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const text = decodeSource(bytes, file);
  return { doc: parseText(text, file, createHash('sha256').update(bytes).digest('hex')), lines: text.split('\n') };
}
