/**
 * Derives the similar pairs of duties again from the whole graph. Texts are grouped by their normalised wording;
 * with meaning on, one statement per group carries the text's vector (embedded once, kept across re-imports of
 * other documents) and the vector index gives each group its nearest groups. MinHash/LSH gives the pairs that share
 * their wording. Every candidate is measured both ways, judged (server/analyses/duty-pairs.ts) and capped per node,
 * so a document of thousands of near-identical items cannot flood the graph.
 */
import { createHash } from 'node:crypto';
import { jaccard, normaliseDuty, shingles, similarPairsLsh } from '../analyses/duplicates.ts';
import { isHousekeeping, judge, postName, THRESHOLDS, type Grain } from '../analyses/duty-pairs.ts';
import { jurisdictionOf, sameJurisdiction, scopeOf } from '../analyses/scope.ts';
import type { Db } from '../db/driver.ts';
import {
  createSimilar,
  deleteSimilar,
  allVectors,
  exactNeighbours,
  postNeighbours,
  postRows,
  setAnalysisState,
  setPostWordings,
  setRepresentatives,
  setStatementVectors,
  statementCosines,
  statementNeighbours,
  statementRows,
  vectorIndexStates,
  type PostRow,
  type SimilarEdge,
  type StatementRow,
} from '../db/queries/similar.ts';
import { cosine, unitMean, type Embedder } from '../embedding/embedder.ts';
import type { Meaning } from '../embedding/meaning.ts';

/** A node keeps at most this many pairs, its best: enough to join it to its cluster, never thousands. */
export const PAIRS_PER_NODE = 5;
/** Nearest neighbours asked of the vector index per text group and per post. */
export const NEIGHBOURS = 10;
/** Up to this many vectors of a label, nearest neighbours are found exactly rather than through the index. */
export const EXACT_UP_TO = 2_000;
/** How long the analysis waits for a vector index still being populated. */
const INDEX_WAIT_MS = 300_000;
/** Rows per write transaction and per neighbour query. */
const BATCH = 500;
/** A document with at least this many statements of one wording (numbers aside) is reported. */
export const REPEATED_TEXTS = 50;

export interface SimilarOutcome {
  pairs: number;
  likely: number;
  housekeeping: number;
  /** texts and posts embedded in this run */
  embedded: number;
  /** why meaning was not used in this run, when it was not */
  meaningOff: string | null;
  /** one wording written many times in one document, numbers aside */
  repeated: { doc: string; text: string; count: number }[];
}

interface Side {
  id: string;
  text: string;
  unit: string;
  unitName: string;
  unitKind: string;
  bureau: string;
  bureauName: string;
  postTitle: string;
}

interface Candidate {
  a: Side;
  b: Side;
  grain: Grain;
  cosine: number | null;
}

/** Finds and stores the similar pairs; `meaning` off (or its index not online) means wording alone. */
export async function refreshSimilar(db: Db, meaning: Meaning, log: (line: string) => void = () => undefined): Promise<SimilarOutcome> {
  const statements = await db.query(statementRows, {});
  const posts = await db.query(postRows, {});
  const groups = groupByWording(statements);
  let meaningOff = meaning.on ? null : meaning.reason;
  let embedded = 0;
  const candidates: Candidate[] = [];
  const repOf = new Map<string, string>();
  const knownCosines = new Map<string, number>();

  if (meaning.on) {
    const reps = await placeRepresentatives(db, meaning.embedder, groups);
    for (const [norm, rep] of reps.byWording) for (const m of groups.get(norm)!) repOf.set(m.id, rep);
    const postGroups = await placePosts(db, meaning.embedder, posts, statements, repOf);
    embedded += reps.embedded + postGroups.embedded;
    meaningOff = await awaitVectorIndexes(db);
    if (meaningOff === null) {
      const members = new Map<string, StatementRow[]>();
      for (const [norm, rep] of reps.byWording) members.set(rep, groups.get(norm)!);
      for (const n of await nearest(db, 'Statement', [...members.keys()])) {
        knownCosines.set(pairOf(n.a, n.b), n.score);
        if (n.score < THRESHOLDS.candidate) continue;
        const pick = crossUnitPair(members.get(n.a) ?? [], members.get(n.b) ?? []);
        if (pick) candidates.push({ ...pick, grain: 'statement', cosine: n.score });
      }
      for (const n of await nearest(db, 'Post', [...postGroups.members.keys()])) {
        if (n.score < THRESHOLDS.candidate) continue;
        const pick = crossUnitPair(postGroups.members.get(n.a) ?? [], postGroups.members.get(n.b) ?? [], postSide);
        if (pick) candidates.push({ ...pick, grain: 'post', cosine: n.score });
      }
      // posts of one wording in different units: the same post twice
      for (const group of postGroups.members.values()) {
        for (const [a, b] of chain(group)) candidates.push({ a: postSide(a), b: postSide(b), grain: 'post', cosine: 1 });
      }
    }
  }
  if (meaningOff) log(`similar duties by wording only: ${meaningOff}`);

  // wording: texts of one unit are never paired, so a unit's own repeated items stay out
  const byId = new Map(statements.map((s) => [s.id, s]));
  const postOf = new Map(statements.map((s) => [s.id, s.post]));
  const lexical = similarPairsLsh(
    statements.map((s) => ({ id: s.id, text: s.text, group: s.unit, realm: districtOf(s.bureauName) })),
    THRESHOLDS.statement.wordsAlone,
  ).pairs;
  const missing: { a: string; b: string }[] = [];
  for (const p of lexical) {
    const [ra, rb] = [repOf.get(p.a), repOf.get(p.b)];
    const cosine = meaningOff !== null || !ra || !rb ? null : ra === rb ? 1 : (knownCosines.get(pairOf(ra, rb)) ?? null);
    if (meaningOff === null && ra && rb && cosine === null) missing.push({ a: ra, b: rb });
    candidates.push({ a: statementSide(byId.get(p.a)!), b: statementSide(byId.get(p.b)!), grain: 'statement', cosine });
  }
  if (missing.length) {
    for (const c of await neighboursOfPairs(db, missing)) knownCosines.set(pairOf(c.a, c.b), c.score);
    for (const c of candidates) {
      if (c.cosine !== null || c.grain !== 'statement') continue;
      const [ra, rb] = [repOf.get(c.a.id), repOf.get(c.b.id)];
      if (ra && rb) c.cosine = knownCosines.get(pairOf(ra, rb)) ?? null;
    }
  }

  // what counts is a function two units both carry: two bureaus, or a bureau and its own centre; the sections and
  // centres of one bureau share its wording and style without sharing a duty, and two districts' bureaus each do the
  // same work for their own district
  const counted = candidates.filter((c) => scopeOf(c.a, c.b) !== 'same-bureau' && sameJurisdiction(c.a.bureauName, c.b.bureauName));
  const statementEdges = counted.filter((c) => c.grain === 'statement').map((c) => measure(c));
  // two posts are alike in style whatever they do: statements of theirs among each other's nearest back their cosine
  const supported = new Set(statementEdges.map((e) => pairOf(postOf.get(e.a) ?? '', postOf.get(e.b) ?? '')));
  const postEdges = counted.filter((c) => c.grain === 'post').map((c) => measure(c, supported.has(pairOf(c.a.id, c.b.id))));
  const edges = capped([...statementEdges, ...postEdges].filter((e) => e.reason !== 'below'));
  await db.autoCommit(deleteSimilar, {});
  for (let i = 0; i < edges.length; i += BATCH * 20) await db.query(createSimilar, { pairs: edges.slice(i, i + BATCH * 20) });
  await db.query(setAnalysisState, {
    meaning: meaningOff === null,
    model: meaning.on ? meaning.model : null,
    reason: meaningOff,
    at: new Date().toISOString(),
  });
  return {
    pairs: edges.length,
    likely: edges.filter((e) => e.likely).length,
    housekeeping: edges.filter((e) => e.housekeeping).length,
    embedded,
    meaningOff,
    repeated: repeatedTexts(statements),
  };
}

/** Statements by normalised wording; a blank wording is a group of its own per statement. */
function groupByWording(statements: StatementRow[]): Map<string, StatementRow[]> {
  const out = new Map<string, StatementRow[]>();
  for (const s of statements) {
    const norm = normaliseDuty(s.text) || `\u0000${s.id}`;
    const list = out.get(norm);
    if (list) list.push(s);
    else out.set(norm, [s]);
  }
  return out;
}

/**
 * One representative per wording carries its vector: one already embedded if there is one, so re-importing a
 * document embeds only texts new to the graph. Returns the representative of every wording.
 */
async function placeRepresentatives(db: Db, embedder: Embedder, groups: Map<string, StatementRow[]>) {
  const byWording = new Map<string, string>();
  const toEmbed: StatementRow[] = [];
  const add: string[] = [];
  const remove: string[] = [];
  for (const [norm, members] of groups) {
    if (norm.startsWith('\u0000')) continue;
    const rep = members.find((m) => m.embedded && m.representative) ?? members.find((m) => m.embedded) ?? members[0]!;
    byWording.set(norm, rep.id);
    if (!rep.embedded) toEmbed.push(rep);
    else if (!rep.representative) add.push(rep.id);
    for (const m of members) if (m !== rep && m.representative) remove.push(m.id);
  }
  const cache = new Map<string, number[]>();
  for (let i = 0; i < toEmbed.length; i += BATCH) {
    const rows: { id: string; vector: number[] }[] = [];
    for (const s of toEmbed.slice(i, i + BATCH)) {
      let v = cache.get(s.text);
      if (!v) cache.set(s.text, (v = Array.from(await embedder.embed(s.text))));
      rows.push({ id: s.id, vector: v });
    }
    await db.query(setStatementVectors, { rows });
  }
  if (add.length || remove.length) await db.query(setRepresentatives, { add, remove });
  return { byWording, embedded: toEmbed.length };
}

/**
 * Gives every post its wording (a hash of its title and statements, normalised) and one post per wording its
 * vector: the mean of its title's vector (numbering aside) and its statements' vectors, normalised. A post costs one
 * short text to embed, and its statements' vectors are there already. Returns the posts of each wording by the one
 * with the vector.
 */
async function placePosts(db: Db, embedder: Embedder, posts: PostRow[], statements: StatementRow[], repOf: Map<string, string>) {
  const fresh = posts.filter((p) => p.wording === null);
  const embeddedWordings = new Set(posts.filter((p) => p.embedded && p.wording !== null).map((p) => p.wording!));
  const wordings = new Map(posts.filter((p) => p.wording !== null).map((p) => [p.id, p.wording!]));
  let embedded = 0;
  if (fresh.length) {
    const said = new Map<string, StatementRow[]>();
    for (const st of statements) said.set(st.post, [...(said.get(st.post) ?? []), st]);
    const vectors = new Map((await db.query(allVectors('Statement'), {})).map((v) => [v.id, v.vector]));
    for (let i = 0; i < fresh.length; i += BATCH) {
      const rows: { id: string; wording: string; vector: number[] | null }[] = [];
      for (const p of fresh.slice(i, i + BATCH)) {
        const own = said.get(p.id) ?? [];
        const wording = createHash('sha256')
          .update(normaliseDuty([p.postTitle, ...own.map((x) => x.text)].join('\n')))
          .digest('hex')
          .slice(0, 24);
        wordings.set(p.id, wording);
        let vector: number[] | null = null;
        if (!embeddedWordings.has(wording)) {
          embeddedWordings.add(wording);
          const parts = [Array.from(await embedder.embed(postName(p.postTitle)))];
          for (const x of own) {
            const v = vectors.get(repOf.get(x.id) ?? '');
            if (v) parts.push(v);
          }
          vector = unitMean(parts);
          embedded++;
        }
        rows.push({ id: p.id, wording, vector });
      }
      await db.query(setPostWordings, { rows });
    }
  }
  // the posts of each wording, the one carrying the vector first
  const byWording = new Map<string, PostRow[]>();
  const carrier = new Map<string, string>();
  for (const p of posts) {
    const w = wordings.get(p.id)!;
    byWording.set(w, [...(byWording.get(w) ?? []), p]);
    if (p.embedded) carrier.set(w, p.id);
  }
  const members = new Map<string, PostRow[]>();
  const firstNew = new Set(fresh.map((p) => p.id));
  for (const [w, group] of byWording) {
    // a wording embedded in this run: its first post, in the order written
    const lead = carrier.get(w) ?? group.find((p) => firstNew.has(p.id))!.id;
    members.set(lead, [...group.filter((p) => p.id === lead), ...group.filter((p) => p.id !== lead)]);
  }
  return { embedded, members };
}

/** Null once both vector indexes are online; otherwise why the analysis goes on without them. */
async function awaitVectorIndexes(db: Db): Promise<string | null> {
  const until = Date.now() + INDEX_WAIT_MS;
  for (;;) {
    const states = await db.query(vectorIndexStates, {});
    if (states.length < 2) return 'the vector indexes are missing: the graph has not been migrated (cypher/schema/005-duplicates.cypher)';
    const failed = states.find((s) => s.state === 'FAILED');
    if (failed) return `the vector index ${failed.name} has FAILED; drop it and restart so that it is created again`;
    if (states.every((s) => s.state === 'ONLINE')) return null;
    if (Date.now() > until) return `the vector indexes were not online after ${INDEX_WAIT_MS / 1000} s`;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * The NEIGHBOURS nearest of each node. Up to EXACT_UP_TO vectors they are found exactly, so a small graph gets the
 * same pairs however its documents were written; above, from the vector index (approximate: its graph depends on the
 * order vectors came in). A node the index does not find itself for (its graph search can miss after many
 * deletions) is answered by exact cosine instead.
 */
async function nearest(db: Db, label: 'Statement' | 'Post', ids: string[]) {
  if (ids.length <= EXACT_UP_TO) return exactNearest(await db.query(allVectors(label), {}), new Set(ids));
  const q = label === 'Statement' ? statementNeighbours : postNeighbours;
  const out: { a: string; b: string; score: number }[] = [];
  const missed: string[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const rows = await db.query(q, { ids: batch, k: NEIGHBOURS + 1 });
    const found = new Set(rows.filter((r) => r.a === r.b).map((r) => r.a));
    missed.push(...batch.filter((id) => !found.has(id)));
    out.push(...rows.filter((r) => r.a !== r.b && found.has(r.a)));
  }
  for (let i = 0; i < missed.length; i += BATCH) out.push(...(await db.query(exactNeighbours(label), { ids: missed.slice(i, i + BATCH), k: NEIGHBOURS })));
  return out;
}

/** Each asked-for vector's NEIGHBOURS nearest among `all` by exact cosine, ties by id. */
function exactNearest(all: { id: string; vector: number[] }[], asked: Set<string>) {
  const vectors = all.map((x) => ({ id: x.id, v: Float32Array.from(x.vector) }));
  const out: { a: string; b: string; score: number }[] = [];
  for (const x of vectors) {
    if (!asked.has(x.id)) continue;
    const best: { id: string; score: number }[] = [];
    for (const y of vectors) {
      if (y === x) continue;
      const score = cosine(x.v, y.v);
      if (best.length === NEIGHBOURS && score <= best[NEIGHBOURS - 1]!.score) continue;
      best.push({ id: y.id, score });
      best.sort((p, q) => q.score - p.score || p.id.localeCompare(q.id));
      if (best.length > NEIGHBOURS) best.pop();
    }
    for (const b of best) out.push({ a: x.id, b: b.id, score: b.score });
  }
  return out;
}

async function neighboursOfPairs(db: Db, pairs: { a: string; b: string }[]) {
  const out: { a: string; b: string; score: number }[] = [];
  for (let i = 0; i < pairs.length; i += BATCH * 10) out.push(...(await db.query(statementCosines, { pairs: pairs.slice(i, i + BATCH * 10) })));
  return out;
}

/** The district a bureau's name places it in, the realm LSH keeps pairs within; null for a city or an unknown. */
const districtOf = (bureau: string) => {
  const j = jurisdictionOf(bureau);
  return j?.level === 'district' ? j.name : null;
};

const pairOf = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);

const statementSide = (s: StatementRow): Side => ({ ...s, text: s.text });
const postSide = (p: PostRow): Side => ({ ...p, text: p.postTitle });

/** Two holders of two wordings in different units, the first such in document order; none when all share one unit. */
function crossUnitPair<T extends StatementRow | PostRow>(
  as: T[],
  bs: T[],
  side: (x: T) => Side = statementSide as (x: T) => Side,
): { a: Side; b: Side } | null {
  for (const a of as.slice(0, 50))
    for (const b of bs.slice(0, 50)) if (a.unit !== b.unit && sameJurisdiction(a.bureauName, b.bureauName)) return { a: side(a), b: side(b) };
  return null;
}

/**
 * Each holder of one wording joined to the next one in another unit of a jurisdiction it shares: the group as
 * clusters, in n − 1 pairs at most.
 */
function chain<T extends { unit: string; bureauName: string }>(group: T[]): [T, T][] {
  const out: [T, T][] = [];
  group.forEach((a, i) => {
    const b = group.slice(i + 1).find((x) => x.unit !== a.unit && sameJurisdiction(a.bureauName, x.bureauName));
    if (b) out.push([a, b]);
  });
  return out;
}

/** The candidate measured and judged, as the edge to store; `supported` for posts (see judge). */
function measure(c: Candidate, supported?: boolean): SimilarEdge {
  const post = c.grain === 'post';
  const lexical = jaccard(shingles(normaliseDuty(c.a.text)), shingles(normaliseDuty(c.b.text)));
  const housekeeping = isHousekeeping(c.a.text, { post }) || isHousekeeping(c.b.text, { post });
  const verdict = judge({ grain: c.grain, cosine: c.cosine, lexical, housekeeping, supported });
  const [a, b] = c.a.id < c.b.id ? [c.a, c.b] : [c.b, c.a];
  return {
    a: a.id,
    b: b.id,
    key: pairKey(a, b, c.grain),
    grain: c.grain,
    score: verdict.score,
    cosine: c.cosine === null ? null : Math.round(c.cosine * 1000) / 1000,
    lexical: Math.round(lexical * 1000) / 1000,
    scope: scopeOf(a, b),
    housekeeping,
    likely: verdict.likely,
    reason: verdict.reason,
  };
}

/**
 * A pair's key from what users see of it, not from node ids: the bureaus, units, posts and normalised texts of its
 * sides. Review marks are kept under it, so they outlive re-imports that keep those the same.
 */
export function pairKey(a: Side, b: Side, grain: Grain): string {
  const side = (s: Side) => [s.bureauName, s.unitName, s.postTitle, grain === 'post' ? '' : normaliseDuty(s.text)].join('\u0001');
  const [x, y] = [side(a), side(b)].sort();
  return createHash('sha256').update(`${grain}\u0002${x}\u0002${y}`).digest('hex').slice(0, 24);
}

/** The best pairs, likely ones first, with no node in more than PAIRS_PER_NODE of them and no key twice. */
function capped(edges: SimilarEdge[]): SimilarEdge[] {
  const sorted = [...edges].sort((x, y) => Number(y.likely) - Number(x.likely) || y.score - x.score || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  const count = new Map<string, number>();
  const keys = new Set<string>();
  const out: SimilarEdge[] = [];
  for (const e of sorted) {
    if (keys.has(e.key) || e.a === e.b) continue;
    if ((count.get(e.a) ?? 0) >= PAIRS_PER_NODE || (count.get(e.b) ?? 0) >= PAIRS_PER_NODE) continue;
    keys.add(e.key);
    out.push(e);
    count.set(e.a, (count.get(e.a) ?? 0) + 1);
    count.set(e.b, (count.get(e.b) ?? 0) + 1);
  }
  return out;
}

/** Wordings (numbers aside) written at least REPEATED_TEXTS times in one document. */
function repeatedTexts(statements: StatementRow[]): SimilarOutcome['repeated'] {
  const counts = new Map<string, { doc: string; text: string; count: number }>();
  for (const s of statements) {
    const key = `${s.doc}\u0001${normaliseDuty(s.text)}`;
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { doc: s.doc, text: s.text, count: 1 });
  }
  return [...counts.values()].filter((c) => c.count >= REPEATED_TEXTS).sort((x, y) => y.count - x.count);
}
