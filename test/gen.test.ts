/** The corpus generator: the same seed gives the same bytes, and the parser reads back what it wrote. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../scripts/gen.ts';
import { normaliseDuty } from '../server/analyses/duplicates.ts';
import type { CanonicalDocument } from '../server/model/document.ts';
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

  it('writes a planted item where it is asked for, and its wording nowhere else', async () => {
    // the business posts' titles and functions: what the generator draws from the seeds
    const texts = (d: CanonicalDocument) =>
      d.units[0]!.posts.filter((p) => p.title.startsWith('业务岗')).flatMap((p) =>
        p.workItems.flatMap((i) => [i.title ?? '', ...i.functions.map((f) => f.text)]),
      );
    const plain = await Promise.all(a.files.map((f) => parseFile(f)));
    // the wording the generator writes most often, so that planting it must take it out of the other bureaus
    const counts = new Map<string, number>();
    for (const t of plain.flatMap(texts)) if (t) counts.set(normaliseDuty(t), (counts.get(normaliseDuty(t)) ?? 0) + 1);
    const common = [...counts].sort((x, y) => y[1] - x[1])[0]![0];
    const title = plain.flatMap(texts).find((t) => normaliseDuty(t) === common)!;
    const holders = (docs: CanonicalDocument[]) => docs.map((d) => texts(d).filter((t) => normaliseDuty(t) === common).length);
    expect(holders(plain).filter((n) => n > 0).length).toBeGreaterThan(1);

    const planted = generateCorpus(5, 42, mkdtempSync(path.join(tmpdir(), 'gen-p-')), {
      plant: [{ bureau: 2, post: 4, title, functions: ['承担全区植物新品种权保护的技术性工作。'] }],
    });
    const docs = await Promise.all(planted.files.map((f) => parseFile(f)));
    expect(holders(docs)).toEqual([0, 0, 1, 0, 0]);
    const post = docs[2]!.units[0]!.posts.find((p) => p.title.startsWith('业务岗4'))!;
    const item = post.workItems.at(-1)!;
    expect([item.title, item.functions.map((f) => f.text), item.leads.length]).toEqual([title, ['承担全区植物新品种权保护的技术性工作。'], 1]);
  });
});
