/** Pure functions: API data → Cytoscape elements, legend counts, colours, CSV. Tested without a browser. */
import { stringify } from 'csv-stringify/browser/esm/sync';

export interface NodeData {
  id: string;
  label: string;
  type: string;
  parent?: string;
  [k: string]: unknown;
}
export interface EdgeData {
  id: string;
  source: string;
  target: string;
  type: string;
  [k: string]: unknown;
}
export interface Elements {
  nodes: { data: NodeData; classes?: string }[];
  edges: { data: EdgeData; classes?: string }[];
}

/** Edges that only say where a node belongs; the organisation view draws them as nesting or tree lines. */
const MEMBERSHIP = new Set(['IN_UNIT', 'PART_OF']);

function classesOf(d: NodeData): string {
  const c = [d.type.toLowerCase()];
  if (d.vacant) c.push('vacant');
  if (d.unplaced) c.push('unplaced');
  if (typeof d.kind === 'string') c.push(`kind-${d.kind}`);
  return c.join(' ');
}

/**
 * The organisation: `compound` nests posts in their unit and units in their bureau (for force-directed layout);
 * `tree` draws membership as edges from the unit down, so a hierarchical layout reads top to bottom.
 * Reporting edges point from the superior to the post that reports, so ranks follow the chain of command.
 */
export function orgElements(api: Elements, mode: 'tree' | 'compound', vacantLabel: string): Elements {
  const parentOf = new Map<string, string>();
  for (const e of api.edges) if (MEMBERSHIP.has(e.data.type)) parentOf.set(e.data.source, e.data.target);
  const ids = new Set(api.nodes.map((n) => n.data.id));
  const nodes = api.nodes.map((n) => {
    const data: NodeData = { ...n.data, label: n.data.vacant ? `${n.data.label}\n(${vacantLabel})` : n.data.label };
    const parent = parentOf.get(n.data.id);
    if (mode === 'compound' && parent && ids.has(parent)) data.parent = parent;
    return { data, classes: classesOf(n.data) };
  });
  // in the tree, a post that reports to a post of its own unit hangs below that post, not below the unit
  const reportsWithin = new Set(
    api.edges.filter((e) => e.data.type === 'REPORTS_TO' && parentOf.get(e.data.source) === parentOf.get(e.data.target)).map((e) => e.data.source),
  );
  const edges: Elements['edges'] = [];
  for (const e of api.edges) {
    if (MEMBERSHIP.has(e.data.type)) {
      if (mode === 'tree' && !reportsWithin.has(e.data.source))
        edges.push({ data: { ...e.data, id: `m:${e.data.id}`, source: e.data.target, target: e.data.source, type: 'CONTAINS' }, classes: 'contains' });
      continue;
    }
    if (e.data.type === 'REPORTS_TO') {
      edges.push({ data: { ...e.data, source: e.data.target, target: e.data.source }, classes: 'reports' });
      continue;
    }
    edges.push({ data: e.data, classes: e.data.type.toLowerCase() });
  }
  return { nodes, edges };
}

/** The bureau (top unit) each node of the organisation belongs to, following IN_UNIT and PART_OF upwards. */
export function bureauOf(api: Elements): Map<string, string> {
  const parent = new Map<string, string>();
  for (const e of api.edges) if (MEMBERSHIP.has(e.data.type)) parent.set(e.data.source, e.data.target);
  const out = new Map<string, string>();
  for (const n of api.nodes) {
    let id = n.data.id;
    for (let i = 0; i < 6 && parent.has(id); i++) id = parent.get(id)!;
    out.set(n.data.id, id);
  }
  return out;
}

/** Only the nodes of one bureau (and the edges among them); people go with the posts they work in. */
export function withinBureau(api: Elements, bureauId: string): Elements {
  const top = bureauOf(api);
  const keep = new Set(api.nodes.filter((n) => top.get(n.data.id) === bureauId).map((n) => n.data.id));
  for (const e of api.edges) if (e.data.type === 'LEADS' || e.data.type === 'ASSISTS') if (keep.has(e.data.target)) keep.add(e.data.source);
  return { nodes: api.nodes.filter((n) => keep.has(n.data.id)), edges: api.edges.filter((e) => keep.has(e.data.source) && keep.has(e.data.target)) };
}

/** Any API neighbourhood as plain elements, classed by type. */
export function plainElements(api: Elements): Elements {
  return {
    nodes: api.nodes.map((n) => ({ data: { ...n.data }, classes: classesOf(n.data) })),
    edges: api.edges.map((e) => ({ data: { ...e.data }, classes: e.data.type.toLowerCase() })),
  };
}

/** Merges neighbourhoods, each node and edge once. */
export function mergeElements(...parts: Elements[]): Elements {
  const nodes = new Map<string, Elements['nodes'][number]>();
  const edges = new Map<string, Elements['edges'][number]>();
  for (const p of parts) {
    for (const n of p.nodes) nodes.set(n.data.id, n);
    for (const e of p.edges) edges.set(e.data.id, e);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()].filter((e) => nodes.has(e.data.source) && nodes.has(e.data.target)) };
}

/** Green (light load) to red (the heaviest), by a person's score against the highest score. */
export function loadColour(score: number, max: number): string {
  const x = max > 0 ? Math.max(0, Math.min(1, score / max)) : 0;
  const hue = Math.round(120 * (1 - x));
  return `hsl(${hue}, 70%, 45%)`;
}

/**
 * Workload around a person: people coloured and sized by their index, posts and units sized by how many of
 * the person's items they hold.
 */
export function workloadElements(api: Elements, scores: Map<string, number>, focus: string): Elements {
  const max = Math.max(0, ...scores.values());
  const items = new Set(api.edges.filter((e) => (e.data.type === 'LEADS' || e.data.type === 'ASSISTS') && e.data.source === focus).map((e) => e.data.target));
  const postLoad = new Map<string, number>();
  for (const e of api.edges) if (e.data.type === 'HAS_ITEM' && items.has(e.data.target)) postLoad.set(e.data.source, (postLoad.get(e.data.source) ?? 0) + 1);
  const plain = plainElements(api);
  for (const n of plain.nodes) {
    const d = n.data;
    if (d.type === 'Person') {
      const s = scores.get(d.id) ?? 0;
      d.colour = loadColour(s, max);
      d.size = 30 + 50 * (max ? s / max : 0);
      d.score = s;
    } else if (d.type === 'Post') {
      d.size = 24 + 10 * (postLoad.get(d.id) ?? 0);
    }
    if (d.id === focus) n.classes = `${n.classes} focus`;
  }
  return plain;
}

/** Steps as a left-to-right chain. */
export function chainElements(workflowId: string, title: string, steps: string[]): Elements {
  const nodes: Elements['nodes'] = [{ data: { id: workflowId, label: title, type: 'Workflow' }, classes: 'workflow' }];
  const edges: Elements['edges'] = [];
  steps.forEach((text, i) => {
    const id = `${workflowId}/chain/${i + 1}`;
    nodes.push({ data: { id, label: `${i + 1}. ${text}`, type: 'Step', ord: i + 1 }, classes: 'step' });
    const source = i === 0 ? workflowId : `${workflowId}/chain/${i}`;
    edges.push({ data: { id: `${source}->${id}`, source, target: id, type: i === 0 ? 'FIRST_STEP' : 'NEXT' }, classes: 'next' });
  });
  return { nodes, edges };
}

/** Counts by node type, for the legend. */
export function legendCounts(nodes: { data: { type: string } }[]): [string, number][] {
  const m = new Map<string, number>();
  for (const n of nodes) m.set(n.data.type, (m.get(n.data.type) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The selected nodes as CSV (with a byte-order mark so spreadsheets read the Chinese). */
export function selectionCsv(nodes: NodeData[]): string {
  return (
    '\uFEFF' +
    stringify(
      nodes.map((n) => ({ id: n.id, type: n.type, label: n.label, doc: n.doc ?? '', lineStart: n.lineStart ?? '', lineEnd: n.lineEnd ?? '' })),
      { header: true },
    )
  );
}
