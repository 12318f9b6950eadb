/** The corpus generator: the same seed gives the same bytes, and the parser reads back what it wrote. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../scripts/gen.ts';
import { parseFile } from '../server/parse/index.ts';

describe('npm run gen', () => {
  const a = generateCorpus(5, 42, mkdtempSync(path.join(tmpdir(), 'gen-a-')));
  const b = generateCorpus(5, 42, mkdtempSync(path.join(tmpdir(), 'gen-b-')));

  it('is deterministic for a seed', () => {
    expect(a.files.map((f) => readFileSync(f, 'utf8'))).toEqual(b.files.map((f) => readFileSync(f, 'utf8')));
  });

  it('writes both layouts, and every post, item and lead parses back', async () => {
    const docs = await Promise.all(a.files.map((f) => parseFile(f)));
    expect(docs.map((d) => d.layout)).toEqual(['tab-table', 'tab-table', 'tab-table', 'tab-table', 'pdf-flow']);
    const posts = docs.reduce((n, d) => n + d.units.reduce((k, u) => k + u.posts.length, 0), 0);
    const items = docs.flatMap((d) => d.units.flatMap((u) => u.posts.flatMap((p) => p.workItems)));
    expect(posts).toBe(a.posts);
    expect(items).toHaveLength(a.items);
    expect(items.every((i) => i.leads.length === 1)).toBe(true);
    expect(docs.every((d) => d.units.length === 2 && d.units[1]!.parent === d.units[0]!.name)).toBe(true);
    expect(docs[4]!.flowcharts.length).toBeGreaterThan(0);
  });
});
