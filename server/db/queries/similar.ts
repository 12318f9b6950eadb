/**
 * Similar duties: the texts compared and their vectors, the nearest neighbours the vector indexes give, the
 * SIMILAR_TO edges written back, the pairs read with both sides, and the review marks users put on pairs.
 */
import { z } from 'zod';
import { DupMark, DupPair, DupSide } from '../../model/api.ts';
import { autoCommitQuery, perKey, readQuery, writeQuery, type NoParams } from '../query.ts';
import { bureauOf } from './fragments.ts';

/** Where a text or post sits: its post, unit and bureau, by id and by name. */
const Placed = {
  post: z.string(),
  postTitle: z.string(),
  unit: z.string(),
  unitName: z.string(),
  unitKind: z.string(),
  bureau: z.string(),
  bureauName: z.string(),
  /** it carries a vector */
  embedded: z.boolean(),
};
export const StatementRow = z.object({ id: z.string(), text: z.string(), doc: z.string(), representative: z.boolean(), ...Placed });
export type StatementRow = z.output<typeof StatementRow>;
export const PostRow = z.object({ id: z.string(), wording: z.string().nullable(), ...Placed });
export type PostRow = z.output<typeof PostRow>;

const placed = (n: string) => `p.id AS post, p.title AS postTitle, u.id AS unit, u.name AS unitName, u.kind AS unitKind,
   coalesce(b.id, u.id) AS bureau, coalesce(b.name, u.name) AS bureauName, ${n}.embedding IS NOT NULL AS embedded`;

/**
 * The statements compared: work item titles and function texts of staff posts. Leaders' posts are left out:
 * 主持全面工作 and 配合局长开展工作 say the same in every bureau without being one duty. Responsibility texts
 * (受理责任: 依法受理…) are the same procedure written under every item, so they are left out too.
 */
export const statementRows = readQuery<NoParams, typeof StatementRow>(
  'statement-rows',
  `MATCH (p:Post {kind: 'staff'})-[:HAS_ITEM]->(i:WorkItem), (p)-[:IN_UNIT]->(u:Unit)
   ${bureauOf('u', 'bu')}
   WITH p, i, u, head(collect(bu)) AS b
   CALL (i) {
     WITH i WHERE i.title IS NOT NULL RETURN i AS n, i.title AS text
     UNION
     MATCH (i)-[:HAS_DUTY]->(d:Duty {kind: 'function'}) RETURN d AS n, d.text AS text
   }
   RETURN n.id AS id, text, n.doc AS doc, n:Statement AS representative, ${placed('n')}
   ORDER BY id`,
  StatementRow,
);

/** Staff posts, where they sit and whether they carry a vector. */
export const postRows = readQuery<NoParams, typeof PostRow>(
  'post-rows',
  `MATCH (p:Post {kind: 'staff'})-[:IN_UNIT]->(u:Unit)
   ${bureauOf('u', 'bu')}
   WITH p, u, head(collect(bu)) AS b
   RETURN p.id AS id, p.wording AS wording, ${placed('p')}
   ORDER BY id`,
  PostRow,
);

/** Stores each statement's vector (as 32-bit floats) and makes it its text's representative in the vector index. */
export const setStatementVectors = writeQuery<{ rows: { id: string; vector: number[] }[] }>(
  'set-statement-vectors',
  `UNWIND $rows AS r
   CALL (r) { MATCH (n:WorkItem {id: r.id}) RETURN n UNION MATCH (n:Duty {id: r.id}) RETURN n }
   CALL db.create.setNodeVectorProperty(n, 'embedding', r.vector)
   SET n:Statement`,
);

/** Makes these statements their texts' representatives, and the others no longer. */
export const setRepresentatives = writeQuery<{ add: string[]; remove: string[] }>(
  'set-representatives',
  `CALL () { UNWIND $add AS id CALL (id) { MATCH (n:WorkItem {id: id}) RETURN n UNION MATCH (n:Duty {id: id}) RETURN n } SET n:Statement }
   CALL () { UNWIND $remove AS id MATCH (n:Statement {id: id}) REMOVE n:Statement }`,
);

/**
 * Records each post's wording (a hash of its normalised text) and, for one post per wording, its vector: the
 * vector index never holds two copies of one vector, which its graph search handles badly.
 */
export const setPostWordings = writeQuery<{ rows: { id: string; wording: string; vector: number[] | null }[] }>(
  'set-post-wordings',
  `UNWIND $rows AS r
   MATCH (n:Post {id: r.id})
   SET n.wording = r.wording
   WITH n, r WHERE r.vector IS NOT NULL
   CALL db.create.setNodeVectorProperty(n, 'embedding', r.vector)`,
);

export const IndexStateRow = z.object({ name: z.string(), state: z.string() });
/** The duplicates analysis' vector indexes and their states (ONLINE, POPULATING, FAILED). */
export const vectorIndexStates = readQuery<NoParams, typeof IndexStateRow>(
  'vector-index-states',
  `SHOW VECTOR INDEXES YIELD name, state WHERE name IN ['statement_embedding', 'post_embedding'] RETURN name, state`,
  IndexStateRow,
);

export const NeighbourRow = z.object({ a: z.string(), b: z.string(), score: z.number() });
/**
 * Each statement's `k` nearest statements by cosine, itself included (the caller checks the index found it). The
 * index scores (1 + cosine) / 2; the cosine is given back.
 */
export const statementNeighbours = readQuery<{ ids: string[]; k: number }, typeof NeighbourRow>(
  'statement-neighbours',
  `UNWIND $ids AS id
   MATCH (n:Statement {id: id})
   CALL db.index.vector.queryNodes('statement_embedding', toInteger($k), n.embedding) YIELD node, score
   RETURN id AS a, node.id AS b, 2 * score - 1 AS score`,
  NeighbourRow,
);

/** Each post's `k` nearest posts by cosine, itself included. */
export const postNeighbours = readQuery<{ ids: string[]; k: number }, typeof NeighbourRow>(
  'post-neighbours',
  `UNWIND $ids AS id
   MATCH (n:Post {id: id}) WHERE n.embedding IS NOT NULL
   CALL db.index.vector.queryNodes('post_embedding', toInteger($k), n.embedding) YIELD node, score
   RETURN id AS a, node.id AS b, 2 * score - 1 AS score`,
  NeighbourRow,
);

/**
 * The `k` nearest by exact cosine over every vector of the label: for a node the index failed to find even itself
 * for (its graph search can miss after many deletions, until its segments merge).
 */
export const exactNeighbours = perKey((label: 'Statement' | 'Post') =>
  readQuery<{ ids: string[]; k: number }, typeof NeighbourRow>(
    `exact-neighbours-${label}`,
    `UNWIND $ids AS id
     MATCH (n:${label} {id: id}) WHERE n.embedding IS NOT NULL
     CALL (n) {
       MATCH (m:${label}) WHERE m.embedding IS NOT NULL AND m <> n
       WITH m, vector.similarity.cosine(n.embedding, m.embedding) AS score ORDER BY score DESC LIMIT toInteger($k)
       RETURN m, score
     }
     RETURN id AS a, m.id AS b, 2 * score - 1 AS score`,
    NeighbourRow,
  ),
);

export const VectorRow = z.object({ id: z.string(), vector: z.array(z.number()) });
/** Every vector of the label, for an exact search on a small graph. */
export const allVectors = perKey((label: 'Statement' | 'Post') =>
  readQuery<NoParams, typeof VectorRow>(
    `all-vectors-${label}`,
    `MATCH (n:${label}) WHERE n.embedding IS NOT NULL RETURN n.id AS id, n.embedding AS vector ORDER BY id`,
    VectorRow,
  ),
);

/** The cosine of pairs of representatives, from their stored vectors. */
export const statementCosines = readQuery<{ pairs: { a: string; b: string }[] }, typeof NeighbourRow>(
  'statement-cosines',
  `UNWIND $pairs AS p
   MATCH (a:Statement {id: p.a}), (b:Statement {id: p.b})
   RETURN p.a AS a, p.b AS b, vector.similarity.cosine(a.embedding, b.embedding) * 2 - 1 AS score`,
  NeighbourRow,
);

/** Records on each document the wordings it repeats many times (JSON of {text, count}), clearing earlier ones. */
export const setRepeated = writeQuery<{ docs: { doc: string; repeated: string[] }[] }>(
  'set-repeated',
  `CALL () { MATCH (d:Document) WHERE d.repeated IS NOT NULL REMOVE d.repeated }
   CALL () { UNWIND $docs AS x MATCH (d:Document {name: x.doc}) SET d.repeated = x.repeated }`,
);

/** Removes every SIMILAR_TO in batches of its own, so a province stays within transaction memory. */
export const deleteSimilar = autoCommitQuery<NoParams>('delete-similar', 'MATCH ()-[e:SIMILAR_TO]->() CALL (e) { DELETE e } IN TRANSACTIONS OF 20000 ROWS');

export interface SimilarEdge {
  a: string;
  b: string;
  key: string;
  grain: 'statement' | 'post';
  score: number;
  cosine: number | null;
  lexical: number;
  scope: string;
  housekeeping: boolean;
  likely: boolean;
  reason: string;
}

/** Writes SIMILAR_TO between work items, duties or posts, with the pair's measures and verdict. */
export const createSimilar = writeQuery<{ pairs: SimilarEdge[] }>(
  'create-similar',
  `UNWIND $pairs AS p
   CALL (p) { MATCH (a:WorkItem {id: p.a}) RETURN a UNION MATCH (a:Duty {id: p.a}) RETURN a UNION MATCH (a:Post {id: p.a}) RETURN a }
   CALL (p) { MATCH (b:WorkItem {id: p.b}) RETURN b UNION MATCH (b:Duty {id: p.b}) RETURN b UNION MATCH (b:Post {id: p.b}) RETURN b }
   CREATE (a)-[:SIMILAR_TO {key: p.key, grain: p.grain, score: p.score, cosine: p.cosine, lexical: p.lexical, scope: p.scope,
                            housekeeping: p.housekeeping, likely: p.likely, reason: p.reason}]->(b)`,
);

/** One side of a similar pair as the API shows it, before its differing characters are marked. */
export const SimilarSide = DupSide.omit({ marked: true });
/** A pair as stored, each side with its post, unit and bureau, before the service marks differences and phrases. */
export const SimilarRow = DupPair.omit({ shared: true, a: true, b: true }).extend({ a: SimilarSide, b: SimilarSide });
export type SimilarRow = z.output<typeof SimilarRow>;

/** One side of a pair: the work item (a duty's own, or itself) or post, its unit and bureau. */
const side = (n: string) => `
  CALL (${n}) {
    OPTIONAL MATCH (${n})<-[:HAS_DUTY]-(di:WorkItem)
    WITH ${n}, CASE WHEN ${n}:Post THEN null ELSE coalesce(di, ${n}) END AS item
    OPTIONAL MATCH (item)<-[:HAS_ITEM]-(ip:Post)
    WITH ${n}, item, coalesce(ip, ${n}) AS p
    MATCH (p)-[:IN_UNIT]->(u:Unit)
    ${bureauOf('u', 'bu')}
    WITH ${n}, item, p, u, head(collect(bu.name)) AS bureau
    RETURN { id: ${n}.id, unit: u.name, bureau: coalesce(bureau, u.name), post: p.title, workItem: item.title,
             text: coalesce(${n}.title, ${n}.text), doc: ${n}.doc, line: ${n}.lineStart } AS ${n}Side
  }`;

/** The columns of a pair `r` between `a` and `b` with its mark `m`, the sides made by side('a') and side('b'). */
const pairColumns = `RETURN r.key AS key, r.grain AS grain, r.score AS score, r.cosine AS cosine, r.lexical AS lexical, r.scope AS scope,
          r.housekeeping AS housekeeping, r.likely AS likely, r.reason AS reason,
          CASE WHEN m IS NULL THEN null ELSE m {.verdict, .note, .by, .at} END AS mark, aSide AS a, bSide AS b`;

export interface PairFilter {
  min: number;
  cross: boolean;
  /** likely: likely duplicates only; all: every stored pair (housekeeping and below-threshold pairs too) */
  likely: boolean;
  grain: 'any' | 'statement' | 'post';
  /** any, unmarked, duplicate, not-duplicate */
  mark: string;
  limit: number;
  /** only the pairs with these keys (a cell or a region of the matrix); null for any */
  keys: string[] | null;
}

/** The best pairs that pass the filter, each side with its post, unit and bureau, and the pair's review mark. */
export const similarPairs = readQuery<PairFilter, typeof SimilarRow>(
  'similar-pairs',
  `MATCH (a)-[r:SIMILAR_TO]->(b)
   WHERE r.score >= $min AND (NOT $cross OR r.scope = 'cross-bureau') AND (NOT $likely OR r.likely)
     AND ($grain = 'any' OR r.grain = $grain) AND ($keys IS NULL OR r.key IN $keys)
   OPTIONAL MATCH (m:Review {key: r.key})
   WITH a, b, r, m WHERE $mark = 'any' OR ($mark = 'unmarked' AND m IS NULL) OR m.verdict = $mark
   WITH a, b, r, m ORDER BY r.score DESC, a.id, b.id LIMIT toInteger($limit)
   ${side('a')}
   ${side('b')}
   ${pairColumns}`,
  SimilarRow,
);

export const PairCountsRow = z.object({ likely: z.number(), housekeeping: z.number(), below: z.number() });
/** How many stored pairs are likely duplicates, housekeeping, or below the thresholds. */
export const pairCounts = readQuery<NoParams, typeof PairCountsRow>(
  'pair-counts',
  `OPTIONAL MATCH ()-[r:SIMILAR_TO]->()
   RETURN count(CASE WHEN r.likely THEN 1 END) AS likely, count(CASE WHEN r.housekeeping THEN 1 END) AS housekeeping,
          count(CASE WHEN NOT r.likely AND NOT r.housekeeping THEN 1 END) AS below`,
  PairCountsRow,
);

/** The pairs with these keys, as similarPairs gives them. */
export const pairsByKey = readQuery<{ keys: string[] }, typeof SimilarRow>(
  'pairs-by-key',
  `UNWIND $keys AS key
   MATCH (a)-[r:SIMILAR_TO {key: key}]->(b)
   WITH key, head(collect([a, r, b])) AS x
   WITH x[0] AS a, x[1] AS r, x[2] AS b
   OPTIONAL MATCH (m:Review {key: r.key})
   ${side('a')}
   ${side('b')}
   ${pairColumns}`,
  SimilarRow,
);

export interface ReviewWrite {
  key: string;
  verdict: 'duplicate' | 'not-duplicate';
  note: string;
  by: string;
  at: string;
  /** the two sides as they read when marked (JSON), to list the mark should the pair disappear */
  sides: string;
}
/** Sets the marks of pairs, replacing earlier ones. */
export const setReviews = writeQuery<{ reviews: ReviewWrite[] }>(
  'set-reviews',
  `UNWIND $reviews AS x MERGE (m:Review {key: x.key}) SET m.verdict = x.verdict, m.note = x.note, m.by = x.by, m.at = x.at, m.sides = x.sides`,
);

/** Removes the marks of pairs. */
export const deleteReviews = writeQuery<{ keys: string[] }>('delete-reviews', `UNWIND $keys AS key MATCH (m:Review {key: key}) DELETE m`);

export const ReviewRow = z.object({ key: z.string(), ...DupMark.shape, sides: z.string(), orphaned: z.boolean() });
/** Every mark, and whether its pair is gone from the graph (orphaned). */
export const reviews = readQuery<NoParams, typeof ReviewRow>(
  'reviews',
  `MATCH (m:Review)
   RETURN m.key AS key, m.verdict AS verdict, m.note AS note, m.by AS by, m.at AS at, m.sides AS sides,
          NOT EXISTS { ()-[:SIMILAR_TO {key: m.key}]->() } AS orphaned
   ORDER BY m.at DESC`,
  ReviewRow,
);

export const AnalysisStateRow = z.object({ meaning: z.boolean(), model: z.string().nullable(), reason: z.string().nullable(), at: z.string() });
/** Records how the stored pairs were found: with meaning (which model) or without it (why). */
export const setAnalysisState = writeQuery<z.input<typeof AnalysisStateRow>>(
  'set-duplicates-state',
  `MERGE (s:AnalysisState {id: 'duplicates'}) SET s.meaning = $meaning, s.model = $model, s.reason = $reason, s.at = $at`,
);
/** How the stored pairs were found; no row before the first analysis. */
export const analysisState = readQuery<NoParams, typeof AnalysisStateRow>(
  'duplicates-state',
  `MATCH (s:AnalysisState {id: 'duplicates'}) RETURN s.meaning AS meaning, s.model AS model, s.reason AS reason, s.at AS at`,
  AnalysisStateRow,
);
