/** Full-text search over units, posts, people, work items, duties and workflows. */
import type { Db } from '../db/driver.ts';
import { labelsParam } from '../db/queries/fragments.ts';
import { fullText, luceneText } from '../db/queries/search.ts';
import type { SearchQuery, SearchResponse } from '../model/api.ts';
import type { GraphCache } from './cache.ts';

/** Nodes whose name or text matches the words asked for, best first. */
export async function search(db: Db, cache: GraphCache, query: SearchQuery): Promise<SearchResponse> {
  return cache.get(`search:${query.limit}:${query.q}`, async () => ({
    results: await db.query(fullText, { q: luceneText(query.q), limit: query.limit, ...labelsParam }),
  }));
}
