/** The API's routes: each declares its path and schemas (validation and OpenAPI) and calls one service. */
import { Router, type Request } from 'express';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import { NotFound } from '../errors.ts';
import * as api from '../model/api.ts';
import type { Services } from '../services/index.ts';
import type { WriteContext, writeServices } from '../services/writes.ts';
import { requestOf, requester } from './auth.ts';
import { routeTable } from './route.ts';

type Get = ReturnType<typeof routeTable>['get'];
type Post = ReturnType<typeof routeTable>['post'];
type WriteServices = ReturnType<typeof writeServices>;
const tags = (t: string) => [t];

/** Who reports to whom: the unit tree and reporting lines. */
function organisationRoutes(get: Get, s: Services): void {
  get({
    path: '/api/units',
    summary: 'The unit tree (bureau → department / centre / section) with counts',
    tags: tags('organisation'),
    query: api.UnitsQuery,
    response: api.UnitsResponse,
    handler: ({ query }) => s.units(query),
  });
  get({
    path: '/api/org/reporting',
    summary: 'Reporting lines between posts, each with its basis; unit oversight (分管); posts left unplaced',
    tags: tags('analyses'),
    query: api.ReportingQuery,
    response: api.ReportingResponse,
    handler: ({ query }) => s.reporting(query),
  });
  get({
    path: '/api/overview',
    summary:
      'The bureaus grouped by the region their names give (山亭区…, 市…), each with its units, posts, items, people, vacant and ' +
      'unplaced posts, likely duplicate pairs and highest workload index',
    tags: tags('organisation'),
    response: api.OverviewResponse,
    handler: () => s.overview(),
  });
  get({
    path: '/api/org/chart',
    summary:
      "One unit's org chart: the units under it, their posts with items, leads, assistants and load, the reporting lines " +
      'between them with their basis, and 分管 oversight',
    tags: tags('organisation'),
    query: api.ChartQuery,
    response: api.ChartResponse,
    handler: ({ query }) => s.chart(query.unit),
  });
}

/** The graph itself: neighbourhoods, one node, search, paths. */
function graphRoutes(get: Get, s: Services): void {
  get({
    path: '/api/graph',
    summary: 'A neighbourhood as Cytoscape elements; without focus, the organisation (units and posts)',
    tags: tags('graph'),
    query: api.GraphQuery,
    response: api.GraphResponse,
    handler: ({ query }) => s.graph(query),
  });
  get({
    path: '/api/nodes/:id',
    summary: 'A node with its source (document, lines, original text) and its neighbours',
    tags: tags('graph'),
    params: api.NodeParams,
    response: api.NodeResponse,
    handler: ({ params }) => s.node(params.id),
  });
  get({
    path: '/api/search',
    summary: 'Full-text search (cjk analyzer) over units, posts, people, work items, duties and workflows',
    tags: tags('graph'),
    query: api.SearchQuery,
    response: api.SearchResponse,
    handler: ({ query }) => s.search(query),
  });
  get({
    path: '/api/path',
    summary: 'The shortest path between two nodes (people, posts, units…) through the organisation',
    tags: tags('graph'),
    query: api.PathQuery,
    response: api.PathResponse,
    handler: ({ query }) => s.path(query.from, query.to),
  });
}

/** What the analyses found: workload, duplicated duties, shared workflows, data quality. */
function analysisRoutes(get: Get, s: Services): void {
  get({
    path: '/api/people/overload',
    summary: 'People ranked by workload index, highest first, with the reasons',
    tags: tags('analyses'),
    query: api.OverloadQuery,
    response: api.OverloadResponse,
    handler: ({ query }) => s.overload(query),
  });
  get({
    path: '/api/duplicates',
    summary:
      'Duplicated duties: pairs of work items, duty texts or whole posts found by meaning (sentence embeddings, vector index) and by ' +
      'wording (MinHash + LSH), each with its cosine, Jaccard, shared phrases, differences and review mark, and their clusters. ' +
      'Housekeeping every unit does for itself is ranked out unless show=all. `meaning` says whether meaning was used, and why not',
    tags: tags('analyses'),
    query: api.DuplicatesQuery,
    response: api.DuplicatesResponse,
    handler: ({ query }) => s.duplicates(query),
  });
  get({
    path: '/api/duplicates/matrix',
    summary: 'Likely duplicate pairs counted by the two bureaus or centres carrying their sides, with how many are confirmed or rejected',
    tags: tags('analyses'),
    response: api.DuplicateMatrixResponse,
    handler: () => s.duplicateMatrix(),
  });
  get({
    path: '/api/duplicates/reviews',
    summary: 'Every review mark, newest first; a mark whose pair a re-import removed is listed as orphaned',
    tags: tags('analyses'),
    response: api.ReviewsResponse,
    handler: () => s.reviews(),
  });
  get({
    path: '/api/duplicates/boundary',
    summary:
      'The 职责边界清单 as XLSX or CSV: one row per duplicated duty (likely and not rejected, or confirmed), every unit and post with its ' +
      'text and source line, the score, the mark and note, and a suggested lead unit (牵头) and assisting units (配合)',
    tags: tags('export'),
    query: api.BoundaryQuery,
    produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    response: z.string(),
    handler: async ({ query, res }) => {
      const file = await s.boundary(query.format);
      res.attachment(`职责边界清单.${query.format}`).type(file.type).send(file.body);
      return undefined;
    },
  });
  get({
    path: '/api/workflows/matrix',
    summary: "A bureau's posts against the workflows their work items follow, with each workflow's steps",
    tags: tags('analyses'),
    query: api.WorkflowMatrixQuery,
    response: api.WorkflowMatrixResponse,
    handler: ({ query }) => s.workflowMatrix(query.bureau),
  });
  get({
    path: '/api/workflows/shared',
    summary: 'Posts sharing a workflow code within one bureau, and posts whose written steps are (nearly) the same',
    tags: tags('analyses'),
    query: api.SharedQuery,
    response: api.SharedResponse,
    handler: ({ query }) => s.shared(query),
  });
  get({
    path: '/api/quality',
    summary: 'The data-quality report: vacancies, missing leads, unmatched codes and flowcharts, merged names, parser notes',
    tags: tags('analyses'),
    response: api.QualityReport,
    handler: () => s.quality(),
  });
}

/** The whole graph for other tools. */
function exportRoutes(get: Get, s: Services): void {
  get({
    path: '/api/export/graphml',
    summary: 'The whole graph as GraphML (Gephi, Cytoscape Desktop)',
    tags: tags('export'),
    produces: 'application/graphml+xml',
    response: z.string(),
    handler: async ({ res }) => {
      res
        .attachment('bureau-graph.graphml')
        .type('application/graphml+xml')
        .send(await s.graphml());
      return undefined;
    },
  });
  get({
    path: '/api/export/csv',
    summary: 'Nodes or relationships as CSV (UTF-8 with BOM, for spreadsheets)',
    tags: tags('export'),
    produces: 'text/csv',
    query: api.CsvQuery,
    response: z.string(),
    handler: async ({ query, res }) => {
      res
        .attachment(`bureau-graph-${query.kind}.csv`)
        .type('text/csv; charset=utf-8')
        .send(await s.csv(query.kind));
      return undefined;
    },
  });
}

/** Who asks for a write, for the audit trail. */
const writer = (req: Request): WriteContext => ({ by: requester(req), request: requestOf(req) });

/** Documents in and out of the store: upload (a write), its preview and the original of a document (reads), rebuild (a write). */
function documentRoutes(get: Get, post: Post, w: WriteServices): void {
  post({
    path: '/api/documents',
    summary: 'Import a document: kept byte for byte in the document store, then written to the graph (needs ADMIN_TOKEN)',
    tags: tags('documents'),
    query: api.UploadQuery,
    body: {
      type: 'application/octet-stream',
      description: 'the document file as it is (PDF, .docx, .xlsx, HTML, CSV or text), up to MAX_DOCUMENT_MB (50 MiB by default)',
    },
    response: api.WriteResponse,
    handler: ({ query, req }) => w.upload(query.name, req.body, writer(req)),
  });
  post({
    path: '/api/documents/preview',
    summary:
      'Preview an import: parse the body as the document `name` and answer its counts, the parser findings and what importing it would change ' +
      'against the version of that name in the document store (previous: null for a new document). Writes nothing (graph, store, audit); ' +
      'it carries a document, so like the import it needs ADMIN_TOKEN: only those who may import need a preview',
    tags: tags('documents'),
    query: api.UploadQuery,
    body: {
      type: 'application/octet-stream',
      description: 'the document file as it is (PDF, .docx, .xlsx, HTML, CSV or text), up to MAX_DOCUMENT_MB (50 MiB by default)',
    },
    response: api.DocumentPreview,
    handler: ({ query, req }) => w.preview(query.name, req.body),
  });
  post({
    path: '/api/rebuild',
    summary: 'Empty the graph and import every document of the store again (needs ADMIN_TOKEN)',
    tags: tags('documents'),
    response: api.WriteResponse,
    handler: ({ req }) => w.rebuild(writer(req)),
  });
  get({
    path: '/api/documents/:id/original',
    summary: 'The original document, byte for byte, in the version the graph was read from',
    tags: tags('documents'),
    params: api.DocumentParams,
    produces: 'application/octet-stream',
    response: z.string(),
    handler: async ({ params, res }) => {
      const kept = await w.original(params.id);
      // the store may sit in a folder whose name starts with a dot (.data/documents): send it anyway
      await new Promise<void>((resolve, reject) => res.download(kept.path, kept.name, { dotfiles: 'allow' }, (e) => (e ? reject(e) : resolve())));
      return undefined;
    },
  });
}

/** Review marks on duplicate pairs: writes, so they need the admin token. */
function reviewRoutes(post: Post, s: Services): void {
  post({
    path: '/api/duplicates/marks',
    summary:
      'Mark pairs (by key; a cluster by the keys of its pairs) as a confirmed duplicate or not a duplicate, with a note; verdict null ' +
      'removes the marks. Marks are kept under keys made from the sides, so they outlive re-imports (needs ADMIN_TOKEN)',
    tags: tags('analyses'),
    json: api.MarkRequest,
    response: api.MarkResponse,
    handler: async ({ body, req }) => ({ marked: await s.mark(body, writer(req).by) }),
  });
}

/** The router of every /api route, the OpenAPI document and its docs page. */
export function apiRouter(s: Services, w: WriteServices, basePath = ''): Router {
  const r = Router();
  const { get, post, openApi } = routeTable(r);
  for (const routes of [organisationRoutes, graphRoutes, analysisRoutes, exportRoutes]) routes(get, s);
  documentRoutes(get, post, w);
  reviewRoutes(post, s);
  const doc = openApi(basePath);
  r.get('/api/openapi.json', (_req, res) => res.json(doc));
  r.use('/api/docs', swaggerUi.serve, swaggerUi.setup(doc as swaggerUi.JsonObject));
  r.use('/api', (req, _res, next) => next(new NotFound(`no route ${req.method} ${req.originalUrl}`)));
  return r;
}
