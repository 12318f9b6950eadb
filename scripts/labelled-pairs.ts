/**
 * The labelled duplicate pairs of test/fixtures/duplicate-pairs.json (docs/duplicate-pairs.md), each read back from
 * the parsed seeds and measured the way the product measures a pair: the sentence embedder's cosine, the bigram
 * Jaccard, and whether either side is housekeeping. scripts/evaluate-duplicates.ts sweeps thresholds over them; a
 * test pins the product's verdicts on them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { jaccard, normaliseDuty, shingles } from '../server/analyses/duplicates.ts';
import { isHousekeeping, judge, postName, type PairMeasures } from '../server/analyses/duty-pairs.ts';
import { cosine, unitMean, type Embedder } from '../server/embedding/embedder.ts';
import { scopeOf, type Scope } from '../server/analyses/scope.ts';
import type { CanonicalDocument, Post } from '../server/model/document.ts';
import { parseFile } from '../server/parse/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const Side = z.object({ doc: z.string(), unit: z.string(), post: z.string(), item: z.string().nullable(), text: z.string().min(1) });
const Pair = z.object({ a: Side, b: Side, grain: z.enum(['item', 'duty', 'post']), duplicate: z.boolean(), why: z.string().min(1) });
export type LabelledSide = z.infer<typeof Side>;
export type LabelledPair = z.infer<typeof Pair>;

export interface MeasuredPair {
  pair: LabelledPair;
  measures: PairMeasures & { cosine: number };
  /** where the two sides sit; the product never pairs two texts of one bureau outside its centres */
  scope: Scope;
}

/** The pairs as committed. */
export function labelledPairs(): LabelledPair[] {
  return z
    .array(Pair)
    .min(1)
    .parse(JSON.parse(readFileSync(path.join(root, 'test/fixtures/duplicate-pairs.json'), 'utf8')));
}

/** Marks a side that is a whole post: it is compared by its post's vector. */
const POST = '\u0000post';

/** The statements of a post as the product reads them: titled items' titles and every function text. */
const statementsOf = (post: Post) => post.workItems.flatMap((w) => [...(w.title ? [w.title] : []), ...w.functions.map((f) => f.text)]);

/** The text a side is compared by, checked against the parsed seed: a pair whose text is not there is an error. */
function compared(side: LabelledSide, docs: Map<string, CanonicalDocument>): string {
  const where = `${side.doc} / ${side.unit} / ${side.post}`;
  const post = docs
    .get(side.doc)
    ?.units.find((u) => u.name === side.unit)
    ?.posts.find((p) => p.title === side.post);
  if (!post) throw new Error(`no post ${where} in seeds/`);
  if (side.item === null && side.text === side.post) return POST;
  const items = post.workItems.filter((w) => w.title === side.item);
  const found = items.some((w) => w.title === side.text || w.functions.some((f) => f.text === side.text));
  if (!found) throw new Error(`no item ${side.item ?? '(untitled)'} with the text ${side.text} under ${where}`);
  return side.text;
}

/** The side's bureau (its unit's, as the document names it) and the kind of its unit. */
function placeOf(side: LabelledSide, docs: Map<string, CanonicalDocument>): { bureau: string; unitKind: string } {
  const units = docs.get(side.doc)!.units;
  let unit = units.find((u) => u.name === side.unit)!;
  const kind = unit.kind;
  while (unit.kind !== 'bureau' && unit.parent) unit = units.find((u) => u.name === unit.parent) ?? { ...unit, kind: 'bureau', name: unit.parent };
  return { bureau: unit.name, unitKind: kind };
}

/** Every pair measured as the product measures it; the seeds are parsed from seeds/. */
export async function measureLabelledPairs(embedder: Embedder, pairs = labelledPairs()): Promise<MeasuredPair[]> {
  const docs = new Map<string, CanonicalDocument>();
  for (const source of new Set(pairs.flatMap((p) => [p.a.doc, p.b.doc]))) docs.set(source, await parseFile(path.join(root, 'seeds', source)));
  const vectors = new Map<string, Float32Array>();
  const embed = async (text: string) => {
    let v = vectors.get(text);
    if (!v) vectors.set(text, (v = await embedder.embed(text)));
    return v;
  };
  const findPost = (side: LabelledSide) =>
    docs
      .get(side.doc)!
      .units.find((u) => u.name === side.unit)!
      .posts.find((p) => p.title === side.post)!;
  // a post as the product embeds it: the mean of its title's vector (numbering aside) and its statements'
  const vectorOf = async (side: LabelledSide, text: string) => {
    if (text !== POST) return embed(text);
    const post = findPost(side);
    return Float32Array.from(unitMean([await embed(postName(post.title)), ...(await Promise.all(statementsOf(post).map(embed)))]));
  };
  const out: MeasuredPair[] = [];
  for (const pair of pairs) {
    const [a, b] = [compared(pair.a, docs), compared(pair.b, docs)];
    // posts' wording is measured on their titles, as the product does
    const words = (side: LabelledSide, text: string) => (text === POST ? side.post : text);
    const post = pair.grain === 'post';
    const housekeeping = [pair.a, pair.b].some((s, i) => isHousekeeping(post ? s.post : [a, b][i]!, { post }));
    out.push({
      pair,
      scope: pair.a.unit === pair.b.unit ? 'same-bureau' : scopeOf(placeOf(pair.a, docs), placeOf(pair.b, docs)),
      measures: {
        grain: post ? 'post' : 'statement',
        cosine: cosine(await vectorOf(pair.a, a), await vectorOf(pair.b, b)),
        lexical: jaccard(shingles(normaliseDuty(words(pair.a, a))), shingles(normaliseDuty(words(pair.b, b)))),
        housekeeping,
      },
    });
  }
  return out;
}

/** The product's verdict on a measured pair. */
export const productSays = (m: MeasuredPair) => m.scope !== 'same-bureau' && judge(m.measures).likely;
