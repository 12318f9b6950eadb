/** Who reports to whom: the unit tree, reporting lines with their basis, 分管 oversight, posts left unplaced. */
import type { Db } from '../db/driver.ts';
import { oversight, reportingEdges, unplacedPosts } from '../db/queries/reporting.ts';
import { unitRows } from '../db/queries/units.ts';
import type { ReportingQuery, ReportingResponse, UnitTree, UnitsQuery, UnitsResponse } from '../model/api.ts';
import type { GraphCache } from './cache.ts';
import { page } from './page.ts';

export type Tree<U> = U & { children: Tree<U>[] };

/** Units nested under their parents; the roots in the order the query gives (by kind, then name). */
export function unitTree<U extends { id: string; parent: string | null }>(rows: U[]): Tree<U>[] {
  type Node = Tree<U>;
  const byId = new Map<string, Node>(rows.map((u) => [u.id, { ...u, children: [] }]));
  const top: Node[] = [];
  for (const u of byId.values()) {
    const parent = u.parent ? byId.get(u.parent) : undefined;
    if (parent) parent.children.push(u);
    else top.push(u);
  }
  return top;
}

/** A page of the unit tree, bureaus at the top. */
export async function units(db: Db, cache: GraphCache, q: UnitsQuery): Promise<UnitsResponse> {
  return cache.get(`units:${q.offset}:${q.limit}`, async () => {
    const roots: UnitTree[] = await cache.get('unit-tree', async () => unitTree(await db.query(unitRows, {})));
    return { total: roots.length, offset: q.offset, units: page(roots, q) };
  });
}

/** A page of each list: reporting edges, oversight, unplaced posts. */
export async function reporting(db: Db, cache: GraphCache, q: ReportingQuery): Promise<ReportingResponse> {
  return cache.get(`reporting:${q.offset}:${q.limit}`, async () => {
    const all = await cache.get('reporting', () =>
      db.read(async (tx) => ({
        edges: await tx.query(reportingEdges, {}),
        oversight: await tx.query(oversight, {}),
        unplaced: (await tx.query(unplacedPosts, {})).map((r) => r.post),
      })),
    );
    const lists = [all.edges, all.oversight, all.unplaced];
    return {
      edges: page(all.edges, q),
      oversight: page(all.oversight, q),
      unplaced: page(all.unplaced, q),
      totals: { edges: all.edges.length, oversight: all.oversight.length, unplaced: all.unplaced.length },
      offset: q.offset,
      truncated: lists.some((x) => x.length > q.offset + q.limit),
    };
  });
}
