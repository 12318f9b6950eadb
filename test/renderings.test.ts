/**
 * Every rendering of the seeds (test/fixtures/renderings/, made by `npm run fixtures:render`) read back by the parser:
 * whatever program wrote the file, it must give the facts of the seed's text export.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../server/parse/index.ts';
import type { CanonicalDocument } from '../server/model/document.ts';

const DIR = 'test/fixtures/renderings';
const SEEDS = ['000_ae071096d0a343be', '001_235204e8eaa0ab65', '002_1d96b95df6727d9d', '003_90b0739c8a746637', '004_7b182d738f404b3f'];
/** what scripts/render-seeds.ts writes for each seed (the LibreOffice ones included) */
const FORMATS = [
  '.html',
  '.csv',
  '-gbk.txt',
  '-a4.docx',
  '-a4.pdf',
  '-a3.docx',
  '-a3.pdf',
  '-lo.xlsx',
  '-docxjs.docx',
  '-exceljs.xlsx',
  '-chromium.pdf',
  '-writer.html',
];

/** The facts a rendering must keep: units, their posts, each post's items with staff and workflow codes, and the flowcharts. */
function facts(doc: CanonicalDocument) {
  // titles without white space, as the scorer compares them: a PDF cannot say whether a line wrapped at a space
  const title = (t: string | null) => t?.replace(/\s+/g, '') ?? null;
  return {
    units: doc.units.map((u) => ({
      name: u.name,
      kind: u.kind,
      parent: u.parent,
      posts: u.posts.map((p) => ({
        seq: p.seq,
        title: title(p.title),
        items: p.workItems.map((i) => ({
          title: title(i.title),
          leads: i.leads,
          assistants: i.assistants,
          workflowCodes: i.workflowCodes,
          // the text of each statement, however the rendering wrapped it
          functions: i.functions.map((f) => title(f.text)),
          responsibilities: i.responsibilities.map((f) => title(f.text)),
          steps: i.steps.map(title),
        })),
      })),
    })),
    flowcharts: doc.flowcharts.map((f) => ({ code: f.code, title: title(f.title) })),
  };
}

const expected = new Map<string, Promise<ReturnType<typeof facts>>>();
/** The facts of a seed's text export, parsed once. */
function seedFacts(seed: string) {
  let f = expected.get(seed);
  if (!f) {
    f = (async () => facts(await parseFile(path.join('seeds', `${seed}.txt`))))();
    expected.set(seed, f);
  }
  return f;
}

const files = existsSync(DIR) ? readdirSync(DIR).sort() : [];

describe('renderings of the seeds', () => {
  it('holds every format for each of the five seeds', () => {
    const missing = SEEDS.flatMap((s) => FORMATS.map((f) => s + f)).filter((f) => !files.includes(f));
    expect(missing).toEqual([]);
  });

  it('has real facts to compare: the seeds give units, posts, items and staff', async () => {
    for (const seed of SEEDS) {
      const f = await seedFacts(seed);
      expect(f.units.length, seed).toBeGreaterThan(0);
      expect(
        f.units.every((u) => u.posts.length > 0 && u.posts.every((p) => p.items.length > 0)),
        seed,
      ).toBe(true);
    }
    expect((await seedFacts('000_ae071096d0a343be')).flowcharts).toHaveLength(41);
    expect((await seedFacts('000_ae071096d0a343be')).units[0]!.posts[0]!.items[0]!.leads).toEqual(['张亚']);
  });

  it.each(files)(
    '%s gives the facts of its seed',
    async (file) => {
      const seed = SEEDS.find((s) => file.startsWith(s));
      expect(seed, `${file} is named after no seed`).toBeDefined();
      const doc = await parseFile(path.join(DIR, file));
      expect(facts(doc)).toEqual(await seedFacts(seed!));
    },
    120_000,
  );
});
