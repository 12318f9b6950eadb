/**
 * What the routes need, composed from typed queries and the pure analyses. Answers are kept in a cache until the
 * graph changes; `warm` computes the ones the views ask for first, so after an import (or a restart) no user
 * waits for the whole graph to be read.
 */
import type { Db } from '../db/driver.ts';
import { DuplicatesQuery, type MarkRequest, OverloadQuery, ReportingQuery, SharedQuery, UnitsQuery, type GraphQuery, type SearchQuery } from '../model/api.ts';
import { GraphCache } from './cache.ts';
import { boundary, boundaryCsv, boundaryXlsx } from './boundary.ts';
import { duplicates, markPairs, reviewList } from './duplicates.ts';
import { chart, duplicateMatrix, overview, workflowMatrix } from './explorer.ts';
import { toGraphml, edgesCsv, nodesCsv, wholeGraph } from './exports.ts';
import { graph, node, path } from './graph.ts';
import { reporting, units } from './organisation.ts';
import { qualityReport } from './quality.ts';
import { readiness } from './readiness.ts';
import { search } from './search.ts';
import { shared } from './workflows.ts';
import { overload } from './workload.ts';

export type Services = ReturnType<typeof createServices>;

/** The services of one app; `onWarmError` hears of answers that could not be computed ahead. */
export function createServices(db: Db, o: { onWarmError?: (e: unknown) => void } = {}) {
  const cache = new GraphCache(db);
  let closed = false;
  const s = {
    readiness: () => readiness(db),
    units: (q: UnitsQuery) => units(db, cache, q),
    graph: (q: GraphQuery) => graph(db, cache, q),
    node: (id: string) => node(db, id),
    path: (from: string, to: string) => path(db, from, to),
    reporting: (q: ReportingQuery) => reporting(db, cache, q),
    overload: (q: OverloadQuery) => overload(db, cache, q),
    overview: () => overview(db, cache),
    chart: (unit: string) => chart(db, cache, unit),
    duplicateMatrix: () => duplicateMatrix(db, cache),
    workflowMatrix: (bureau: string) => workflowMatrix(db, cache, bureau),
    duplicates: (q: DuplicatesQuery) => duplicates(db, cache, q),
    // marks stamp the graph as changed: here they show at the next answer, elsewhere within a second
    mark: async (r: MarkRequest, by: string) => {
      const n = await markPairs(db, r, by);
      cache.changed();
      return n;
    },
    reviews: () => reviewList(db),
    boundary: async (format: 'xlsx' | 'csv') => {
      const rows = await boundary(db);
      return format === 'csv'
        ? { type: 'text/csv; charset=utf-8', body: boundaryCsv(rows) }
        : { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await boundaryXlsx(rows) };
    },
    shared: (q: SharedQuery) => shared(db, cache, q),
    search: (q: SearchQuery) => search(db, cache, q),
    quality: () => cache.get('quality', () => qualityReport(db)),
    graphml: async () => {
      const g = await wholeGraph(db);
      return toGraphml(g.nodes, g.edges);
    },
    csv: async (kind: 'nodes' | 'edges') => {
      const g = await wholeGraph(db);
      return kind === 'nodes' ? nodesCsv(g.nodes) : edgesCsv(g.edges);
    },
    /** This process has just written the graph (an upload, a rebuild): answers are looked up again. */
    graphChanged: () => cache.changed(),
    /** Stops looking for graph changes and computing answers ahead: the server is shutting down. */
    close: () => {
      closed = true;
      cache.close();
    },
  };
  // one after another: the first request after an import should not queue behind six reads of the whole graph
  const warm = async () => {
    const ahead = [
      () => s.overview(),
      () => s.units(UnitsQuery.parse({})),
      () => s.overload(OverloadQuery.parse({})),
      () => s.overload(OverloadQuery.parse({ limit: 100 })),
      () => s.reporting(ReportingQuery.parse({})),
      () => s.shared(SharedQuery.parse({})),
      () => s.duplicates(DuplicatesQuery.parse({ limit: 500 })),
    ];
    // a shutdown stops the chain: the answers still being sent need the event loop more than answers nobody asked for
    for (const compute of ahead) if (!closed) await compute();
  };
  cache.onNewVersion(() => void warm().catch((e: unknown) => o.onWarmError?.(e)));
  return s;
}
