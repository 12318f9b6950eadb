/** The graph as GraphML (Gephi, Cytoscape Desktop) and as CSV (spreadsheets). */
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/driver.ts';
import { labelsParam, type GraphEdge, type GraphNode } from '../db/queries/fragments.ts';
import { allEdges, allNodes } from '../db/queries/graph.ts';
import { LIMITS } from '../model/api.ts';

/** Control characters XML 1.0 forbids (all below a space but tab, line feed and carriage return). */
const allowedInXml = (c: string) => c >= ' ' || c === '\t' || c === '\n' || c === '\r';

const xml = (v: unknown) =>
  [...(v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))]
    .filter(allowedInXml)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const scalar = (v: unknown) => (Array.isArray(v) ? v.join('; ') : v);

/** The graph as GraphML, with the keys Gephi and Cytoscape Desktop read. */
export function toGraphml(nodes: GraphNode[], edges: GraphEdge[]): string {
  const nodeKeys = ['label', 'name', 'kind', 'doc', 'lineStart', 'lineEnd', 'bureau', 'code', 'vacant'];
  const edgeKeys = ['type', 'basis', 'score', 'code'];
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...nodeKeys.map((k) => `  <key id="n_${k}" for="node" attr.name="${k}" attr.type="string"/>`),
    ...edgeKeys.map((k) => `  <key id="e_${k}" for="edge" attr.name="${k}" attr.type="string"/>`),
    '  <graph id="bureau-graph" edgedefault="directed">',
  ];
  for (const n of nodes) {
    const values: Record<string, unknown> = { label: n.label, name: n.name, ...n.props };
    out.push(
      `    <node id="${xml(n.id)}">${nodeKeys
        .filter((k) => values[k] != null)
        .map((k) => `<data key="n_${k}">${xml(scalar(values[k]))}</data>`)
        .join('')}</node>`,
    );
  }
  for (const e of edges) {
    const values: Record<string, unknown> = { type: e.type, ...e.props };
    out.push(
      `    <edge source="${xml(e.source)}" target="${xml(e.target)}">${edgeKeys
        .filter((k) => values[k] != null)
        .map((k) => `<data key="e_${k}">${xml(scalar(values[k]))}</data>`)
        .join('')}</edge>`,
    );
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

/** Nodes as CSV with a byte-order mark, so spreadsheets read the Chinese as UTF-8. */
export function nodesCsv(nodes: GraphNode[]): string {
  return stringify(
    nodes.map((n) => ({
      id: n.id,
      label: n.label,
      name: n.name,
      kind: n.props.kind ?? '',
      doc: n.props.doc ?? '',
      lineStart: n.props.lineStart ?? '',
      lineEnd: n.props.lineEnd ?? '',
    })),
    { header: true, bom: true },
  );
}

/** Relationships as CSV with a byte-order mark. */
export function edgesCsv(edges: GraphEdge[]): string {
  return stringify(
    edges.map((e) => ({ source: e.source, type: e.type, target: e.target, basis: e.props.basis ?? '', score: e.props.score ?? '' })),
    { header: true, bom: true },
  );
}

/** Everything but the documents' text, for GraphML and CSV export. */
export async function wholeGraph(db: Db): Promise<{ nodes: GraphNode[]; edges: GraphEdge[] }> {
  return db.read(async (tx) => ({
    nodes: (await tx.query(allNodes, { ...labelsParam, limit: LIMITS.exportNodes })).map((r) => r.n),
    edges: (await tx.query(allEdges, { limit: LIMITS.exportNodes * 4 })).map((r) => r.e),
  }));
}
