/**
 * The API's read queries. Values travel as parameters; the only identifiers spliced into Cypher come from the
 * allow-lists below (labels, relationship types) or are validated integers (path depth).
 */
import type { Db } from './driver.ts';

export const NODE_LABELS = ['Unit', 'Post', 'Person', 'WorkItem', 'Duty', 'Workflow', 'Step', 'Document'] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

/** Relationships worth walking; SOURCED_FROM would join everything through its document. */
export const GRAPH_RELS = ['PART_OF', 'IN_UNIT', 'HAS_ITEM', 'HAS_DUTY', 'LEADS', 'ASSISTS', 'FOLLOWS', 'FIRST_STEP', 'NEXT', 'OVERSEES', 'HEADS', 'REPORTS_TO', 'SIMILAR_TO'] as const;

/** The label of a node from the shape of its id (see server/load/graph-rows.ts). */
export function labelOfId(id: string): NodeLabel | null {
  if (id.startsWith('unit:')) return 'Unit';
  if (id.startsWith('person:')) return 'Person';
  if (id.startsWith('document:')) return 'Document';
  if (id.startsWith('workflow:')) return 'Workflow';
  if (id.startsWith('post:')) {
    if (/\/step\/\d+$/.test(id)) return 'Step';
    if (/\/workflow$/.test(id)) return 'Workflow';
    if (/\/(function|responsibility)\/\d+$/.test(id)) return 'Duty';
    if (/\/item\/\d+$/.test(id)) return 'WorkItem';
    return 'Post';
  }
  return null;
}

export interface GraphNode {
  id: string;
  label: NodeLabel;
  name: string;
  props: Record<string, unknown>;
}
export interface GraphEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  props: Record<string, unknown>;
}

const NODE_PROJECTION = `{ id: n.id, label: head([l IN labels(n) WHERE l IN $labels]), name: coalesce(n.name, n.title, n.text, n.code, ''), props: properties(n) }`;

function cleanProps(p: Record<string, unknown>): Record<string, unknown> {
  const { lines: _lines, findings: _findings, boxes: _boxes, ...rest } = p;
  return rest;
}

const toNode = (x: Record<string, unknown>): GraphNode => ({ ...(x as unknown as GraphNode), props: cleanProps(x.props as Record<string, unknown>) });

export async function nodeExists(db: Db, id: string): Promise<boolean> {
  const label = labelOfId(id);
  if (!label) return false;
  return db.read(async (tx) => (await tx.run(`MATCH (n:${label} {id: $id}) RETURN count(n) AS n`, { id })).records[0]?.get('n') > 0);
}

/**
 * A neighbourhood for the explorer: nodes within `depth` steps of `focus` (or, without one, the organisation:
 * units and posts), restricted to `labels`, at most `limit` nodes.
 */
export async function neighbourhood(
  db: Db,
  o: { focus?: string; depth: 1 | 2 | 3; labels: NodeLabel[]; limit: number },
): Promise<{ nodes: GraphNode[]; edges: GraphEdge[]; truncated: boolean }> {
  const labels = o.labels.length ? o.labels : [...NODE_LABELS];
  return db.read(async (tx) => {
    let ids: string[];
    if (o.focus) {
      const focusLabel = labelOfId(o.focus)!;
      const r = await tx.run(
        `MATCH (f:${focusLabel} {id: $focus})
         OPTIONAL MATCH (f)-[:${GRAPH_RELS.join('|')}*1..${o.depth}]-(n)
         WHERE any(l IN labels(n) WHERE l IN $labels)
         WITH f, collect(DISTINCT n.id) AS near
         RETURN [f.id] + [x IN near WHERE x <> f.id][0..toInteger($limit)] AS ids, size(near) > $limit AS truncated`,
        { focus: o.focus, labels, limit: o.limit },
      );
      ids = r.records[0]?.get('ids') ?? [];
      const truncated = r.records[0]?.get('truncated') ?? false;
      return { ...(await elementsOf(tx, ids)), truncated };
    }
    // the organisation overview: units and posts, people only when asked for
    const overview = o.labels.length ? o.labels.filter((l) => ['Unit', 'Post', 'Person'].includes(l)) : ['Unit', 'Post'];
    const r = await tx.run(
      `MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) AND (n:Unit OR n:Post OR n:Person)
       WITH n ORDER BY n.id
       WITH collect(n.id) AS allIds
       RETURN allIds[0..toInteger($limit)] AS ids, size(allIds) > $limit AS truncated`,
      { labels: overview, limit: o.limit },
    );
    ids = r.records[0]?.get('ids') ?? [];
    const els = await elementsOf(tx, ids);
    if (overview.includes('Person')) {
      // people hang off work items; in the overview they are drawn straight to the posts they work in
      const w = await tx.run(
        `MATCH (x:Person)-[r:LEADS|ASSISTS]->(:WorkItem)<-[:HAS_ITEM]-(p:Post) WHERE x.id IN $ids AND p.id IN $ids
         RETURN DISTINCT x.id AS source, p.id AS target, type(r) AS type`,
        { ids },
      );
      els.edges.push(...w.records.map((x) => ({ id: `${x.get('source')}|${x.get('type')}|${x.get('target')}`, type: x.get('type') as string, source: x.get('source') as string, target: x.get('target') as string, props: { derived: true } })));
    }
    return { ...els, truncated: r.records[0]?.get('truncated') ?? false };
  });

  async function elementsOf(tx: Parameters<Parameters<Db['read']>[0]>[0], ids: string[]) {
    const nodes: GraphNode[] = [];
    const edges: GraphEdge[] = [];
    // one look-up per label, so each uses its id constraint's index
    for (const [label, group] of groupByLabel(ids)) {
      const n = await tx.run(`UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN ${NODE_PROJECTION} AS n`, { ids: group, labels: [...NODE_LABELS] });
      nodes.push(...n.records.map((x) => toNode(x.get('n'))));
      const e = await tx.run(
        `UNWIND $ids AS id MATCH (a:${label} {id: id})-[r:${GRAPH_RELS.join('|')}]->(b) WHERE b.id IN $all
         RETURN { id: elementId(r), type: type(r), source: a.id, target: b.id, props: properties(r) } AS e`,
        { ids: group, all: ids },
      );
      edges.push(...e.records.map((x) => x.get('e') as GraphEdge));
    }
    return { nodes, edges };
  }
}

function groupByLabel(ids: string[]): Map<NodeLabel, string[]> {
  const out = new Map<NodeLabel, string[]>();
  for (const id of ids) {
    const label = labelOfId(id);
    if (label) out.set(label, [...(out.get(label) ?? []), id]);
  }
  return out;
}

export interface NodeDetails extends GraphNode {
  source: { document: string; lines: [number, number]; text: string[] } | null;
  neighbours: { type: string; direction: 'out' | 'in'; id: string; label: string; name: string }[];
}

export async function nodeDetails(db: Db, id: string): Promise<NodeDetails | null> {
  const label = labelOfId(id);
  if (!label) return null;
  return db.read(async (tx) => {
    const r = await tx.run(
      `MATCH (n:${label} {id: $id})
       OPTIONAL MATCH (n)-[s:SOURCED_FROM]->(d:Document)
       WITH n, head(collect({ doc: d.name, a: s.lineStart, b: s.lineEnd, text: d.lines[s.lineStart - 1 .. s.lineEnd] })) AS src
       RETURN ${NODE_PROJECTION} AS n, src,
              COLLECT { MATCH (n)-[r:${GRAPH_RELS.join('|')}]-(m) RETURN { type: type(r), direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END,
                        id: m.id, label: head(labels(m)), name: coalesce(m.name, m.title, m.text, m.code, '') } } AS neighbours`,
      { id, labels: [...NODE_LABELS] },
    );
    const rec = r.records[0];
    if (!rec) return null;
    const src = rec.get('src') as { doc: string | null; a: number; b: number; text: string[] | null };
    return {
      ...toNode(rec.get('n')),
      source: src?.doc ? { document: src.doc, lines: [src.a, src.b], text: src.text ?? [] } : null,
      neighbours: (rec.get('neighbours') as NodeDetails['neighbours']).slice(0, 500),
    };
  });
}

export interface UnitRow {
  id: string;
  name: string;
  kind: string;
  parent: string | null;
  mission: string | null;
  posts: number;
  vacantPosts: number;
  items: number;
  people: number;
}

export async function unitRows(db: Db): Promise<UnitRow[]> {
  return db.read(async (tx) => {
    const r = await tx.run(
      `MATCH (u:Unit)
       OPTIONAL MATCH (u)-[:PART_OF]->(p:Unit)
       RETURN u.id AS id, u.name AS name, u.kind AS kind, p.id AS parent, u.mission AS mission,
              COUNT { (u)<-[:IN_UNIT]-(:Post) } AS posts,
              COUNT { (u)<-[:IN_UNIT]-(:Post {vacant: true}) } AS vacantPosts,
              COUNT { (u)<-[:IN_UNIT]-(:Post)-[:HAS_ITEM]->(:WorkItem) } AS items,
              COUNT { MATCH (u)<-[:IN_UNIT]-(:Post)-[:HAS_ITEM]->()<-[:LEADS|ASSISTS]-(x:Person) RETURN DISTINCT x } AS people
       ORDER BY kind, name`,
    );
    return r.records.map((x) => x.toObject() as UnitRow);
  });
}

interface PostRef {
  id: string;
  unit: string;
  post: string;
  person: string | null;
}

export async function reportingEdges(db: Db): Promise<{
  edges: { from: PostRef; to: PostRef; basis: string; rules: string[] }[];
  oversight: { from: PostRef; to: { id: string; unit: string; kind: string }; basis: string }[];
  unplaced: PostRef[];
}> {
  const ref = `{ id: p.id, unit: u.name, post: p.title, person: CASE WHEN size(leads) = 0 THEN null ELSE reduce(s = head(leads), x IN tail(leads) | s + '、' + x) END }`;
  const leadsOf = (p: string) => `COLLECT { MATCH (${p})-[:HAS_ITEM]->()<-[l:LEADS]-(x) RETURN DISTINCT x.name }`;
  return db.read(async (tx) => {
    const edges = await tx.run(
      `MATCH (a:Post)-[r:REPORTS_TO]->(b:Post), (a)-[:IN_UNIT]->(ua:Unit), (b)-[:IN_UNIT]->(ub:Unit)
       WITH a, b, r, ua, ub, ${leadsOf('a')} AS la, ${leadsOf('b')} AS lb
       RETURN ${ref.replaceAll('p.', 'a.').replaceAll('u.name', 'ua.name').replaceAll('leads', 'la')} AS from,
              ${ref.replaceAll('p.', 'b.').replaceAll('u.name', 'ub.name').replaceAll('leads', 'lb')} AS to,
              r.basis AS basis, r.rules AS rules
       ORDER BY a.doc, a.seq`,
    );
    const oversight = await tx.run(
      `MATCH (p:Post)-[:OVERSEES]->(o:Unit), (p)-[:IN_UNIT]->(u:Unit)
       WITH p, o, u, ${leadsOf('p')} AS leads
       RETURN ${ref} AS from, { id: o.id, unit: o.name, kind: o.kind } AS to,
              '分管 ' + o.name + ' (' + p.doc + ':' + toString(p.lineStart) + ')' AS basis
       ORDER BY p.doc, p.seq, o.name`,
    );
    const unplaced = await tx.run(
      `MATCH (p:Post {unplaced: true})-[:IN_UNIT]->(u:Unit)
       WITH p, u, ${leadsOf('p')} AS leads
       RETURN ${ref} AS post ORDER BY p.doc, p.seq`,
    );
    return {
      edges: edges.records.map((x) => ({ from: x.get('from'), to: x.get('to'), basis: x.get('basis'), rules: x.get('rules') })),
      oversight: oversight.records.map((x) => ({ from: x.get('from'), to: x.get('to'), basis: x.get('basis') })),
      unplaced: unplaced.records.map((x) => x.get('post')),
    };
  });
}

export interface SimilarRow {
  score: number;
  scope: string;
  a: { id: string; unit: string; bureau: string; post: string; workItem: string | null; text: string; doc: string; line: number };
  b: SimilarRow['a'];
}

export async function similarRows(db: Db, o: { minScore: number; crossBureauOnly: boolean; limit: number }): Promise<SimilarRow[]> {
  const side = (n: string) => `
    CALL (${n}) {
      OPTIONAL MATCH (${n})<-[:HAS_DUTY]-(di:WorkItem)
      WITH ${n}, coalesce(di, ${n}) AS item
      MATCH (item)<-[:HAS_ITEM]-(p:Post)-[:IN_UNIT]->(u:Unit)
      OPTIONAL MATCH (u)-[:PART_OF*0..3]->(bu:Unit {kind: 'bureau'})
      WITH ${n}, item, p, u, head(collect(bu.name)) AS bureau
      RETURN { id: ${n}.id, unit: u.name, bureau: coalesce(bureau, u.name), post: p.title, workItem: item.title,
               text: coalesce(${n}.title, ${n}.text), doc: ${n}.doc, line: ${n}.lineStart } AS ${n}Side
    }`;
  return db.read(async (tx) => {
    const r = await tx.run(
      `MATCH (a)-[r:SIMILAR_TO]->(b) WHERE r.score >= $min AND (NOT $cross OR r.scope = 'cross-bureau')
       WITH a, b, r ORDER BY r.score DESC, a.id, b.id LIMIT toInteger($limit)
       ${side('a')}
       ${side('b')}
       RETURN r.score AS score, r.scope AS scope, aSide AS a, bSide AS b`,
      { min: o.minScore, cross: o.crossBureauOnly, limit: o.limit },
    );
    return r.records.map((x) => x.toObject() as SimilarRow);
  });
}

export async function postRefs(db: Db, ids: string[]): Promise<Map<string, { unit: string; post: string; doc: string; line: number }>> {
  return db.read(async (tx) => {
    const r = await tx.run('UNWIND $ids AS id MATCH (p:Post {id: id})-[:IN_UNIT]->(u:Unit) RETURN p.id AS id, u.name AS unit, p.title AS post, p.doc AS doc, p.lineStart AS line', { ids });
    return new Map(r.records.map((x) => [x.get('id') as string, { unit: x.get('unit'), post: x.get('post'), doc: x.get('doc'), line: x.get('line') }]));
  });
}

/** Escapes Lucene's query syntax so user text is searched as text. */
export function luceneText(q: string): string {
  return q.replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, (c) => `\\${c}`);
}

export async function search(db: Db, q: string, limit: number): Promise<{ id: string; label: string; name: string; score: number; context: string | null }[]> {
  return db.read(async (tx) => {
    const r = await tx.run(
      `CALL db.index.fulltext.queryNodes('search', $q, {limit: toInteger($limit)}) YIELD node, score
       OPTIONAL MATCH (node)-[:IN_UNIT]->(u:Unit)
       OPTIONAL MATCH (node)<-[:HAS_ITEM]-(:Post)-[:IN_UNIT]->(iu:Unit)
       RETURN node.id AS id, head([l IN labels(node) WHERE l IN $labels]) AS label, coalesce(node.name, node.title, node.text, node.code) AS name,
              score, coalesce(u.name, iu.name, node.bureau) AS context
       ORDER BY score DESC, id`,
      { q: luceneText(q), limit, labels: [...NODE_LABELS] },
    );
    return r.records.map((x) => x.toObject() as { id: string; label: string; name: string; score: number; context: string | null });
  });
}

export async function shortestPath(db: Db, from: string, to: string): Promise<{ nodes: GraphNode[]; edges: GraphEdge[] } | null> {
  const la = labelOfId(from)!;
  const lb = labelOfId(to)!;
  return db.read(async (tx) => {
    const r = await tx.run(
      `MATCH (a:${la} {id: $from}), (b:${lb} {id: $to})
       MATCH p = shortestPath((a)-[:${GRAPH_RELS.filter((t) => t !== 'SIMILAR_TO').join('|')}*..16]-(b))
       RETURN [n IN nodes(p) | ${NODE_PROJECTION}] AS nodes,
              [r IN relationships(p) | { id: elementId(r), type: type(r), source: startNode(r).id, target: endNode(r).id, props: properties(r) }] AS edges`,
      { from, to, labels: [...NODE_LABELS] },
    );
    const rec = r.records[0];
    if (!rec) return null;
    return { nodes: (rec.get('nodes') as Record<string, unknown>[]).map(toNode), edges: rec.get('edges') as GraphEdge[] };
  });
}

/** Everything but the documents' text, for GraphML and CSV export. */
export async function wholeGraph(db: Db, limit: number): Promise<{ nodes: GraphNode[]; edges: GraphEdge[] }> {
  return db.read(async (tx) => {
    const nodes = await tx.run(`MATCH (n) WHERE n.id IS NOT NULL RETURN ${NODE_PROJECTION} AS n ORDER BY n.id LIMIT toInteger($limit)`, { labels: [...NODE_LABELS], limit });
    const edges = await tx.run(
      `MATCH (a)-[r:${GRAPH_RELS.join('|')}]->(b) RETURN { id: elementId(r), type: type(r), source: a.id, target: b.id, props: properties(r) } AS e ORDER BY e.source, e.type, e.target LIMIT toInteger($limit)`,
      { limit: limit * 4 },
    );
    return { nodes: nodes.records.map((x) => toNode(x.get('n'))), edges: edges.records.map((x) => x.get('e') as GraphEdge) };
  });
}
