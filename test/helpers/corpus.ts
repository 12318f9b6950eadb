import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateBureau, generateCorpus, vocabulary } from '../../scripts/gen.ts';
import type { Db } from '../../server/db/driver.ts';
import { importFiles } from '../../server/load/import.ts';

export interface GeneratedBureaus {
  /** one document per bureau, in the generator's order */
  files: string[];
  /** each document's bureau: its name and how many posts it and its centre hold */
  bureaus: { name: string; posts: number }[];
}

/**
 * The generator's documents for `n` different bureaus. Its place names repeat characters (临沂 and 沂水 both give
 * 沂), so some numbers name a bureau an earlier one already has; those documents are left out, or the graph would
 * merge them into one bureau and hold fewer than `n`.
 */
export function generatedBureaus(n: number, seed = 1, dir = mkdtempSync(path.join(tmpdir(), 'bg-corpus-'))): GeneratedBureaus {
  const v = vocabulary();
  const keep: number[] = [];
  const bureaus: GeneratedBureaus['bureaus'] = [];
  const seen = new Set<string>();
  for (let i = 0; keep.length < n; i++) {
    const b = generateBureau(i, v, seed);
    if (seen.has(b.name)) continue;
    seen.add(b.name);
    keep.push(i);
    bureaus.push({ name: b.name, posts: b.posts.length + b.centrePosts.length });
  }
  const { files } = generateCorpus(keep.at(-1)! + 1, seed, dir);
  return { files: keep.map((i) => files[i]!), bureaus };
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
