/** Graph rows → Cytoscape.js elements: `data` carries what the client styles and labels by. */
import type { GraphEdge, GraphNode } from '../db/queries/fragments.ts';

export interface CyElements {
  nodes: { data: Record<string, unknown> & { id: string; label: string; type: string } }[];
  edges: { data: Record<string, unknown> & { id: string; source: string; target: string; type: string } }[];
}

const KEEP = [
  'kind',
  'seq',
  'vacant',
  'unplaced',
  'bureau',
  'code',
  'printed',
  'doc',
  'lineStart',
  'lineEnd',
  'number',
  'ord',
  'score',
  'scope',
  'basis',
  'rules',
  'written',
];

function pick(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([k, v]) => KEEP.includes(k) && v !== null && v !== undefined));
}

/** Graph rows as Cytoscape elements; edges to nodes not drawn are dropped. */
export function toCytoscape(nodes: GraphNode[], edges: GraphEdge[]): CyElements {
  const ids = new Set(nodes.map((n) => n.id));
  return {
    nodes: nodes.map((n) => ({ data: { id: n.id, label: n.name, type: n.label, ...pick(n.props) } })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ data: { id: e.id, source: e.source, target: e.target, type: e.type, ...pick(e.props) } })),
  };
}
