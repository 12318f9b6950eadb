/**
 * npm run bench:duplicates -- [--bureaus 1000] [--vectors 100000] [--queries 300] [--wipe] [--out <file.json>]
 * (also run by `npm run bench`)
 *
 * Duplicated duties found by meaning, at scale:
 * 1. the embedder: every distinct duty text of the seeds and of a generated corpus embedded one at a time;
 * 2. the vector index against exact cosine: recall@10 of `db.index.vector.queryNodes` against brute force in JS over
 *    Float32Arrays, and the time per query of each, on `--vectors` vectors in an index configured as the product's
 *    statement index (and once more with quantization off). A corpus holds a few thousand distinct texts at most, so
 *    the vectors are those texts' embeddings and perturbed copies of them (see `perturbed`), and the lines say so;
 * 3. paraphrase pairs planted in a corpus of `--bureaus` bureaus: the duplicate pairs labelled in
 *    test/fixtures/duplicate-pairs.json whose two sides are worded differently, side a written into one bureau and
 *    side b into another (scripts/gen.ts `plant`); after the real `refreshAnalyses`, the share that comes out as
 *    likely SIMILAR_TO pairs, joined directly or in one cluster;
 * 4. that `refreshAnalyses` timed on the whole graph from no vectors, by phase, and again after one document was
 *    imported again with one item changed. The phases come from timing each query the analysis sends (by its name)
 *    and each call of the embedder, through wrappers, without changing server code; LSH, which runs between
 *    queries, is timed again alone on the same statements, and the rest of the time between queries is the
 *    grouping, judging and capping.
 *
 * Prints one `name value unit` line per figure (a `#` comment after some), then a table of the goals. Runs on the
 * Neo4j named by NEO4J_URI (which it empties: pass --wipe to agree), or else on its own local instance `bench` (port
 * 7689). Goals (on 2 cores) are printed beside their figures, not asserted.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { mulberry32, normaliseDuty, similarPairsLsh } from '../server/analyses/duplicates.ts';
import { THRESHOLDS } from '../server/analyses/duty-pairs.ts';
import { Db, type Tx } from '../server/db/driver.ts';
import { INSTANCES, startLocalNeo4j, stopLocalNeo4j } from '../server/db/local-neo4j/index.ts';
import type { Query } from '../server/db/query.ts';
import { statementRows } from '../server/db/queries/similar.ts';
import { applySchema } from '../server/db/schema.ts';
import { cosine, DIMENSIONS, openEmbedder, type Embedder } from '../server/embedding/embedder.ts';
import { openMeaning, type Meaning } from '../server/embedding/meaning.ts';
import { provisionModel } from '../server/embedding/model.ts';
import { importFiles, seedFiles } from '../server/load/import.ts';
import type { CanonicalDocument } from '../server/model/document.ts';
import { parseFile } from '../server/parse/index.ts';
import { refreshAnalyses, type AnalysesOutcome } from '../server/services/refresh.ts';
import { NEIGHBOURS } from '../server/services/similar.ts';
import { generateCorpus, type PlantedItem } from '../scripts/gen.ts';
import { labelledPairs, measureLabelledPairs, productSays, type LabelledPair, type LabelledSide } from '../scripts/labelled-pairs.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** The goals, on 2 cores. */
const GOALS = {
  embedTextsPerS: 250,
  knnRecall: 0.95,
  knnSpeedup: 20,
  fullAnalysisS: 600,
  changedDocumentS: 10,
};
/** Neighbours compared per query: the product asks the index for NEIGHBOURS + 1 and drops the node itself. */
const K = 10;
/** The bench's own label and vector indexes, dropped afterwards. */
const BENCH_LABEL = 'BenchVec';
const BENCH_INDEX = 'bench_vec';
const BENCH_INDEX_FULL = 'bench_vec_full';

export interface DuplicatesBenchOptions {
  /** a database with the schema applied; the bench empties it */
  db: Db;
  bureaus: number;
  vectors: number;
  queries: number;
  log: (line: string) => void;
}

interface Figure {
  name: string;
  value: number | null;
  unit: string;
  note?: string;
}

/** Figures printed as they come, `name value unit`, and kept for the JSON. */
class Figures {
  readonly all: Figure[] = [];
  add(name: string, value: number | null, unit: string, note?: string): void {
    this.all.push({ name, value, unit, note });
    console.log(`${name} ${value ?? 'n/a'} ${unit}${note ? `  # ${note}` : ''}`);
  }
  get(name: string): number | null {
    return this.all.find((f) => f.name === name)?.value ?? null;
  }
}

/** Empties the graph, then lets the deletion's background work (index clean-up) settle before the next timing. */
async function clear(db: Db): Promise<void> {
  await db.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
  await new Promise((r) => setTimeout(r, 5000));
}

/** bench/import-runner.ts in a process of its own, as bench.ts imports: `importFiles` without the analyses. */
async function importInChild(db: Db, files: string[]): Promise<{ seconds: number; elements: number }> {
  const t = db.target;
  const r = await run(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'bench/import-runner.ts'), ...files], {
    env: { ...process.env, NEO4J_URI: t.uri, NEO4J_USER: t.user, NEO4J_PASSWORD: t.password, NEO4J_DATABASE: t.database },
    maxBuffer: 1e7,
  });
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { seconds: number; elements: number };
}

interface Planted {
  pairs: LabelledPair[];
  items: PlantedItem[];
  /** the normalised wordings of each pair's sides */
  wordings: [string, string][];
  /** pairs left out, and why */
  skipped: { pair: LabelledPair; why: string }[];
}

/** The seed's work item a labelled side sits under; null for a centre's untitled duty list. */
function seedItem(side: LabelledSide, seeds: Map<string, CanonicalDocument>) {
  const post = seeds
    .get(side.doc)
    ?.units.find((u) => u.name === side.unit)
    ?.posts.find((p) => p.title === side.post);
  return post?.workItems.find((w) => w.title === side.item && (w.title === side.text || w.functions.some((f) => f.text === side.text))) ?? null;
}

/**
 * The labelled duplicates of item and duty grain whose sides are worded differently (normaliseDuty), each distinct
 * side written once into a tab-table bureau of its own, spread over the corpus: an item title as a work item with
 * the seed item's functions, a function text as the one function of a work item under the seed item's title (or
 * under its own text where the seed item has no title or its title is itself planted).
 */
async function plantPairs(bureaus: number): Promise<Planted> {
  const seeds = new Map<string, CanonicalDocument>();
  for (const f of seedFiles()) seeds.set(path.basename(f), await parseFile(f));
  const skipped: Planted['skipped'] = [];
  const pairs = labelledPairs().filter((p) => {
    if (!p.duplicate || p.grain === 'post') return false;
    if (normaliseDuty(p.a.text) !== normaliseDuty(p.b.text)) return true;
    skipped.push({ pair: p, why: 'both sides read the same once normalised: a pair of wording, not of meaning' });
    return false;
  });
  const sides = new Map<string, LabelledSide>();
  for (const p of pairs) for (const s of [p.a, p.b]) if (!sides.has(normaliseDuty(s.text))) sides.set(normaliseDuty(s.text), s);
  const tabTables = Array.from({ length: bureaus }, (_, i) => i).filter((i) => i % 5 !== 4);
  const n = sides.size;
  const home = new Map<string, { bureau: number; post: number }>();
  [...sides.keys()].forEach((w, k) => {
    const spread = n <= tabTables.length;
    const bureau = tabTables[spread ? Math.floor(((k + 0.5) * tabTables.length) / n) : k % tabTables.length]!;
    home.set(w, { bureau, post: 1 + (Math.floor(k / tabTables.length) % 9) });
  });
  const items: PlantedItem[] = [];
  for (const [w, side] of sides) {
    const where = home.get(w)!;
    const seed = seedItem(side, seeds);
    if (side.item !== null && side.text === side.item) {
      // an item title: the work item with its own functions, less any that is planted elsewhere
      const functions = (seed?.functions ?? []).map((f) => f.text).filter((f) => !sides.has(normaliseDuty(f)));
      items.push({ ...where, title: side.text, functions: functions.length ? functions : [side.text] });
    } else {
      const title = side.item !== null && !sides.has(normaliseDuty(side.item)) ? side.item : side.text;
      items.push({ ...where, title, functions: [side.text] });
    }
  }
  const kept = pairs.filter((p) => {
    const [a, b] = [home.get(normaliseDuty(p.a.text))!, home.get(normaliseDuty(p.b.text))!];
    if (a.bureau !== b.bureau) return true;
    skipped.push({ pair: p, why: `the corpus is too small: both sides fall in bureau ${a.bureau}` });
    return false;
  });
  return { pairs: kept, items, wordings: kept.map((p) => [normaliseDuty(p.a.text), normaliseDuty(p.b.text)]), skipped };
}

/** Distinct duty texts (work item titles and function texts) of the seeds and of the graph's statements. */
async function distinctTexts(db: Db): Promise<{ texts: string[]; seeds: Set<string>; corpus: number }> {
  const seeds = new Set<string>();
  for (const f of seedFiles()) {
    const doc = await parseFile(f);
    for (const u of doc.units)
      for (const p of u.posts) for (const i of p.workItems) for (const t of [i.title ?? '', ...i.functions.map((x) => x.text)]) if (t.trim()) seeds.add(t);
  }
  const corpus = new Set((await db.query(statementRows, {})).map((s) => s.text).filter((t) => t.trim()));
  return { texts: [...new Set([...seeds, ...corpus])], seeds, corpus: corpus.size };
}

/** Timed passes over the texts: the machine is shared, so the median pass is reported and every pass listed. */
const EMBED_PASSES = 3;

async function embedderBench(db: Db, embedder: Embedder, f: Figures): Promise<{ texts: string[]; vectors: Float32Array }> {
  const { texts, seeds, corpus } = await distinctTexts(db);
  // the first calls set up onnxruntime's buffers: warm it on ten texts first
  for (const t of texts.slice(0, 10)) await embedder.embed(t);
  const vectors = new Float32Array(texts.length * DIMENSIONS);
  const passes: { all: number; seeds: number }[] = [];
  const ofSeeds = texts.filter((t) => seeds.has(t));
  const chars = (xs: string[]) => round(xs.reduce((n, t) => n + [...t].length, 0) / xs.length, 1);
  for (let k = 0; k < EMBED_PASSES; k++) {
    let seedMs = 0;
    const t0 = performance.now();
    for (let i = 0; i < texts.length; i++) {
      const t1 = performance.now();
      vectors.set(await embedder.embed(texts[i]!), i * DIMENSIONS);
      if (seeds.has(texts[i]!)) seedMs += performance.now() - t1;
    }
    passes.push({ all: texts.length / seconds(t0), seeds: (1000 * ofSeeds.length) / seedMs });
  }
  const runs = (pick: (p: { all: number; seeds: number }) => number) => passes.map((p) => round(pick(p), 1)).join(', ');
  f.add(
    'dup_embed_texts',
    texts.length,
    'texts',
    `distinct: ${seeds.size} of the seeds, ${corpus} of the generated corpus; ${chars(texts)} characters on average`,
  );
  f.add(
    'dup_embed_texts_per_s',
    round(median(passes.map((p) => p.all)), 1),
    'texts/s',
    `one at a time, median of ${EMBED_PASSES} passes (${runs((p) => p.all)}), load average ${round(os.loadavg()[0]!)}; goal >= ${GOALS.embedTextsPerS} on 2 cores`,
  );
  f.add(
    'dup_embed_seed_texts_per_s',
    round(median(passes.map((p) => p.seeds)), 1),
    'texts/s',
    `the seeds' ${ofSeeds.length} texts alone, ${chars(ofSeeds)} characters on average (${runs((p) => p.seeds)})`,
  );
  return { texts, vectors };
}

/** A standard normal deviate (Box–Muller) from a uniform generator. */
function gaussian(r: () => number): number {
  let u = 0;
  while (u === 0) u = r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

const dot = (x: Float32Array, i: number, y: Float32Array, j: number) => {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const [a, b] = [i * DIMENSIONS, j * DIMENSIONS];
  for (let d = 0; d < DIMENSIONS; d += 4) {
    s0 += x[a + d]! * y[b + d]!;
    s1 += x[a + d + 1]! * y[b + d + 1]!;
    s2 += x[a + d + 2]! * y[b + d + 2]!;
    s3 += x[a + d + 3]! * y[b + d + 3]!;
  }
  return s0 + s1 + s2 + s3;
};

/** Median over the texts of the cosine of each to its nearest other text. */
function medianNearestCosine(vectors: Float32Array, n: number): number {
  const best: number[] = [];
  for (let i = 0; i < n; i++) {
    let b = -1;
    for (let j = 0; j < n; j++) if (j !== i) b = Math.max(b, dot(vectors, i, vectors, j));
    best.push(b);
  }
  return median(best);
}

/**
 * `count` unit vectors made from the embedded texts: vector m is text m mod n plus Gaussian noise of norm u·ε (u
 * uniform in [0, 1]), renormalised. ε is the distance at which real texts find their nearest other text (median), so
 * a copy moves from its text at most as far as a text's real nearest neighbour sits: cosine to its text ≥ cos(atan ε).
 */
function perturbed(base: Float32Array, n: number, count: number, epsilon: number): Float32Array {
  // seeded: the same vectors on every run
  const r = mulberry32(20260102);
  const out = new Float32Array(count * DIMENSIONS);
  const noise = new Float64Array(DIMENSIONS);
  for (let m = 0; m < count; m++) {
    const row = out.subarray(m * DIMENSIONS, (m + 1) * DIMENSIONS);
    row.set(base.subarray((m % n) * DIMENSIONS, ((m % n) + 1) * DIMENSIONS));
    if (m >= n) {
      let norm = 0;
      for (let d = 0; d < DIMENSIONS; d++) norm += (noise[d] = gaussian(r)) ** 2;
      const scale = (r() * epsilon) / Math.sqrt(norm);
      for (let d = 0; d < DIMENSIONS; d++) row[d]! += scale * noise[d]!;
    }
    let len = 0;
    for (let d = 0; d < DIMENSIONS; d++) len += row[d]! ** 2;
    len = Math.sqrt(len);
    for (let d = 0; d < DIMENSIONS; d++) row[d]! /= len;
  }
  return out;
}

/** The exact K nearest of vector q among all others: ids and cosines, best first. */
function exactNearest(x: Float32Array, count: number, q: number): { ids: number[]; scores: number[] } {
  const ids: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i === q) continue;
    const s = dot(x, q, x, i);
    if (scores.length === K && s <= scores[K - 1]!) continue;
    let at = scores.length;
    while (at > 0 && scores[at - 1]! < s) at--;
    scores.splice(at, 0, s);
    ids.splice(at, 0, i);
    if (scores.length > K) {
      scores.pop();
      ids.pop();
    }
  }
  return { ids, scores };
}

/** The options of the product's statement index, as the database reports them. */
async function productIndexOptions(db: Db): Promise<{ indexConfig: Record<string, unknown>; indexProvider?: string }> {
  const r = await db.run("SHOW VECTOR INDEXES YIELD name, options WHERE name = 'statement_embedding' RETURN options");
  const options = r.records[0]?.get('options') as { indexConfig: Record<string, unknown>; indexProvider?: string } | undefined;
  if (!options) throw new Error('no statement_embedding index: the schema (cypher/schema/005-duplicates.cypher) is not applied');
  return options;
}

async function dropBenchVectors(db: Db): Promise<void> {
  for (const name of [BENCH_INDEX, BENCH_INDEX_FULL, `${BENCH_INDEX}_i`]) await db.run(`DROP INDEX ${name} IF EXISTS`);
  await db.run(`MATCH (n:${BENCH_LABEL}) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS`);
}

/**
 * One index's neighbours of the query vectors (found by their `i`): `ask` of them asked, the node itself dropped,
 * the best K kept. The analysis asks for K + 1.
 */
async function indexNearest(db: Db, index: string, queries: number[], ask: number): Promise<Map<number, number[]>> {
  const r = await db.run(
    `UNWIND $ids AS id
     MATCH (n:${BENCH_LABEL} {i: id})
     CALL db.index.vector.queryNodes($index, $ask, n.embedding) YIELD node, score
     WITH id, node, score WHERE node <> n
     RETURN id, node.i AS i, score`,
    { ids: queries, index, ask },
  );
  const out = new Map<number, { i: number; score: number }[]>();
  for (const rec of r.records) {
    const id = rec.get('id') as number;
    const list = out.get(id) ?? [];
    list.push({ i: rec.get('i') as number, score: rec.get('score') as number });
    out.set(id, list);
  }
  const best = (xs: { i: number; score: number }[]) =>
    xs
      .sort((a, b) => b.score - a.score)
      .slice(0, K)
      .map((x) => x.i);
  return new Map([...out].map(([id, xs]) => [id, best(xs)]));
}

/** recall@K, and milliseconds per query batched (as the analysis asks, UNWIND) and one query per round trip. */
async function measureIndex(db: Db, index: string, x: Float32Array, queries: number[], exact: Map<number, { scores: number[] }>, ask = K + 1) {
  await indexNearest(db, index, queries.slice(0, 20), ask);
  const t0 = performance.now();
  const found = await indexNearest(db, index, queries, ask);
  const batchedMs = (seconds(t0) * 1000) / queries.length;
  let hits = 0;
  for (const q of queries) {
    // a neighbour tied with the exact K-th counts as found
    const tenth = exact.get(q)!.scores[K - 1]!;
    for (const i of found.get(q) ?? []) if (dot(x, q, x, i) >= tenth - 1e-6) hits++;
  }
  const singles = queries.slice(0, 100);
  const t1 = performance.now();
  for (const q of singles) await indexNearest(db, index, [q], ask);
  const singleMs = (seconds(t1) * 1000) / singles.length;
  return { recall: hits / (queries.length * K), batchedMs, singleMs };
}

async function knnBench(db: Db, base: { texts: string[]; vectors: Float32Array }, o: DuplicatesBenchOptions, f: Figures): Promise<Record<string, unknown>> {
  const n = base.texts.length;
  const count = Math.max(o.vectors, n);
  const nearest = medianNearestCosine(base.vectors, n);
  const epsilon = Math.tan(Math.acos(nearest));
  // the corpus has far fewer distinct texts than `count`: embedding that many would take minutes, so the vectors are
  // the embedded texts and perturbed copies of them (see perturbed)
  const x = perturbed(base.vectors, n, count, epsilon);
  const how = `${count.toLocaleString('en')} vectors: the ${n} embedded distinct texts and copies of them with small random perturbations (Gaussian, norm <= ${round(epsilon, 2)}, renormalised), not ${count.toLocaleString('en')} embedded texts`;
  o.log(`kNN: ${how}; median nearest-text cosine ${round(nearest, 3)}`);
  const options = await productIndexOptions(db);
  await dropBenchVectors(db);
  const fig: Record<string, unknown> = { vectors: count, base_texts: n, perturbation_norm_max: round(epsilon, 3), index_config: options.indexConfig };
  try {
    let t0 = performance.now();
    for (let s = 0; s < count; s += 1000) {
      const rows = [];
      for (let m = s; m < Math.min(count, s + 1000); m++) rows.push({ i: m, v: Array.from(x.subarray(m * DIMENSIONS, (m + 1) * DIMENSIONS)) });
      await db.run(`UNWIND $rows AS r CREATE (n:${BENCH_LABEL} {i: r.i}) WITH n, r CALL db.create.setNodeVectorProperty(n, 'embedding', r.v)`, { rows });
    }
    await db.run(`CREATE INDEX ${BENCH_INDEX}_i IF NOT EXISTS FOR (n:${BENCH_LABEL}) ON (n.i)`);
    fig.insert_s = round(seconds(t0), 1);
    t0 = performance.now();
    await db.run(`CREATE VECTOR INDEX ${BENCH_INDEX} IF NOT EXISTS FOR (n:${BENCH_LABEL}) ON n.embedding OPTIONS $options`, { options });
    await db.run('CALL db.awaitIndexes(3600)');
    fig.index_build_s = round(seconds(t0), 1);

    const queries = Array.from({ length: Math.min(o.queries, count) }, (_, m) => Math.floor(((m + 0.5) * count) / Math.min(o.queries, count)));
    for (const q of queries.slice(0, 5)) exactNearest(x, count, q);
    t0 = performance.now();
    const exact = new Map(queries.map((q) => [q, exactNearest(x, count, q)]));
    const exactMs = (seconds(t0) * 1000) / queries.length;
    const product = await measureIndex(db, BENCH_INDEX, x, queries, exact);
    const quantized = options.indexConfig['vector.quantization.enabled'] === true;
    const config = `the product's statement index config (quantization ${quantized ? 'on' : 'off'}, m ${String(options.indexConfig['vector.hnsw.m'])}, ef_construction ${String(options.indexConfig['vector.hnsw.ef_construction'])})`;
    f.add('dup_knn_vectors', count, 'vectors', how);
    f.add('dup_knn_queries', queries.length, 'queries', `k = ${K}, each by a stored vector, itself excluded, as the analysis asks`);
    f.add('dup_knn_recall_at_10', round(product.recall, 3), 'recall', `${config}; goal >= ${GOALS.knnRecall}`);
    f.add('dup_knn_exact_ms_per_query', round(exactMs, 2), 'ms', `brute force in JS over one Float32Array, all ${count.toLocaleString('en')}`);
    f.add('dup_knn_index_ms_per_query', round(product.batchedMs, 2), 'ms', `${queries.length} queries in one UNWIND, as the analysis batches them`);
    f.add('dup_knn_speedup', round(exactMs / product.batchedMs, 1), 'x', `exact over index, batched; goal >= ${GOALS.knnSpeedup}`);
    f.add('dup_knn_index_ms_per_single_query', round(product.singleMs, 2), 'ms', 'one query per round trip');
    f.add('dup_knn_speedup_single_query', round(exactMs / product.singleMs, 1), 'x');
    f.add(
      'dup_knn_index_build_s',
      fig.index_build_s as number,
      's',
      `populating the index over ${count.toLocaleString('en')} vectors (writing them: ${String(fig.insert_s)} s)`,
    );
    // a wider search: more neighbours asked of the index, the best K kept
    const wide = await measureIndex(db, BENCH_INDEX, x, queries, exact, 5 * K + 1);
    f.add(`dup_knn_recall_at_10_ask_${5 * K + 1}`, round(wide.recall, 3), 'recall', `the same index asked for ${5 * K + 1} neighbours, the best ${K} kept`);
    f.add(`dup_knn_index_ms_per_query_ask_${5 * K + 1}`, round(wide.batchedMs, 2), 'ms');
    const summary = (m: typeof product) => ({ recall_at_10: m.recall, index_ms: m.batchedMs, index_single_ms: m.singleMs });
    Object.assign(fig, { exact_ms: exactMs, product: summary(product), product_wide: summary(wide) });

    if (quantized) {
      // the same vectors under a second label, indexed without quantization: what that option costs in recall
      t0 = performance.now();
      await db.run(`MATCH (n:${BENCH_LABEL}) CALL (n) { SET n:${BENCH_LABEL}Full } IN TRANSACTIONS OF 10000 ROWS`);
      const full = { ...options, indexConfig: { ...options.indexConfig, 'vector.quantization.enabled': false } };
      await db.run(`CREATE VECTOR INDEX ${BENCH_INDEX_FULL} IF NOT EXISTS FOR (n:${BENCH_LABEL}Full) ON n.embedding OPTIONS $options`, { options: full });
      await db.run('CALL db.awaitIndexes(3600)');
      const buildS = round(seconds(t0), 1);
      const unq = await measureIndex(db, BENCH_INDEX_FULL, x, queries, exact);
      f.add('dup_knn_recall_at_10_unquantized', round(unq.recall, 3), 'recall', 'the same index with vector.quantization.enabled: false');
      f.add('dup_knn_index_ms_per_query_unquantized', round(unq.batchedMs, 2), 'ms');
      f.add('dup_knn_speedup_unquantized', round(exactMs / unq.batchedMs, 1), 'x');
      f.add('dup_knn_index_build_s_unquantized', buildS, 's');
      const unqWide = await measureIndex(db, BENCH_INDEX_FULL, x, queries, exact, 5 * K + 1);
      f.add(`dup_knn_recall_at_10_unquantized_ask_${5 * K + 1}`, round(unqWide.recall, 3), 'recall');
      f.add(`dup_knn_index_ms_per_query_unquantized_ask_${5 * K + 1}`, round(unqWide.batchedMs, 2), 'ms');
      Object.assign(fig, { unquantized: summary(unq), unquantized_wide: summary(unqWide), unquantized_build_s: buildS });
    }
  } finally {
    await dropBenchVectors(db);
  }
  return fig;
}

/** Which phase each query of the analysis belongs to; a query not named here is counted as `other queries`. */
const PHASE_OF: Record<string, string> = {
  'statement-rows': 'reading',
  'post-rows': 'reading',
  'post-texts': 'reading',
  'all-vectors-Statement': 'reading vectors',
  'all-vectors-Post': 'reading vectors',
  'set-statement-vectors': 'writing vectors',
  'set-representatives': 'writing vectors',
  'set-post-vectors': 'writing vectors',
  'set-post-wordings': 'writing vectors',
  'vector-index-states': 'waiting for the vector indexes',
  'statement-neighbours': 'kNN statements',
  'statement-cosines': 'kNN statements',
  'exact-neighbours-Statement': 'kNN statements, exact fallback',
  'post-neighbours': 'kNN posts',
  'exact-neighbours-Post': 'kNN posts, exact fallback',
  'delete-similar': 'writing pairs',
  'create-similar': 'writing pairs',
  'set-duplicates-state': 'writing pairs',
  'set-repeated': 'writing pairs',
  'mark-graph-changed': 'writing pairs',
};
const PHASES = [
  'reading',
  'embedding statements',
  'embedding posts',
  'reading vectors',
  'writing vectors',
  'waiting for the vector indexes',
  'kNN statements',
  'kNN statements, exact fallback',
  'kNN posts',
  'kNN posts, exact fallback',
  'LSH',
  'grouping, judging, capping',
  'writing pairs',
  'reporting lines',
  'other queries',
];

/** Where the time of one analysis goes: each query by its phase, the embedder's calls by what they embed. */
class Phases {
  readonly ms = new Map<string, number>();
  /** queries no phase names, each with its milliseconds */
  readonly unnamed = new Map<string, number>();
  /** `statements`: the texts of the graph's statements; the embedder's other texts are posts' */
  constructor(private readonly statements: Set<string>) {}
  add(phase: string, ms: number): void {
    this.ms.set(phase, (this.ms.get(phase) ?? 0) + ms);
  }
  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      const ms = performance.now() - t0;
      const phase = PHASE_OF[name] ?? (name === 'transaction' ? 'reporting lines' : 'other queries');
      if (phase === 'other queries') this.unnamed.set(name, (this.unnamed.get(name) ?? 0) + ms);
      this.add(phase, ms);
    }
  }
  /** What an embedded text is: a statement's text, or else (a post's title or text) a post's. */
  embedding(text: string): string {
    return this.statements.has(text) ? 'embedding statements' : 'embedding posts';
  }
}

/**
 * The database as the analysis sees it, each of its calls timed. A proxy rather than a second Db, so the process
 * keeps one driver; the calls go to the real Db, whose own internal calls are not counted twice.
 */
function timedDb(db: Db, phases: Phases): Db {
  const overrides: Partial<Db> = {
    query: <P extends object, R>(q: Query<P, R>, params: P) => phases.time(q.name, () => db.query(q, params)),
    autoCommit: <P extends object, R>(q: Query<P, R>, params: P) => phases.time(q.name, () => db.autoCommit(q, params)),
    read: <T>(work: (tx: Tx) => Promise<T>) => phases.time('transaction', () => db.read(work)),
    write: <T>(work: (tx: Tx) => Promise<T>) => phases.time('transaction', () => db.write(work)),
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop in overrides) return overrides[prop as keyof typeof overrides];
      const v: unknown = Reflect.get(target, prop);
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
    },
  });
}

function timedMeaning(meaning: Meaning, phases: Phases): Meaning {
  if (!meaning.on) return meaning;
  const inner = meaning.embedder;
  return {
    ...meaning,
    embedder: {
      async embed(text: string) {
        const phase = phases.embedding(text);
        const t0 = performance.now();
        try {
          return await inner.embed(text);
        } finally {
          phases.add(phase, performance.now() - t0);
        }
      },
      close: () => inner.close(),
    },
  };
}

/** One timed `refreshAnalyses`: its total, its phases (LSH timed alone on the same statements), its outcome. */
interface TimedAnalysis {
  seconds: number;
  phases: Map<string, number>;
  /** the queries counted as `other queries`, by name */
  unnamed: Map<string, number>;
  outcome: AnalysesOutcome;
}

async function timedAnalysis(db: Db, meaning: Meaning): Promise<TimedAnalysis> {
  // read before the clock starts: which embedded texts are statements', and the input of LSH timed alone below
  const statements = await db.query(statementRows, {});
  const phases = new Phases(new Set(statements.map((s) => s.text)));
  const t0 = performance.now();
  const outcome = await refreshAnalyses(timedDb(db, phases), { meaning: timedMeaning(meaning, phases) });
  const totalMs = performance.now() - t0;
  if (outcome.similar.meaningOff) throw new Error(`the analysis ran without meaning: ${outcome.similar.meaningOff}`);
  // LSH runs inside the analysis between queries: timed again alone on the statements it read
  const t1 = performance.now();
  similarPairsLsh(
    statements.map((s) => ({ id: s.id, text: s.text, group: s.unit })),
    THRESHOLDS.statement.wordsAlone,
  );
  const lshMs = performance.now() - t1;
  const counted = [...phases.ms.values()].reduce((a, b) => a + b, 0);
  phases.add('LSH', lshMs);
  phases.add('grouping, judging, capping', Math.max(0, totalMs - counted - lshMs));
  return { seconds: totalMs / 1000, phases: phases.ms, unnamed: phases.unnamed, outcome };
}

function printPhases(prefix: string, r: TimedAnalysis, f: Figures): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of PHASES) {
    const ms = r.phases.get(p) ?? 0;
    if (ms < 1 && p === 'other queries') continue;
    const key = p
      .replace(/[^a-zA-Z]+/g, '_')
      .toLowerCase()
      .replace(/_$/, '');
    out[key] = round(ms / 1000, 2);
    const share = `${round((100 * ms) / 1000 / r.seconds, 1)} % of the analysis`;
    const which = [...r.unnamed].map(([name, x]) => `${name} ${round(x / 1000, 2)} s`).join(', ');
    f.add(`${prefix}_${key}_s`, round(ms / 1000, 2), 's', p === 'other queries' ? `${share}: ${which}` : share);
  }
  return out;
}

/** Union–find over node ids: the clusters of the likely pairs, as the API's clusters are their connected components. */
function components(edges: { a: string; b: string }[]): (id: string) => string {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (y !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  for (const { a, b } of edges) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra, rb);
  }
  return find;
}

/** Where a missed pair was lost. */
/** `nearest`: the NEIGHBOURS nearest wordings the analysis asks the index for. */
type Loss = 'judged alone' | 'stored, not likely' | 'beyond the nearest' | 'within the nearest, not kept';

/** How near each wording's representative finds the other's: its rank among all representatives by cosine, 1 = nearest. */
function rankOf(vectors: Map<string, Float32Array>, a: string, b: string): number {
  const [va, vb] = [vectors.get(a), vectors.get(b)];
  if (!va || !vb) return Infinity;
  const target = cosine(va, vb);
  let rank = 1;
  for (const [id, v] of vectors) if (id !== a && id !== b && cosine(va, v) > target) rank++;
  return rank;
}

async function semanticRecall(db: Db, planted: Planted, embedder: Embedder, f: Figures): Promise<Record<string, unknown>> {
  const holders = new Map<string, string[]>();
  const wanted = new Set(planted.wordings.flat());
  for (const s of await db.query(statementRows, {})) {
    const w = normaliseDuty(s.text);
    if (wanted.has(w)) holders.set(w, [...(holders.get(w) ?? []), s.id]);
  }
  const r = await db.run("MATCH (a)-[r:SIMILAR_TO {grain: 'statement'}]->(b) RETURN a.id AS a, b.id AS b, r.likely AS likely, r.reason AS reason");
  const stored = r.records.map((x) => ({
    a: x.get('a') as string,
    b: x.get('b') as string,
    likely: x.get('likely') as boolean,
    reason: x.get('reason') as string,
  }));
  const edges = stored.filter((e) => e.likely);
  const find = components(edges);
  const size = new Map<string, number>();
  for (const id of new Set(edges.flatMap((e) => [e.a, e.b]))) size.set(find(id), (size.get(find(id)) ?? 0) + 1);
  const byPair = new Map(stored.map((e) => [`${e.a}|${e.b}`, e]));
  const between = (xs: string[], ys: string[]) =>
    xs.flatMap((x) => ys.map((y) => byPair.get(`${x}|${y}`) ?? byPair.get(`${y}|${x}`))).filter((e) => e !== undefined);
  // the representatives' vectors: how near the analysis' kNN could find each planted pair
  const v = await db.run('MATCH (n:Statement) WHERE n.embedding IS NOT NULL RETURN n.id AS id, n.embedding AS v');
  const vectors = new Map(v.records.map((x) => [x.get('id') as string, Float32Array.from(x.get('v') as number[])]));
  // the pair alone, measured as the product measures it: what its thresholds allow before any scale effect
  const alone = await measureLabelledPairs(embedder, planted.pairs);
  const rows = planted.pairs.map((p, k) => {
    const [wa, wb] = planted.wordings[k]!;
    const [ha, hb] = [holders.get(wa) ?? [], holders.get(wb) ?? []];
    const joined = between(ha, hb);
    const direct = joined.some((e) => e.likely);
    const cluster = ha.flatMap((x) => hb.filter((y) => find(x) === find(y)).map(() => size.get(find(x)) ?? 0))[0] ?? null;
    const [ra, rb] = [ha.find((x) => vectors.has(x)), hb.find((y) => vectors.has(y))];
    const rank = ra && rb ? Math.min(rankOf(vectors, ra, rb), rankOf(vectors, rb, ra)) : null;
    const likelyAlone = productSays(alone[k]!);
    const loss: Loss | null = direct
      ? null
      : !likelyAlone
        ? 'judged alone'
        : joined.length
          ? 'stored, not likely'
          : rank !== null && rank <= NEIGHBOURS
            ? 'within the nearest, not kept'
            : 'beyond the nearest';
    const m = alone[k]!.measures;
    return {
      a: p.a.text,
      b: p.b.text,
      grain: p.grain,
      imported: ha.length > 0 && hb.length > 0,
      cosine: round(m.cosine, 3),
      lexical: round(m.lexical, 3),
      likelyAlone,
      direct,
      stored: joined.map((e) => e.reason),
      rank,
      clusterSize: cluster,
      loss,
    };
  });
  const n = rows.length;
  const found = rows.filter((x) => x.direct || x.clusterSize !== null).length;
  const sizes = rows.filter((x) => x.clusterSize !== null).map((x) => x.clusterSize!);
  const inPairs = [...size.values()].reduce((a, b) => a + b, 0);
  const largest = [...size.values()].reduce((a, b) => Math.max(a, b), 0);
  const why = `labelled duplicates (item, duty) worded differently, side a and side b in two bureaus; ${planted.skipped.length} left out`;
  f.add('dup_semantic_pairs', n, 'pairs', why);
  f.add('dup_semantic_pairs_imported', rows.filter((x) => x.imported).length, 'pairs', 'both planted wordings read back from the graph');
  f.add('dup_semantic_recall', round(found / n, 3), 'recall', 'likely SIMILAR_TO, joined directly or in one cluster (see the cluster sizes)');
  f.add('dup_semantic_recall_direct', round(rows.filter((x) => x.direct).length / n, 3), 'recall', 'joined directly by a likely pair');
  // the pairs wording alone would not find: their bigram Jaccard below the threshold of pairs by words alone
  const unworded = rows.filter((x) => x.lexical < THRESHOLDS.statement.wordsAlone);
  const unwordedNote = `the ${unworded.length} pairs with Jaccard < ${THRESHOLDS.statement.wordsAlone}, which wording alone does not pair`;
  f.add('dup_semantic_recall_direct_meaning_only', round(unworded.filter((x) => x.direct).length / unworded.length, 3), 'recall', unwordedNote);
  const ceiling = rows.filter((x) => x.likelyAlone).length / n;
  f.add('dup_semantic_recall_pair_alone', round(ceiling, 3), 'recall', "the product's verdict on each pair measured alone");
  f.add('dup_semantic_cluster_size_median', sizes.length ? median(sizes) : null, 'nodes', 'of the clusters that join a planted pair');
  const clusters = `of ${inPairs.toLocaleString('en')} nodes in likely statement pairs, in ${size.size.toLocaleString('en')} clusters`;
  f.add('dup_likely_cluster_largest', largest, 'nodes', clusters);
  const losses: Loss[] = ['judged alone', 'stored, not likely', 'within the nearest, not kept', 'beyond the nearest'];
  for (const l of losses) {
    const name = `dup_semantic_missed_${l.replace(/[^a-z0-9]+/g, '_')}`;
    f.add(name, rows.filter((x) => x.loss === l).length, 'pairs', 'planted pairs not joined directly, by where they were lost');
  }
  return { pairs: rows, skipped: planted.skipped.map((s) => ({ a: s.pair.a.text, b: s.pair.b.text, why: s.why })) };
}

/** The document with its `numeral`-th item of the first business post retitled: one new wording, one changed post. */
function changeOneItem(file: string, numeral: string): string {
  const text = readFileSync(file, 'utf8');
  const m = new RegExp(`^\\t\\t${numeral}、([^\\t]+)\\t`, 'm').exec(text);
  if (!m) throw new Error(`no item ${numeral} in ${file}`);
  const title = `${m[1]!}，并做好数据统计分析`;
  writeFileSync(file, text.replace(m[0], `\t\t${numeral}、${title}\t`));
  return title;
}

async function analysisBench(db: Db, o: DuplicatesBenchOptions, f: Figures): Promise<Record<string, unknown>> {
  const fig: Record<string, unknown> = {};
  const planted = await plantPairs(o.bureaus);
  const dir = path.join(root, 'bench-out', `dup-corpus-${o.bureaus}`);
  const corpus = generateCorpus(o.bureaus, 1, dir, { plant: planted.items });
  o.log(
    `${o.bureaus} bureaus: ${corpus.items} work items, ${round(corpus.bytes / 1e6)} MB, ${planted.items.length} planted items for ${planted.pairs.length} pairs`,
  );
  await clear(db);
  const imported = await importInChild(db, corpus.files);
  f.add('dup_bureaus', o.bureaus, 'bureaus', `${corpus.items.toLocaleString('en')} work items, ${imported.elements.toLocaleString('en')} graph elements`);
  f.add('dup_import_s', round(imported.seconds, 1), 's', 'importFiles with analyses: false, in a child process');
  Object.assign(fig, { bureaus: o.bureaus, work_items: corpus.items, graph_elements: imported.elements, import_s: imported.seconds });

  // 1 and 2 on this corpus's texts, while the graph holds no vectors yet
  const embedder = await openEmbedder(await provisionModel());
  try {
    const base = await embedderBench(db, embedder, f);
    fig.knn = await knnBench(db, base, o, f);
  } finally {
    await embedder.close();
  }
  await new Promise((r) => setTimeout(r, 5000));

  // 4. the whole analysis, from no vectors, with a model opened afresh (its cache of recent texts empty)
  const meaning = await openMeaning({ log: o.log });
  if (!meaning.on) throw new Error(`the embedding model cannot be had: ${meaning.reason}`);
  try {
    const statements = await db.query(statementRows, {});
    f.add(
      'dup_statements',
      statements.length,
      'statements',
      `${new Set(statements.map((s) => normaliseDuty(s.text))).size.toLocaleString('en')} distinct wordings`,
    );
    o.log('the whole analysis …');
    const full = await timedAnalysis(db, meaning);
    const s = full.outcome.similar;
    f.add('dup_full_analysis_s', round(full.seconds, 1), 's', `refreshAnalyses on the whole graph from no vectors; goal <= ${GOALS.fullAnalysisS}`);
    f.add('dup_full_embedded', s.embedded, 'texts', 'statement wordings and posts embedded');
    f.add('dup_full_pairs', s.pairs, 'pairs', `${s.likely.toLocaleString('en')} likely, ${s.housekeeping.toLocaleString('en')} housekeeping`);
    fig.full = { seconds: full.seconds, phases: printPhases('dup_full', full, f), embedded: s.embedded, pairs: s.pairs, likely: s.likely };

    // 3. the planted pairs in what it wrote
    fig.semantic = await semanticRecall(db, planted, meaning.embedder, f);

    // 4. one document imported again with one item changed, then the analysis again: the same process (its
    // embedder remembers the texts it embedded, as a server's does), then a fresh one (as `npm run import` is)
    const plantedBureaus = new Set(planted.items.map((p) => p.bureau));
    const order = Array.from({ length: o.bureaus }, (_, i) => (Math.floor(o.bureaus / 2) + i) % o.bureaus).filter((i) => i % 5 !== 4);
    const k = order.find((i) => !plantedBureaus.has(i)) ?? order[0];
    if (k === undefined) throw new Error('no tab-table bureau to change');
    const file = corpus.files[k]!;
    const changes: Record<string, unknown>[] = [];
    for (const [numeral, fresh] of [
      ['二', false],
      ['三', true],
    ] as const) {
      const title = changeOneItem(file, numeral);
      const t0 = performance.now();
      await importFiles(db, [file], { analyses: false });
      const importS = seconds(t0);
      const m = fresh ? await openMeaning({ log: o.log }) : meaning;
      if (!m.on) throw new Error(`the embedding model cannot be had: ${m.reason}`);
      try {
        const again = await timedAnalysis(db, m);
        const key = fresh ? 'dup_changed_doc_cold' : 'dup_changed_doc';
        const how = fresh ? 'a model opened afresh, as `npm run import` has' : 'the same model, its recent texts remembered, as a running server has';
        f.add(`${key}_import_s`, round(importS, 2), 's', `${path.basename(file)} imported again, item ${numeral} retitled ${title}`);
        f.add(`${key}_analysis_s`, round(again.seconds, 1), 's', `refreshAnalyses afterwards, ${how}; goal <= ${GOALS.changedDocumentS}`);
        f.add(`${key}_embedded`, again.outcome.similar.embedded, 'texts');
        changes.push({ file: path.basename(file), title, fresh, import_s: importS, seconds: again.seconds, phases: printPhases(key, again, f) });
      } finally {
        if (fresh) await m.embedder.close();
      }
    }
    fig.changed = changes;
  } finally {
    await meaning.embedder.close();
  }
  return fig;
}

function goalsTable(f: Figures): string {
  const row = (what: string, name: string, goal: string, met: (v: number) => boolean) => {
    const v = f.get(name);
    return `| ${what} | \`${name}\` | ${v ?? 'n/a'} | ${goal} | ${v === null ? '' : met(v) ? 'yes' : '**no**'} |`;
  };
  return [
    '| figure | name | value | goal | met |',
    '| --- | --- | --- | --- | --- |',
    row('embedding, texts/s', 'dup_embed_texts_per_s', `>= ${GOALS.embedTextsPerS}`, (v) => v >= GOALS.embedTextsPerS),
    row('kNN recall@10, product index', 'dup_knn_recall_at_10', `>= ${GOALS.knnRecall}`, (v) => v >= GOALS.knnRecall),
    row(`kNN recall@10, product index, ${5 * K + 1} asked`, `dup_knn_recall_at_10_ask_${5 * K + 1}`, `>= ${GOALS.knnRecall}`, (v) => v >= GOALS.knnRecall),
    row('kNN recall@10, no quantization', 'dup_knn_recall_at_10_unquantized', `>= ${GOALS.knnRecall}`, (v) => v >= GOALS.knnRecall),
    row(
      `kNN recall@10, no quantization, ${5 * K + 1} asked`,
      `dup_knn_recall_at_10_unquantized_ask_${5 * K + 1}`,
      `>= ${GOALS.knnRecall}`,
      (v) => v >= GOALS.knnRecall,
    ),
    row('kNN speedup over exact', 'dup_knn_speedup', `>= ${GOALS.knnSpeedup}×`, (v) => v >= GOALS.knnSpeedup),
    row('planted paraphrases found', 'dup_semantic_recall', '', () => true),
    row('whole analysis, s', 'dup_full_analysis_s', `<= ${GOALS.fullAnalysisS}`, (v) => v <= GOALS.fullAnalysisS),
    row('after one changed document, s', 'dup_changed_doc_analysis_s', `<= ${GOALS.changedDocumentS}`, (v) => v <= GOALS.changedDocumentS),
    row('the same, model opened afresh, s', 'dup_changed_doc_cold_analysis_s', `<= ${GOALS.changedDocumentS}`, (v) => v <= GOALS.changedDocumentS),
  ].join('\n');
}

/** Every figure of the duplicates section; empties the database. */
export async function duplicatesBench(o: DuplicatesBenchOptions): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const f = new Figures();
  const busy = 'os.loadavg(): the 2 cores are shared with whatever else runs on the machine';
  f.add('dup_load_average_before', round(os.loadavg()[0]!), 'processes', busy);
  const fig = await analysisBench(o.db, o, f);
  f.add('dup_load_average_after', round(os.loadavg()[0]!), 'processes', `${busy}; over the last 15 minutes ${round(os.loadavg()[2]!)}`);
  console.log(`\n${goalsTable(f)}\n`);
  // which version of the analysis was measured, by the times its files were last written
  const measured = ['server/services/similar.ts', 'server/db/queries/similar.ts', 'server/analyses/duty-pairs.ts', 'server/embedding/embedder.ts'];
  return {
    ...Object.fromEntries(f.all.map((x) => [x.name, x.value])),
    detail: fig,
    server_files: Object.fromEntries(measured.map((file) => [file, statSync(path.join(root, file)).mtime.toISOString()])),
    lines: f.all,
    seconds: Math.round(seconds(t0)),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = new Command('bench:duplicates')
    .option('--bureaus <n>', 'bureaus in the generated corpus', (s) => Number(s), 1000)
    .option('--vectors <n>', 'vectors in the kNN comparison', (s) => Number(s), 100_000)
    .option('--queries <n>', 'query vectors of the kNN comparison', (s) => Number(s), 300)
    .option('--wipe', 'allow emptying the database named by NEO4J_URI')
    .option('--out <file>', 'also write the figures there (JSON)')
    .parse()
    .opts<{ bureaus: number; vectors: number; queries: number; wipe?: boolean; out?: string }>();
  const log = (s: string) => console.error(`[bench] ${s}`);
  if (process.env.NEO4J_URI && !opts.wipe) {
    console.error('bench:duplicates: NEO4J_URI is set: the benchmark empties that database; pass --wipe to agree');
    process.exit(2);
  }
  const local = process.env.NEO4J_URI ? null : await startLocalNeo4j({ instance: 'bench', ...INSTANCES.bench!, password: 'bureau-graph-bench', log });
  const db = new Db(
    local
      ? { uri: local.uri, user: 'neo4j', password: 'bureau-graph-bench', database: 'neo4j' }
      : {
          uri: process.env.NEO4J_URI!,
          user: process.env.NEO4J_USER ?? 'neo4j',
          password: process.env.NEO4J_PASSWORD ?? '',
          database: process.env.NEO4J_DATABASE ?? 'neo4j',
        },
  );
  try {
    await applySchema(db);
    const fig = {
      ...(await duplicatesBench({ db, bureaus: opts.bureaus, vectors: opts.vectors, queries: opts.queries, log })),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    };
    if (opts.out) writeFileSync(opts.out, JSON.stringify(fig, null, 2) + '\n');
  } catch (e) {
    console.error(`bench:duplicates: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  } finally {
    await db.close();
    if (local?.started) await stopLocalNeo4j('bench');
  }
}
