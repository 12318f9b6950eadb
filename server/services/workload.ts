/** Who is overloaded: people ranked by the workload index, with the reasons. */
import { rankOverload } from '../analyses/overload.ts';
import type { Db } from '../db/driver.ts';
import { personLoads } from '../db/queries/workload.ts';
import type { OverloadQuery, OverloadResponse } from '../model/api.ts';
import type { GraphCache } from './cache.ts';
import { qualityReport } from './quality.ts';

/** The people with the highest workload index under the weights asked for. */
export async function overload(db: Db, cache: GraphCache, query: OverloadQuery): Promise<OverloadResponse> {
  return cache.get(`overload:${JSON.stringify(query)}`, async () => {
    const { limit, ...weights } = query;
    const ranked = rankOverload(await cache.get('loads', () => db.query(personLoads, {})), weights).slice(0, limit);
    const q = await cache.get('quality', () => qualityReport(db));
    return {
      weights,
      people: ranked.map((p) => ({
        id: p.id,
        name: p.name,
        bureau: p.bureau,
        units: p.unitNames ?? p.units,
        posts: p.postTitles ?? p.posts,
        leadItems: p.leadItems,
        assistItems: p.assistItems,
        workflows: p.workflows,
        score: p.score,
        reasons: p.reasons,
      })),
      itemsWithoutLead: q.itemsWithoutLead.length,
      itemsWithSeveralLeads: q.itemsWithSeveralLeads.length,
    };
  });
}
