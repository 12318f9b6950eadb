/** Reading the graph as nodes and edges: neighbourhoods, one node with its source, paths, the whole graph. */
import { z } from 'zod';
import type { NodeLabel } from '../../model/ids.ts';
import { perKey, readQuery } from '../query.ts';
import { GraphEdge, GraphNode, PATH_WALK, WALK, edgeProjection, hasLabelIn, nameOf, nodeProjection } from './fragments.ts';

const Count = z.object({ n: z.number() });
const PersonPost = z.object({ source: z.string(), target: z.string(), type: z.string() });
const NodeRow = z.object({ n: GraphNode });
const EdgeRow = z.object({ e: GraphEdge });
const Neighbour = z.object({ type: z.string(), direction: z.enum(['out', 'in']), id: z.string(), label: z.string(), name: z.string() });
const Source = z.object({
  doc: z.string().nullable(),
  docId: z.string().nullable(),
  sha256: z.string().nullable(),
  a: z.number().nullable(),
  place: z.string().nullable().optional(),
  page: z.number().nullable().optional(),
  box: z.array(z.number()).nullable().optional(),
  b: z.number().nullable(),
  text: z.array(z.string()).nullable(),
});
const Details = z.object({ n: GraphNode, src: Source, neighbours: z.array(Neighbour) });
const PathRow = z.object({ nodes: z.array(GraphNode), edges: z.array(GraphEdge) });
const IdsPage = z.object({ ids: z.array(z.string()), truncated: z.boolean() });

/** Whether a node of this label has the id (0 or 1). */
export const nodeExists = perKey((label: NodeLabel) =>
  readQuery<{ id: string }, typeof Count>(`node-exists-${label}`, `MATCH (n:${label} {id: $id}) RETURN count(n) AS n`, Count),
);

/** Ids within `depth` steps of the focus with one of `labels`, the focus first, at most `limit` besides it. */
export const neighbourIds = perKey((key: `${NodeLabel}:${1 | 2 | 3}`) => {
  const [label, depth] = key.split(':');
  return readQuery<{ focus: string; labels: string[]; limit: number }, typeof IdsPage>(
    `neighbour-ids-${key}`,
    `MATCH (f:${label} {id: $focus})
     OPTIONAL MATCH (f)-[:${WALK}*1..${depth}]-(n)
     WHERE ${hasLabelIn('n')}
     WITH f, collect(DISTINCT n.id) AS near
     RETURN [f.id] + [x IN near WHERE x <> f.id][0..toInteger($limit)] AS ids, size(near) > $limit AS truncated`,
    IdsPage,
  );
});

/** The organisation overview: ids of units, posts and (when asked) people, in id order, at most `limit`. */
export const overviewIds = readQuery<{ labels: string[]; limit: number }, typeof IdsPage>(
  'overview-ids',
  `MATCH (n) WHERE ${hasLabelIn('n')} AND (n:Unit OR n:Post OR n:Person)
   WITH n ORDER BY n.id
   WITH collect(n.id) AS allIds
   RETURN allIds[0..toInteger($limit)] AS ids, size(allIds) > $limit AS truncated`,
  IdsPage,
);

/** People drawn straight to the posts they work in (they hang off work items in the graph). */
export const peopleAtPosts = readQuery<{ ids: string[] }, typeof PersonPost>(
  'people-at-posts',
  `MATCH (x:Person)-[r:LEADS|ASSISTS]->(:WorkItem)<-[:HAS_ITEM]-(p:Post) WHERE x.id IN $ids AND p.id IN $ids
   RETURN DISTINCT x.id AS source, p.id AS target, type(r) AS type`,
  PersonPost,
);

/** Nodes of one label by id: one look-up per label, so each uses its id constraint's index. */
export const nodesById = perKey((label: NodeLabel) =>
  readQuery<{ ids: string[]; labels: string[] }, typeof NodeRow>(
    `nodes-by-id-${label}`,
    `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN ${nodeProjection('n')} AS n`,
    NodeRow,
  ),
);

/** Edges from nodes of one label (by id) to any node among `all`. */
export const edgesAmong = perKey((label: NodeLabel) =>
  readQuery<{ ids: string[]; all: string[] }, typeof EdgeRow>(
    `edges-among-${label}`,
    `UNWIND $ids AS id MATCH (a:${label} {id: id})-[r:${WALK}]->(b) WHERE b.id IN $all
     RETURN ${edgeProjection('r', 'a', 'b')} AS e`,
    EdgeRow,
  ),
);

/** A node, the lines of its document it came from, and its neighbours. */
export const nodeDetails = perKey((label: NodeLabel) =>
  readQuery<{ id: string; labels: string[] }, typeof Details>(
    `node-details-${label}`,
    `MATCH (n:${label} {id: $id})
     OPTIONAL MATCH (n)-[s:SOURCED_FROM]->(d:Document)
     WITH n, head(collect({ doc: d.name, docId: d.id, sha256: d.sha256, a: s.lineStart, b: s.lineEnd, place: s.place, page: s.page, box: s.box, text: d.lines[s.lineStart - 1 .. s.lineEnd] })) AS src
     RETURN ${nodeProjection('n')} AS n, src,
            COLLECT { MATCH (n)-[r:${WALK}]-(m) RETURN { type: type(r), direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END,
                      id: m.id, label: head(labels(m)), name: ${nameOf('m')} } } AS neighbours`,
    Details,
  ),
);

/** The shortest path between two nodes through the organisation (16 steps at most). */
export const shortestPath = perKey((key: `${NodeLabel}>${NodeLabel}`) => {
  const [la, lb] = key.split('>');
  return readQuery<{ from: string; to: string; labels: string[] }, typeof PathRow>(
    `shortest-path-${key}`,
    `MATCH (a:${la} {id: $from}), (b:${lb} {id: $to})
     MATCH p = shortestPath((a)-[:${PATH_WALK}*..16]-(b))
     RETURN [n IN nodes(p) | ${nodeProjection('n')}] AS nodes, [r IN relationships(p) | ${edgeProjection('r')}] AS edges`,
    PathRow,
  );
});

/** Every node of the graph's labels, in id order (for exports); the bookkeeping node (:Meta) is not one. */
export const allNodes = readQuery<{ labels: string[]; limit: number }, typeof NodeRow>(
  'all-nodes',
  `MATCH (n) WHERE n.id IS NOT NULL AND ${hasLabelIn('n')} RETURN ${nodeProjection('n')} AS n ORDER BY n.id LIMIT toInteger($limit)`,
  NodeRow,
);

/** Every relationship worth walking (for exports). */
export const allEdges = readQuery<{ limit: number }, typeof EdgeRow>(
  'all-edges',
  `MATCH (a)-[r:${WALK}]->(b) RETURN ${edgeProjection('r', 'a', 'b')} AS e ORDER BY e.source, e.type, e.target LIMIT toInteger($limit)`,
  EdgeRow,
);
