/** Posts that share a workflow: by code within a bureau, or by the steps they write out. */
import { sharedWorkflows } from '../analyses/shared-workflows.ts';
import type { Db } from '../db/driver.ts';
import { postNames, postWorkflows } from '../db/queries/workflows.ts';
import type { SharedQuery, SharedResponse } from '../model/api.ts';
import type { GraphCache } from './cache.ts';
import { page } from './page.ts';

/** A page of the groups of posts sharing a workflow, posts named by unit and title. */
export async function shared(db: Db, cache: GraphCache, q: SharedQuery): Promise<SharedResponse> {
  return cache.get(`shared:${q.offset}:${q.limit}`, async () => {
    const all = sharedWorkflows(await cache.get('post-workflows', () => db.query(postWorkflows, {})));
    const groups = page(all, q);
    const names = new Map((await db.query(postNames, { ids: [...new Set(groups.flatMap((g) => g.posts))] })).map((p) => [p.id, p]));
    const named = (id: string) => ({ id, unit: names.get(id)?.unit ?? '', post: names.get(id)?.post ?? id });
    return {
      total: all.length,
      offset: q.offset,
      truncated: all.length > q.offset + groups.length,
      groups: groups.map((g) => ({ ...g, posts: g.posts.map(named) })),
    };
  });
}
