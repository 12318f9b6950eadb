/** Parses every file first, then writes each in its own transaction; a file that fails to parse stops the run before any write. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/driver.ts';
import { importDocument, type ImportOutcome } from '../db/import-document.ts';
import { ParseError, readDocument } from '../parse/index.ts';
import { elementCount, graphRows, type GraphRows } from './graph-rows.ts';
import { refreshAnalyses } from '../analyses/index.ts';

export const SEEDS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seeds');

export function seedFiles(dir = SEEDS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Every file that could not be parsed, one line each; nothing was written. */
export class ImportRefused extends Error {
  constructor(readonly errors: ParseError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}

export interface ImportResult {
  file: string;
  outcome: ImportOutcome;
  elements: number;
  units: number;
  posts: number;
  items: number;
  people: number;
  seconds: number;
}

/** Documents written at once: each in its own transaction, so commits (and their fsyncs) overlap. */
export const IMPORT_CONCURRENCY = 4;

export async function importFiles(db: Db, files: string[], onProgress?: (done: number, total: number, file: string) => void, concurrency = IMPORT_CONCURRENCY): Promise<ImportResult[]> {
  const parsed: { file: string; rows: GraphRows }[] = [];
  const errors: ParseError[] = [];
  for (const file of files) {
    try {
      const { doc, lines } = readDocument(file);
      parsed.push({ file, rows: graphRows(doc, lines) });
    } catch (e) {
      if (e instanceof ParseError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length) throw new ImportRefused(errors);
  const results: ImportResult[] = new Array(parsed.length);
  let next = 0;
  const worker = async () => {
    while (next < parsed.length) {
      const k = next++;
      const { file, rows } = parsed[k]!;
      onProgress?.(k, parsed.length, path.basename(file));
      const t0 = performance.now();
      const outcome = await importDocument(db, rows);
      results[k] = {
      file: path.basename(file),
      outcome,
      elements: elementCount(rows),
      units: rows.units.length,
      posts: rows.posts.length,
      items: rows.items.length,
      people: rows.people.length,
      seconds: (performance.now() - t0) / 1000,
      };
    }
  };
  // documents of one bureau share people and units: concurrent MERGEs may deadlock, and the driver retries them
  await Promise.all(Array.from({ length: Math.min(concurrency, parsed.length) }, worker));
  onProgress?.(parsed.length, parsed.length, '');
  // reporting lines and similar duties span documents, so they are derived again after any change
  if (results.some((r) => r.outcome !== 'unchanged')) await refreshAnalyses(db);
  return results;
}
