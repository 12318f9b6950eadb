/** The graph as the explorer asks for it: neighbourhoods, one node with its source, the path between two nodes. */
import type { Db, Tx } from '../db/driver.ts';
import { labelsParam, type GraphEdge, type GraphNode } from '../db/queries/fragments.ts';
import { edgesAmong, neighbourIds, nodeDetails, nodeExists, nodesById, overviewIds, peopleAtPosts, shortestPath } from '../db/queries/graph.ts';
import { NotFound } from '../errors.ts';
import type { GraphQuery, GraphResponse, NodeResponse, PathResponse } from '../model/api.ts';
import { labelOfId, type NodeLabel } from '../model/ids.ts';
import type { GraphCache } from './cache.ts';
import { toCytoscape } from './cytoscape.ts';

interface Subgraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Throws NotFound unless a node with this id exists. */
export async function requireNode(db: Db, id: string): Promise<NodeLabel> {
  const label = labelOfId(id);
  const [row] = label ? await db.query(nodeExists(label), { id }) : [];
  if (!label || !row || row.n === 0) throw new NotFound(`no node with id ${id}`);
  return label;
}

/** The nodes with these ids and the edges among them, one look-up per label. */
async function elementsOf(tx: Tx, ids: string[]): Promise<Subgraph> {
  const out: Subgraph = { nodes: [], edges: [] };
  for (const [label, group] of groupByLabel(ids)) {
    out.nodes.push(...(await tx.query(nodesById(label), { ids: group, ...labelsParam })).map((r) => r.n));
    out.edges.push(...(await tx.query(edgesAmong(label), { ids: group, all: ids })).map((r) => r.e));
  }
  return out;
}

function groupByLabel(ids: string[]): Map<NodeLabel, string[]> {
  const out = new Map<NodeLabel, string[]>();
  for (const id of ids) {
    const label = labelOfId(id);
    if (label) out.set(label, [...(out.get(label) ?? []), id]);
  }
  return out;
}

/** Nodes within `depth` steps of `focus`, restricted to `labels`, at most `limit` besides the focus. */
async function around(db: Db, o: { focus: string; depth: 1 | 2 | 3; labels: NodeLabel[]; limit: number }): Promise<Subgraph & { truncated: boolean }> {
  const label = labelOfId(o.focus)!;
  const labels = o.labels.length ? o.labels : [...labelsParam.labels];
  return db.read(async (tx) => {
    const [page] = await tx.query(neighbourIds(`${label}:${o.depth}`), { focus: o.focus, labels, limit: o.limit });
    return { ...(await elementsOf(tx, page?.ids ?? [])), truncated: page?.truncated ?? false };
  });
}

/** The organisation overview: units and posts, people (drawn to their posts) only when asked for. */
async function overview(db: Db, o: { labels: NodeLabel[]; limit: number }): Promise<Subgraph & { truncated: boolean }> {
  const labels = o.labels.length ? o.labels.filter((l) => ['Unit', 'Post', 'Person'].includes(l)) : ['Unit', 'Post'];
  return db.read(async (tx) => {
    const [page] = await tx.query(overviewIds, { labels, limit: o.limit });
    const ids = page?.ids ?? [];
    const els = await elementsOf(tx, ids);
    if (labels.includes('Person')) {
      const worksAt = await tx.query(peopleAtPosts, { ids });
      els.edges.push(
        ...worksAt.map((x) => ({ id: `${x.source}|${x.type}|${x.target}`, type: x.type, source: x.source, target: x.target, props: { derived: true } })),
      );
    }
    return { ...els, truncated: page?.truncated ?? false };
  });
}

/** A neighbourhood as Cytoscape elements; without a focus, the organisation. */
export async function graph(db: Db, cache: GraphCache, q: GraphQuery): Promise<GraphResponse> {
  const focus = q.focus;
  if (focus !== undefined) await requireNode(db, focus);
  return cache.get(`graph:${JSON.stringify(q)}`, async () => {
    const g =
      focus !== undefined
        ? await around(db, { focus, depth: q.depth, labels: q.types, limit: q.limit })
        : await overview(db, { labels: q.types, limit: q.limit });
    return { elements: toCytoscape(g.nodes, g.edges), truncated: g.truncated };
  });
}

/** A node, the lines of its document it came from, and at most 500 neighbours. */
export async function node(db: Db, id: string): Promise<NodeResponse> {
  const label = labelOfId(id);
  const [row] = label ? await db.query(nodeDetails(label), { id, ...labelsParam }) : [];
  if (!row) throw new NotFound(`no node with id ${id}`);
  const { src } = row;
  return {
    ...row.n,
    source:
      src.doc !== null && src.docId !== null && src.a !== null && src.b !== null
        ? {
            document: src.doc,
            documentId: src.docId,
            sha256: src.sha256 ?? '',
            lines: [src.a, src.b],
            text: src.text ?? [],
            place: src.place ?? null,
            page: src.page ?? null,
            box: (src.box as [number, number, number, number] | null | undefined) ?? null,
          }
        : null,
    neighbours: row.neighbours.slice(0, 500),
  };
}

/** The shortest path between two nodes through the organisation; a node to itself is the node. */
export async function path(db: Db, from: string, to: string): Promise<PathResponse> {
  const la = await requireNode(db, from);
  const lb = await requireNode(db, to);
  const p =
    from === to
      ? await around(db, { focus: from, depth: 1, labels: [], limit: 0 })
      : (await db.query(shortestPath(`${la}>${lb}`), { from, to, ...labelsParam }))[0];
  return p
    ? { found: true, elements: toCytoscape(p.nodes, p.edges), order: p.nodes.map((n) => n.id) }
    : { found: false, elements: { nodes: [], edges: [] }, order: [] };
}
