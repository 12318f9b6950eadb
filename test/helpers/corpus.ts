import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateBureau, generateCorpus, provinceBureau, vocabulary, type GenBureau } from '../../scripts/gen.ts';
import type { Db } from '../../server/db/driver.ts';
import { importFiles } from '../../server/load/import.ts';

export interface GeneratedBureaus {
  /** one document per bureau, in the generator's order */
  files: string[];
  /** each document's bureau: its name and how many posts it and its centre hold */
  bureaus: { name: string; posts: number }[];
  /** each document's bureau as the generator wrote it: what the browser tests expect to read back */
  written: GenBureau[];
}

/**
 * The generator's documents for `n` bureaus of a province: districts in turn, each with a bureau of every field
 * (scripts/gen.ts `provinceBureau`), so that bureaus share districts as a province's do.
 */
export function generatedBureaus(n: number, seed = 1, dir = mkdtempSync(path.join(tmpdir(), 'bg-corpus-'))): GeneratedBureaus {
  const v = vocabulary();
  const written = Array.from({ length: n }, (_, k) => generateBureau(provinceBureau(k), v, seed));
  const { files } = generateCorpus(n, seed, dir, { province: true });
  return { files, bureaus: written.map((b) => ({ name: b.name, posts: b.posts.length + b.centrePosts.length })), written };
}

/**
 * Imports `n` generated bureaus into `db`, with duplicates found by wording only (no model to load), and says how
 * long the import took.
 */
export async function importGeneratedBureaus(db: Db, n: number, seed = 1): Promise<GeneratedBureaus & { seconds: number }> {
  const corpus = generatedBureaus(n, seed);
  const t0 = performance.now();
  await importFiles(db, corpus.files, { meaning: { on: false, reason: 'wording only in tests' } });
  return { ...corpus, seconds: (performance.now() - t0) / 1000 };
}
