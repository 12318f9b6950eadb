/**
 * What the explorer draws: the bureaus by region with what users colour them by, one unit's org chart with its
 * people's load, likely duplicate pairs counted by bureau and centre, and a bureau's posts against its workflows.
 */
import { rankOverload, type Overload } from '../analyses/overload.ts';
import { regionOf, regionOfUnit } from '../analyses/scope.ts';
import type { Db } from '../db/driver.ts';
import { bureauCounts, chartOversight, chartPosts, chartReporting, chartTop, chartUnits, pairOwners, workflowCells } from '../db/queries/explorer.ts';
import { personLoads } from '../db/queries/workload.ts';
import { NotFound } from '../errors.ts';
import type { ChartResponse, DuplicateMatrixResponse, OverviewResponse, WorkflowMatrixResponse } from '../model/api.ts';
import type { GraphCache } from './cache.ts';

/** Everyone ranked under the default weights, kept with the graph's version. */
export function ranked(db: Db, cache: GraphCache): Promise<Overload[]> {
  return cache.get('ranked', async () => rankOverload(await cache.get('loads', () => db.query(personLoads, {}))));
}

/** The top units counted, kept with the graph's version. */
export function bureaus(db: Db, cache: GraphCache) {
  return cache.get('bureau-counts', () => db.query(bureauCounts, {}));
}

/** Stored pairs (likely and housekeeping) by the owners of their sides, kept with the graph's version. */
export function owners(db: Db, cache: GraphCache) {
  return cache.get('pair-owners', () => db.query(pairOwners, {}));
}

/** The bureaus by region, each with its counts, its likely duplicate pairs and its highest workload index. */
export async function overview(db: Db, cache: GraphCache): Promise<OverviewResponse> {
  return cache.get('overview', async () => {
    const [rows, people, stored] = await Promise.all([bureaus(db, cache), ranked(db, cache), owners(db, cache)]);
    const pairs = stored.filter((p) => p.likely);
    const byBureau = new Map<string, { people: number; load: number }>();
    for (const p of people) {
      const b = byBureau.get(p.bureau) ?? { people: 0, load: 0 };
      byBureau.set(p.bureau, { people: b.people + 1, load: Math.max(b.load, p.score) });
    }
    const dups = new Map<string, number>();
    for (const p of pairs) for (const top of new Set([p.a.top, p.b.top])) dups.set(top, (dups.get(top) ?? 0) + 1);
    const regions = new Map<string, OverviewResponse['regions'][number]>();
    for (const r of rows) {
      const region = regionOf(r.name);
      const key = region ? `${region.level}:${region.name}` : '';
      if (!regions.has(key)) regions.set(key, { name: region?.name ?? null, level: region?.level ?? null, bureaus: [] });
      const load = byBureau.get(r.name);
      regions.get(key)!.bureaus.push({ ...r, people: load?.people ?? 0, load: load?.load ?? 0, duplicates: dups.get(r.id) ?? 0 });
    }
    // cities before districts, by name; bureaus whose names give no region last
    const order = (g: OverviewResponse['regions'][number]) => (g.level === 'city' ? 0 : g.level === 'district' ? 1 : 2);
    const list = [...regions.values()].sort((a, b) => order(a) - order(b) || (a.name ?? '').localeCompare(b.name ?? '', 'zh'));
    return {
      regions: list,
      totals: {
        bureaus: rows.length,
        posts: rows.reduce((n, r) => n + r.posts, 0),
        items: rows.reduce((n, r) => n + r.items, 0),
        people: people.length,
      },
    };
  });
}

/** The org chart of unit `unit`: the units under it, their posts with staff and load, reporting lines and 分管. */
export async function chart(db: Db, cache: GraphCache, unit: string): Promise<ChartResponse> {
  return cache.get(`chart:${unit}`, async () => {
    const { units, top, posts, reporting, oversight } = await db.read(async (tx) => {
      const units = await tx.query(chartUnits, { unit });
      if (units.length === 0) throw new NotFound(`no unit ${unit}`);
      const [top] = await tx.query(chartTop, { unit });
      const posts = await tx.query(chartPosts, { units: units.map((u) => u.id) });
      const ids = posts.map((p) => p.id);
      return { units, top, posts, reporting: await tx.query(chartReporting, { posts: ids }), oversight: await tx.query(chartOversight, { posts: ids }) };
    });
    const people = await ranked(db, cache);
    const score = new Map(people.map((p) => [p.id, p.score]));
    const drawn = new Set(posts.map((p) => p.id));
    const root = units[0]!;
    return {
      root: { id: root.id, name: root.name, kind: root.kind },
      bureau: top ?? { id: root.id, name: root.name },
      units: units.map(({ depth: _, ...u }) => u),
      posts: posts.map((p) => ({ ...p, load: Math.max(0, ...p.staff.map((s) => score.get(s.id) ?? 0)) })),
      reporting: reporting.filter((r) => drawn.has(r.to)),
      oversight,
      maxLoad: Math.max(0, ...people.map((p) => p.score)),
    };
  });
}

/** Likely duplicate pairs counted by the two bureaus or centres carrying their sides, with their review verdicts. */
export async function duplicateMatrix(db: Db, cache: GraphCache): Promise<DuplicateMatrixResponse> {
  return cache.get('duplicate-matrix', async () => {
    const pairs = (await owners(db, cache)).filter((p) => p.likely);
    const list: DuplicateMatrixResponse['owners'] = [];
    const index = new Map<string, number>();
    const at = (o: { id: string; name: string; kind: string }) => {
      if (!index.has(o.id)) index.set(o.id, list.push({ id: o.id, name: o.name, kind: o.kind, region: regionOfUnit(o.id) }) - 1);
      return index.get(o.id)!;
    };
    for (const o of pairs.flatMap((p) => [p.a, p.b]).sort((x, y) => x.name.localeCompare(y.name, 'zh'))) at(o);
    const cells = new Map<string, DuplicateMatrixResponse['cells'][number]>();
    for (const p of pairs) {
      const [a, b] = [at(p.a), at(p.b)].sort((x, y) => x - y) as [number, number];
      const cell = cells.get(`${a}:${b}`) ?? { a, b, pairs: 0, confirmed: 0, rejected: 0 };
      cell.pairs++;
      if (p.verdict === 'duplicate') cell.confirmed++;
      if (p.verdict === 'not-duplicate') cell.rejected++;
      cells.set(`${a}:${b}`, cell);
    }
    return { owners: list, cells: [...cells.values()].sort((x, y) => y.pairs - x.pairs) };
  });
}

/** Bureau `bureau`'s posts against the workflows their items follow. */
export async function workflowMatrix(db: Db, cache: GraphCache, bureau: string): Promise<WorkflowMatrixResponse> {
  return cache.get(`workflow-matrix:${bureau}`, async () => {
    const b = (await bureaus(db, cache)).find((r) => r.id === bureau);
    if (!b) throw new NotFound(`no bureau ${bureau}`);
    const rows = await db.query(workflowCells, { bureau });
    const posts = new Map(rows.map((r) => [r.post, { id: r.post, unit: r.unit, title: r.title }]));
    const workflows = new Map(rows.map((r) => [r.workflow, { id: r.workflow, code: r.code, title: r.name, steps: r.steps }]));
    return {
      bureau: { id: b.id, name: b.name },
      posts: [...posts.values()],
      workflows: [...workflows.values()].sort((x, y) => (x.code ?? x.title).localeCompare(y.code ?? y.title, 'zh', { numeric: true })),
      cells: rows.map((r) => ({ post: r.post, workflow: r.workflow, items: r.items })),
    };
  });
}
