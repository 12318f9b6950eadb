/**
 * Which duties are duplicated: the stored pairs with their differences and shared phrases, clusters of them, the
 * review marks users put on pairs, and the 职责边界清单 built from them.
 */
import { clusters } from '../analyses/duplicates.ts';
import { sharedPhrases } from '../analyses/duty-pairs.ts';
import { markDifferences } from '../analyses/marks.ts';
import type { Db } from '../db/driver.ts';
import { markGraphChanged } from '../db/queries/meta.ts';
import { analysisState, deleteReviews, pairCounts, pairsByKey, reviews, setReviews, similarPairs, type SimilarRow } from '../db/queries/similar.ts';
import type { z } from 'zod';
import { regionOfUnit } from '../analyses/scope.ts';
import type { PairOwnersRow } from '../db/queries/explorer.ts';
import { owners } from './explorer.ts';
import { NotFound } from '../errors.ts';
import type { DupPair, DuplicatesQuery, DuplicatesResponse, MarkRequest, MeaningStatus, ReviewsResponse } from '../model/api.ts';
import type { GraphCache } from './cache.ts';

/** The pair as the API gives it: differences marked, shared phrases listed. */
function asPair(p: SimilarRow): DupPair {
  const m = markDifferences(p.a.text, p.b.text);
  return { ...p, shared: sharedPhrases(p.a.text, p.b.text).slice(0, 12), a: { ...p.a, marked: m.a }, b: { ...p.b, marked: m.b } };
}

/** How the stored pairs were found. */
async function meaningOf(db: Db): Promise<MeaningStatus> {
  const [s] = await db.query(analysisState, {});
  if (!s) return { on: false, model: null, reason: 'no duplicates analysis has run yet: import a document' };
  return { on: s.meaning, model: s.meaning ? s.model : null, reason: s.meaning ? null : s.reason };
}

/** Clusters of the pairs: each one duty carried in several places, with the keys of the pairs that join it. */
function clustersOf(pairs: SimilarRow[]): DuplicatesResponse['clusters'] {
  const sides = new Map(pairs.flatMap((p) => [p.a, p.b]).map((s) => [s.id, s]));
  const keysOf = new Map<string, string[]>();
  for (const p of pairs) keysOf.set(p.a.id, [...(keysOf.get(p.a.id) ?? []), p.key]);
  return clusters(pairs.map((p) => ({ a: p.a.id, b: p.b.id, score: p.score }))).map((ids) => ({
    size: ids.length,
    keys: [...new Set(ids.flatMap((id) => keysOf.get(id) ?? []))],
    members: ids.map((id) => {
      const s = sides.get(id)!;
      return { id, unit: s.unit, post: s.post, text: s.text };
    }),
  }));
}

/** The region parameter that asks for the owners whose names give no region. */
const NO_REGION = '-';

/**
 * The keys of the pairs whose owners (the bureaus or centres of their sides) satisfy `which`, as the matrix counted
 * them: the list of a cell or a region holds its pairs however far down the whole list they would rank.
 */
async function ownedKeys(db: Db, cache: GraphCache, which: (p: z.output<typeof PairOwnersRow>) => boolean): Promise<string[]> {
  return (await owners(db, cache)).filter(which).map((p) => p.key);
}

/** The pairs the query asks for, their clusters, how they were found, and how many are ranked out. */
export async function duplicates(db: Db, cache: GraphCache, query: DuplicatesQuery): Promise<DuplicatesResponse> {
  return cache.get(`duplicates:${JSON.stringify(query)}`, async () => {
    const filter = {
      min: query.minScore,
      cross: query.crossBureauOnly,
      likely: query.show === 'likely',
      grain: query.grain,
      mark: query.mark,
      limit: query.limit,
    };
    const { ownerA: a, ownerB: b, region } = query;
    const keys =
      a && b
        ? await ownedKeys(db, cache, (p) => (p.a.id === a && p.b.id === b) || (p.a.id === b && p.b.id === a))
        : region
          ? await ownedKeys(db, cache, (p) => [p.a.id, p.b.id].some((id) => (regionOfUnit(id) ?? NO_REGION) === region))
          : null;
    const rows = await db.query(similarPairs, { ...filter, keys });
    const [counts] = await db.query(pairCounts, {});
    return {
      meaning: await meaningOf(db),
      counts: { likely: counts?.likely ?? 0, housekeeping: counts?.housekeeping ?? 0 },
      pairs: rows.map(asPair),
      clusters: clustersOf(rows),
    };
  });
}

/** Marks pairs as duplicates or not (null removes the marks); NotFound names keys no stored pair has. */
export async function markPairs(db: Db, request: MarkRequest, by: string): Promise<number> {
  const keys = [...new Set(request.keys)];
  if (request.verdict === null) {
    await db.query(deleteReviews, { keys });
    await db.query(markGraphChanged, {});
    return keys.length;
  }
  const pairs = await db.query(pairsByKey, { keys });
  const found = new Set(pairs.map((p) => p.key));
  const unknown = keys.filter((k) => !found.has(k));
  if (unknown.length)
    throw new NotFound(`no pair with the key ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`);
  const at = new Date().toISOString();
  const sides = (p: SimilarRow) => JSON.stringify([p.a, p.b].map((s) => ({ bureau: s.bureau, unit: s.unit, post: s.post, text: s.text })));
  await db.query(setReviews, { reviews: pairs.map((p) => ({ key: p.key, verdict: request.verdict!, note: request.note, by, at, sides: sides(p) })) });
  await db.query(markGraphChanged, {});
  return pairs.length;
}

/** Every review mark, newest first; a mark whose pair a re-import removed is listed as orphaned, never dropped. */
export async function reviewList(db: Db): Promise<ReviewsResponse> {
  const rows = await db.query(reviews, {});
  return {
    reviews: rows.map((r) => ({
      key: r.key,
      verdict: r.verdict,
      note: r.note,
      by: r.by,
      at: r.at,
      orphaned: r.orphaned,
      sides: JSON.parse(r.sides) as ReviewsResponse['reviews'][number]['sides'],
    })),
  };
}

/** The pairs of the 职责边界清单: likely duplicates nobody rejected, and every pair a user confirmed. */
export async function boundaryPairs(db: Db): Promise<SimilarRow[]> {
  const rows = await db.query(similarPairs, { min: 0, cross: false, likely: false, grain: 'any', mark: 'any', limit: 1_000_000, keys: null });
  return rows.filter((p) => (p.likely && p.mark?.verdict !== 'not-duplicate') || p.mark?.verdict === 'duplicate');
}
