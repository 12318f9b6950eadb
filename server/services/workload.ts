/** Who is overloaded: people ranked by the workload index, with its parts, within a bureau or region if asked. */
import { quantile, rankOverload } from '../analyses/overload.ts';
import { regionOf } from '../analyses/scope.ts';
import type { Db } from '../db/driver.ts';
import { personLoads } from '../db/queries/workload.ts';
import { NotFound } from '../errors.ts';
import type { OverloadQuery, OverloadResponse } from '../model/api.ts';
import type { GraphCache } from './cache.ts';
import { bureaus } from './explorer.ts';
import { qualityReport } from './quality.ts';

/** The people with the highest workload index under the weights asked for, of one bureau or region if asked. */
export async function overload(db: Db, cache: GraphCache, query: OverloadQuery): Promise<OverloadResponse> {
  return cache.get(`overload:${JSON.stringify(query)}`, async () => {
    const { limit, bureau, region, ...weights } = query;
    let everyone = rankOverload(await cache.get('loads', () => db.query(personLoads, {})), weights);
    // the threshold is the whole graph's, so that a bureau's people are measured against everyone
    const threshold = quantile(
      everyone.map((p) => p.score),
      0.9,
    );
    if (bureau) {
      const b = (await bureaus(db, cache)).find((r) => r.id === bureau);
      if (!b) throw new NotFound(`no bureau ${bureau}`);
      everyone = everyone.filter((p) => p.bureau === b.name);
    }
    if (region) everyone = everyone.filter((p) => (regionOf(p.bureau)?.name ?? null) === region);
    const q = await cache.get('quality', () => qualityReport(db));
    return {
      weights,
      people: everyone.slice(0, limit).map((p) => ({
        id: p.id,
        name: p.name,
        bureau: p.bureau,
        units: p.unitNames ?? p.units,
        posts: p.postTitles ?? p.posts,
        leadItems: p.leadItems,
        assistItems: p.assistItems,
        workflows: p.workflows,
        score: p.score,
        parts: p.parts,
      })),
      total: everyone.length,
      threshold,
      itemsWithoutLead: q.itemsWithoutLead.length,
      itemsWithSeveralLeads: q.itemsWithSeveralLeads.length,
    };
  });
}
