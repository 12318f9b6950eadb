/** Which duties are duplicated: similar pairs with their differing characters marked, and clusters of them. */
import { clusters } from '../analyses/duplicates.ts';
import { markDifferences } from '../analyses/marks.ts';
import type { Db } from '../db/driver.ts';
import { similarPairs } from '../db/queries/similar.ts';
import type { DuplicatesQuery, DuplicatesResponse } from '../model/api.ts';
import type { GraphCache } from './cache.ts';

/** Similar pairs at or above the score asked for, their differences marked, and their clusters. */
export async function duplicates(db: Db, cache: GraphCache, query: DuplicatesQuery): Promise<DuplicatesResponse> {
  return cache.get(`duplicates:${JSON.stringify(query)}`, async () => {
    const rows = await db.query(similarPairs, { min: query.minScore, cross: query.crossBureauOnly, limit: query.limit });
    const pairs = rows.map((p) => {
      const m = markDifferences(p.a.text, p.b.text);
      return { score: Math.round(p.score * 1000) / 1000, scope: p.scope, a: { ...p.a, marked: m.a }, b: { ...p.b, marked: m.b } };
    });
    const sides = new Map(rows.flatMap((p) => [p.a, p.b]).map((s) => [s.id, s]));
    const member = (id: string) => {
      const s = sides.get(id)!;
      return { id, unit: s.unit, post: s.post, text: s.text };
    };
    const groups = clusters(rows.map((p) => ({ a: p.a.id, b: p.b.id, score: p.score })));
    return { pairs, clusters: groups.map((ids) => ({ size: ids.length, members: ids.map(member) })) };
  });
}
