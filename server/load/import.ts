/**
 * Parses every file first, then writes them a batch per transaction; a file that fails to parse stops the run
 * before any write.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/driver.ts';
import { importDocuments, type ImportOutcome } from '../db/queries/import-document.ts';
import { ParseError, readDocument } from '../parse/index.ts';
import { elementCount, graphRows, type GraphRows } from './graph-rows.ts';
import { refreshAnalyses } from '../services/refresh.ts';
import type { Meaning } from '../embedding/meaning.ts';

export const SEEDS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seeds');

/** The documents in seeds/, in name order. */
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

/** Transactions written at once: commits (and their index updates) of one overlap the statements of another. */
export const IMPORT_CONCURRENCY = 4;
/**
 * Graph elements per transaction, about. Each commit has a fixed cost, the full-text index's above all (a new
 * index segment per commit), so small documents are written several to a transaction; a larger one goes alone.
 */
export const BATCH_ELEMENTS = 20_000;

/** One line per batch of documents being written: the first and last position and their file names. */
export type ImportProgress = (done: number, total: number, files: string[]) => void;

export interface ImportOptions {
  onProgress?: ImportProgress;
  concurrency?: number;
  batchElements?: number;
  /** derive reporting lines and similar duties again afterwards (default true) */
  analyses?: boolean;
  /** documents over this many bytes are refused (default: the parser's MAX_BYTES) */
  maxBytes?: number;
  /** meaning for the duplicates analysis; the process's (MEANING, MODELS_DIR) unless given */
  meaning?: Meaning;
  /** runs once every file has been read, before anything is written: a rebuild empties the graph here */
  beforeWrite?: () => Promise<void>;
}

/** Consecutive documents grouped until a group holds about `limit` graph elements. */
export function batches<T>(items: T[], size: (x: T) => number, limit: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const x of items) {
    if (current.length > 0 && total + size(x) > limit) {
      out.push(current);
      current = [];
      total = 0;
    }
    current.push(x);
    total += size(x);
  }
  if (current.length > 0) out.push(current);
  return out;
}

interface Parsed {
  file: string;
  rows: GraphRows;
  /** its position in the run */
  k: number;
}

/** Reads every file into graph rows; refuses the run, naming every file that cannot be read. */
async function parseAll(files: string[], maxBytes?: number): Promise<Parsed[]> {
  const parsed: Parsed[] = [];
  const errors: ParseError[] = [];
  const byName = new Map<string, string>();
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(path.resolve(file))) continue;
    seen.add(path.resolve(file));
    // a document is known by its file name: two files of one name would overwrite each other
    const other = byName.get(path.basename(file));
    if (other) {
      errors.push(new ParseError(file, `has the same file name as ${other}; a document is known by its file name`));
      continue;
    }
    byName.set(path.basename(file), file);
    try {
      const { doc, lines } = await readDocument(file, { maxBytes });
      parsed.push({ file, rows: graphRows(doc, lines), k: parsed.length });
    } catch (e) {
      if (e instanceof ParseError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length) throw new ImportRefused(errors);
  return parsed;
}

/** What one document of a batch gives the caller; the batch's time is shared in proportion to size. */
function resultOf({ file, rows }: Parsed, outcome: ImportOutcome, batch: Parsed[], seconds: number): ImportResult {
  const elements = elementCount(rows);
  return {
    file: path.basename(file),
    outcome,
    elements,
    units: rows.units.length,
    posts: rows.posts.length,
    items: rows.items.length,
    people: rows.people.length,
    seconds: (seconds * elements) / batch.reduce((n, p) => n + elementCount(p.rows), 0),
  };
}

/** Writes the documents a batch per transaction, several transactions at once. */
async function writeAll(db: Db, parsed: Parsed[], o: ImportOptions): Promise<ImportResult[]> {
  const results = new Array<ImportResult>(parsed.length);
  const queue = batches(parsed, (p) => elementCount(p.rows), o.batchElements ?? BATCH_ELEMENTS);
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const batch = queue[next++]!;
      o.onProgress?.(
        batch[0]!.k,
        parsed.length,
        batch.map((p) => path.basename(p.file)),
      );
      const t0 = performance.now();
      const outcomes = await importDocuments(
        db,
        batch.map((p) => p.rows),
      );
      const seconds = (performance.now() - t0) / 1000;
      batch.forEach((p, j) => (results[p.k] = resultOf(p, outcomes[j]!, batch, seconds)));
    }
  };
  // documents of one bureau share people and units: concurrent MERGEs may deadlock, and the driver retries them
  await Promise.all(Array.from({ length: Math.min(o.concurrency ?? IMPORT_CONCURRENCY, queue.length) }, worker));
  o.onProgress?.(parsed.length, parsed.length, []);
  return results;
}

/** Parses every file, then writes them in batches; refuses the whole run if any file cannot be read. */
export async function importFiles(db: Db, files: string[], o: ImportOptions = {}): Promise<ImportResult[]> {
  const parsed = await parseAll(files, o.maxBytes);
  await o.beforeWrite?.();
  const results = await writeAll(db, parsed, o);
  // reporting lines and similar duties span documents, so they are derived again after any change
  if (o.analyses !== false && results.some((r) => r.outcome !== 'unchanged')) await refreshAnalyses(db, { meaning: o.meaning });
  return results;
}
