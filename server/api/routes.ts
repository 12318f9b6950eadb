/** The API: every route validates its input with zod and is described in /api/openapi.json. */
import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import { clusters } from '../analyses/duplicates.ts';
import { DEFAULT_WEIGHTS, rankOverload } from '../analyses/overload.ts';
import { sharedWorkflows } from '../analyses/shared-workflows.ts';
import { loadPersonLoads, loadPostWorkflows } from '../db/analyses.ts';
import type { Db } from '../db/driver.ts';
import { qualityReport } from '../db/quality.ts';
import { NODE_LABELS, labelOfId, neighbourhood, nodeDetails, nodeExists, postRefs, reportingEdges, search, shortestPath, similarRows, unitRows, wholeGraph } from '../db/read.ts';
import { GraphCache } from './cache.ts';
import { toCytoscape } from './cytoscape.ts';
import { NotFound } from './errors.ts';
import { edgesCsv, nodesCsv, toGraphml } from './export.ts';
import { markDifferences } from './marks.ts';
import { get, openApiDocument } from './route.ts';

/** Upper bounds on what one request may ask for. */
export const LIMITS = { graphNodes: 2000, list: 500, search: 50, exportNodes: 200_000 };

const Id = z.string().min(1).max(500).refine((id) => labelOfId(id) !== null, 'not an id of this graph (unit:…, post:…, person:…, workflow:…)');
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const num = (min: number, max: number, dflt: number) => z.coerce.number().min(min).max(max).default(dflt);
const int = (min: number, max: number, dflt: number) => z.coerce.number().int().min(min).max(max).default(dflt);

const Elements = z.object({ nodes: z.array(z.object({ data: z.record(z.string(), z.unknown()) })), edges: z.array(z.object({ data: z.record(z.string(), z.unknown()) })) }).openapi('CytoscapeElements');
const PostRef = z.object({ id: z.string(), unit: z.string(), post: z.string(), person: z.string().nullable() }).openapi('PostRef');
const Segment = z.object({ text: z.string(), differs: z.boolean() });
const DupSide = z.object({ id: z.string(), unit: z.string(), bureau: z.string(), post: z.string(), workItem: z.string().nullable(), text: z.string(), marked: z.array(Segment), doc: z.string(), line: z.number() });

/** A page of a list: `offset` items skipped, at most `limit` given. */
const paged = (max: number, dflt: number) => ({ limit: int(1, max, dflt), offset: int(0, 10_000_000, 0) });
const UnitsQuery = z.object(paged(LIMITS.list, 50));
const ReportingQuery = z.object(paged(50_000, 50));
const OverloadQuery = z.object({
  limit: int(1, LIMITS.list, 20),
  lead: num(0, 100, DEFAULT_WEIGHTS.lead),
  assist: num(0, 100, DEFAULT_WEIGHTS.assist),
  post: num(0, 100, DEFAULT_WEIGHTS.post),
  unit: num(0, 100, DEFAULT_WEIGHTS.unit),
  workflow: num(0, 100, DEFAULT_WEIGHTS.workflow),
});
const DuplicatesQuery = z.object({ minScore: num(0, 1, 0.6), limit: int(1, LIMITS.list, 100), crossBureauOnly: bool.default(false) });
const SharedQuery = z.object(paged(20_000, 50));

/**
 * The analyses' answers, each kept in the cache until the graph changes. `warm` computes the ones the views ask
 * for first, so after an import (or a restart) no user waits for the whole graph to be read.
 */
function analysisAnswers(db: Db, cache: GraphCache) {
  const a = {
    units: (q: z.infer<typeof UnitsQuery>) =>
      cache.get(`units:${q.offset}:${q.limit}`, async () => {
        const roots = await cache.get('unit-tree', async () => {
          const rows = await unitRows(db);
          type Node = (typeof rows)[number] & { children: Node[] };
          const byId = new Map<string, Node>(rows.map((u) => [u.id, { ...u, children: [] }]));
          const top: Node[] = [];
          for (const u of byId.values()) {
            const parent = u.parent ? byId.get(u.parent) : undefined;
            if (parent) parent.children.push(u);
            else top.push(u);
          }
          return top;
        });
        return { total: roots.length, offset: q.offset, units: roots.slice(q.offset, q.offset + q.limit) };
      }),
    reporting: (q: z.infer<typeof ReportingQuery>) =>
      cache.get(`reporting:${q.offset}:${q.limit}`, async () => {
        const all = await cache.get('reporting', () => reportingEdges(db));
        const lists = [all.edges, all.oversight, all.unplaced];
        const cut = <T>(xs: T[]) => xs.slice(q.offset, q.offset + q.limit);
        return {
          edges: cut(all.edges),
          oversight: cut(all.oversight),
          unplaced: cut(all.unplaced),
          totals: { edges: all.edges.length, oversight: all.oversight.length, unplaced: all.unplaced.length },
          offset: q.offset,
          truncated: lists.some((x) => x.length > q.offset + q.limit),
        };
      }),
    quality: () => cache.get('quality', () => qualityReport(db)),
    overload: (query: z.infer<typeof OverloadQuery>) =>
      cache.get(`overload:${JSON.stringify(query)}`, async () => {
        const { limit, ...weights } = query;
        const ranked = rankOverload(await cache.get('loads', () => loadPersonLoads(db)), weights).slice(0, limit);
        const q = await a.quality();
        return {
          weights,
          people: ranked.map((p) => ({ id: p.id, name: p.name, bureau: p.bureau, units: p.unitNames ?? p.units, posts: p.postTitles ?? p.posts, leadItems: p.leadItems, assistItems: p.assistItems, workflows: p.workflows, score: p.score, reasons: p.reasons })),
          itemsWithoutLead: q.itemsWithoutLead.length,
          itemsWithSeveralLeads: q.itemsWithSeveralLeads.length,
        };
      }),
    duplicates: (query: z.infer<typeof DuplicatesQuery>) =>
      cache.get(`duplicates:${JSON.stringify(query)}`, async () => {
        const rows = await similarRows(db, query);
        const pairs = rows.map((p) => {
          const m = markDifferences(p.a.text, p.b.text);
          return { score: Math.round(p.score * 1000) / 1000, scope: p.scope, a: { ...p.a, marked: m.a }, b: { ...p.b, marked: m.b } };
        });
        const sides = new Map(rows.flatMap((p) => [p.a, p.b]).map((s) => [s.id, s]));
        return {
          pairs,
          clusters: clusters(rows.map((p) => ({ a: p.a.id, b: p.b.id, score: p.score }))).map((ids) => ({
            size: ids.length,
            members: ids.map((id) => ({ id, unit: sides.get(id)!.unit, post: sides.get(id)!.post, text: sides.get(id)!.text })),
          })),
        };
      }),
    shared: (q: z.infer<typeof SharedQuery>) =>
      cache.get(`shared:${q.offset}:${q.limit}`, async () => {
        const all = sharedWorkflows(await cache.get('post-workflows', () => loadPostWorkflows(db)));
        const groups = all.slice(q.offset, q.offset + q.limit);
        const refs = await postRefs(db, [...new Set(groups.flatMap((g) => g.posts))]);
        return { total: all.length, offset: q.offset, truncated: all.length > q.offset + groups.length, groups: groups.map((g) => ({ ...g, posts: g.posts.map((id) => ({ id, unit: refs.get(id)?.unit ?? '', post: refs.get(id)?.post ?? id })) })) };
      }),
  };
  const warm = async () => {
    // one after another: the first request after an import should not queue behind six reads of the whole graph
    await a.units(UnitsQuery.parse({}));
    await a.overload(OverloadQuery.parse({}));
    await a.overload(OverloadQuery.parse({ limit: 100 }));
    await a.reporting(ReportingQuery.parse({}));
    await a.shared(SharedQuery.parse({}));
    await a.duplicates(DuplicatesQuery.parse({ limit: 500 }));
  };
  return { ...a, warm };
}

export function apiRouter(db: Db, o: { onWarmError?: (e: unknown) => void } = {}): Router {
  const r = Router();
  const tags = (t: string) => [t];
  const cache = new GraphCache(db);
  const answers = analysisAnswers(db, cache);
  cache.onNewVersion(() => answers.warm().catch((e: unknown) => o.onWarmError?.(e)));

  get(r, {
    path: '/api/units',
    summary: 'The unit tree (bureau → department / centre / section) with counts',
    tags: tags('organisation'),
    query: UnitsQuery,
    response: z.object({ total: z.number(), offset: z.number(), units: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), mission: z.string().nullable(), posts: z.number(), vacantPosts: z.number(), items: z.number(), people: z.number(), children: z.array(z.unknown()) })) }),
    handler: ({ query }) => answers.units(query),
  });

  get(r, {
    path: '/api/graph',
    summary: 'A neighbourhood as Cytoscape elements; without focus, the organisation (units and posts)',
    tags: tags('graph'),
    query: z.object({
      focus: Id.optional(),
      depth: int(1, 3, 1),
      types: z
        .string()
        .max(200)
        .optional()
        .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []))
        .pipe(z.array(z.enum(NODE_LABELS))),
      limit: int(1, LIMITS.graphNodes, 500),
    }),
    response: z.object({ elements: Elements, truncated: z.boolean() }),
    handler: async ({ query }) => {
      if (query.focus && !(await nodeExists(db, query.focus))) throw new NotFound(`no node with id ${query.focus}`);
      const compute = async () => {
        const g = await neighbourhood(db, { focus: query.focus, depth: query.depth as 1 | 2 | 3, labels: query.types, limit: query.limit });
        return { elements: toCytoscape(g.nodes, g.edges), truncated: g.truncated };
      };
      return cache.get(`graph:${JSON.stringify(query)}`, compute);
    },
  });

  get(r, {
    path: '/api/nodes/:id',
    summary: 'A node with its source (document, lines, original text) and its neighbours',
    tags: tags('graph'),
    params: z.object({ id: Id }),
    response: z.object({ id: z.string(), label: z.string(), name: z.string(), props: z.record(z.string(), z.unknown()), source: z.unknown(), neighbours: z.array(z.unknown()) }),
    handler: async ({ params }) => {
      const node = await nodeDetails(db, params.id);
      if (!node) throw new NotFound(`no node with id ${params.id}`);
      return node;
    },
  });

  get(r, {
    path: '/api/org/reporting',
    summary: 'Reporting lines between posts, each with its basis; unit oversight (分管); posts left unplaced',
    tags: tags('analyses'),
    query: ReportingQuery,
    response: z.object({
      edges: z.array(z.object({ from: PostRef, to: PostRef, basis: z.string(), rules: z.array(z.string()) })),
      oversight: z.array(z.object({ from: PostRef, to: z.object({ id: z.string(), unit: z.string(), kind: z.string() }), basis: z.string() })),
      unplaced: z.array(PostRef),
      totals: z.object({ edges: z.number(), oversight: z.number(), unplaced: z.number() }),
      offset: z.number(),
      truncated: z.boolean(),
    }),
    handler: ({ query }) => answers.reporting(query),
  });

  get(r, {
    path: '/api/people/overload',
    summary: 'People ranked by workload index, highest first, with the reasons',
    tags: tags('analyses'),
    query: OverloadQuery,
    response: z.object({
      weights: z.record(z.string(), z.number()),
      people: z.array(z.object({ id: z.string(), name: z.string(), bureau: z.string(), units: z.array(z.string()), posts: z.array(z.string()), leadItems: z.number(), assistItems: z.number(), workflows: z.number(), score: z.number(), reasons: z.array(z.string()) })),
      itemsWithoutLead: z.number(),
      itemsWithSeveralLeads: z.number(),
    }),
    handler: ({ query }) => answers.overload(query),
  });

  get(r, {
    path: '/api/duplicates',
    summary: 'Near-duplicate duties (MinHash + LSH, confirmed by exact similarity), as pairs and clusters',
    tags: tags('analyses'),
    query: DuplicatesQuery,
    response: z.object({
      pairs: z.array(z.object({ score: z.number(), scope: z.string(), a: DupSide, b: DupSide })),
      clusters: z.array(z.object({ size: z.number(), members: z.array(z.object({ id: z.string(), unit: z.string(), post: z.string(), text: z.string() })) })),
    }),
    handler: ({ query }) => answers.duplicates(query),
  });

  get(r, {
    path: '/api/workflows/shared',
    summary: 'Posts sharing a workflow code within one bureau, and posts whose written steps are (nearly) the same',
    tags: tags('analyses'),
    query: SharedQuery,
    response: z.object({ total: z.number(), offset: z.number(), truncated: z.boolean(), groups: z.array(z.object({ kind: z.enum(['code', 'steps']), key: z.string(), workflowId: z.string(), steps: z.array(z.string()), bureau: z.string(), similarity: z.number(), posts: z.array(z.object({ id: z.string(), unit: z.string(), post: z.string() })) })) }),
    handler: ({ query }) => answers.shared(query),
  });

  get(r, {
    path: '/api/search',
    summary: 'Full-text search (cjk analyzer) over units, posts, people, work items, duties and workflows',
    tags: tags('graph'),
    query: z.object({ q: z.string().trim().min(1).max(100), limit: int(1, LIMITS.search, 20) }),
    response: z.object({ results: z.array(z.object({ id: z.string(), label: z.string(), name: z.string(), score: z.number(), context: z.string().nullable() })) }),
    handler: async ({ query }) => cache.get(`search:${query.limit}:${query.q}`, async () => ({ results: await search(db, query.q, query.limit) })),
  });

  get(r, {
    path: '/api/path',
    summary: 'The shortest path between two nodes (people, posts, units…) through the organisation',
    tags: tags('graph'),
    query: z.object({ from: Id, to: Id }),
    response: z.object({ found: z.boolean(), elements: Elements, order: z.array(z.string()) }),
    handler: async ({ query }) => {
      for (const id of [query.from, query.to]) if (!(await nodeExists(db, id))) throw new NotFound(`no node with id ${id}`);
      const p = query.from === query.to ? await neighbourhood(db, { focus: query.from, depth: 1, labels: [], limit: 0 }) : await shortestPath(db, query.from, query.to);
      return p ? { found: true, elements: toCytoscape(p.nodes, p.edges), order: p.nodes.map((n) => n.id) } : { found: false, elements: { nodes: [], edges: [] }, order: [] };
    },
  });

  get(r, {
    path: '/api/quality',
    summary: 'The data-quality report: vacancies, missing leads, unmatched codes and flowcharts, merged names, parser notes',
    tags: tags('analyses'),
    response: z.record(z.string(), z.unknown()),
    handler: async () => (await answers.quality()) as unknown as Record<string, unknown>,
  });

  get(r, {
    path: '/api/export/graphml',
    summary: 'The whole graph as GraphML (Gephi, Cytoscape Desktop)',
    tags: tags('export'),
    produces: 'application/graphml+xml',
    response: z.string(),
    handler: async ({ res }) => {
      const g = await wholeGraph(db, LIMITS.exportNodes);
      res.attachment('bureau-graph.graphml').type('application/graphml+xml').send(toGraphml(g.nodes, g.edges));
    },
  });

  get(r, {
    path: '/api/export/csv',
    summary: 'Nodes or relationships as CSV (UTF-8 with BOM, for spreadsheets)',
    tags: tags('export'),
    produces: 'text/csv',
    query: z.object({ kind: z.enum(['nodes', 'edges']).default('nodes') }),
    response: z.string(),
    handler: async ({ query, res }) => {
      const g = await wholeGraph(db, LIMITS.exportNodes);
      res.attachment(`bureau-graph-${query.kind}.csv`).type('text/csv; charset=utf-8').send(query.kind === 'nodes' ? nodesCsv(g.nodes) : edgesCsv(g.edges));
    },
  });

  const doc = openApiDocument();
  r.get('/api/openapi.json', (_req, res) => res.json(doc));
  r.use('/api/docs', swaggerUi.serve, swaggerUi.setup(doc as swaggerUi.JsonObject));
  r.use('/api', (req, _res, next) => next(new NotFound(`no route ${req.method} ${req.originalUrl}`)));
  return r;
}
