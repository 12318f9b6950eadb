/**
 * What the explorer draws: each bureau counted for the overview, one unit's org chart, likely duplicate pairs by the
 * bureaus or centres that carry them, and a bureau's posts against its workflows.
 */
import { z } from 'zod';
import { ChartPost } from '../../model/api.ts';
import { readQuery, type NoParams } from '../query.ts';

/** `t`: the top unit above unit `u` (or `u` itself when it has no parent); needs `u` bound. */
const topOf = (u: string, t: string) => `MATCH (${u})-[:PART_OF*0..3]->(${t}:Unit) WHERE NOT EXISTS { (${t})-[:PART_OF]->(:Unit) }`;

export const BureauCountRow = z.object({
  id: z.string(),
  name: z.string(),
  units: z.number(),
  posts: z.number(),
  items: z.number(),
  vacant: z.number(),
  unplaced: z.number(),
});

/** Every top unit (a bureau, or a unit no document places under one) with what it and the units under it hold. */
export const bureauCounts = readQuery<NoParams, typeof BureauCountRow>(
  'bureau-counts',
  `MATCH (b:Unit) WHERE NOT EXISTS { (b)-[:PART_OF]->(:Unit) }
   CALL (b) {
     MATCH (d:Unit)-[:PART_OF*0..3]->(b)
     OPTIONAL MATCH (p:Post)-[:IN_UNIT]->(d)
     RETURN count(DISTINCT d) AS units, count(DISTINCT p) AS posts,
            count(DISTINCT CASE WHEN p.vacant THEN p END) AS vacant,
            count(DISTINCT CASE WHEN p.unplaced THEN p END) AS unplaced,
            sum(COUNT { (p)-[:HAS_ITEM]->() }) AS items
   }
   RETURN b.id AS id, b.name AS name, units, posts, items, vacant, unplaced
   ORDER BY name`,
  BureauCountRow,
);

export const PairOwnersRow = z.object({
  key: z.string(),
  likely: z.boolean(),
  a: z.object({ id: z.string(), name: z.string(), kind: z.string(), top: z.string() }),
  b: z.object({ id: z.string(), name: z.string(), kind: z.string(), top: z.string() }),
  verdict: z.string().nullable(),
});

/**
 * `${n}Owner`: the bureau or centre nearest above the post that carries text or post `n` (the top unit where there
 * is none), with the top unit's id.
 */
const ownerOf = (n: string) => `
  CALL (${n}) {
    OPTIONAL MATCH (${n})<-[:HAS_DUTY]-(di:WorkItem)
    WITH ${n}, coalesce(di, ${n}) AS x
    OPTIONAL MATCH (x)<-[:HAS_ITEM]-(ip:Post)
    WITH coalesce(ip, x) AS p
    MATCH (p)-[:IN_UNIT]->(u:Unit)
    ${topOf('u', 't')}
    OPTIONAL MATCH path = (u)-[:PART_OF*0..3]->(o:Unit) WHERE o.kind IN ['bureau', 'centre']
    WITH t, o ORDER BY length(path)
    WITH t, head(collect(o)) AS o
    WITH t, coalesce(o, t) AS o
    RETURN { id: o.id, name: o.name, kind: o.kind, top: t.id } AS ${n}Owner
  }`;

/** Each likely duplicate pair with the bureau or centre of each side, and its review verdict. */
export const pairOwners = readQuery<NoParams, typeof PairOwnersRow>(
  'pair-owners',
  `MATCH (a)-[r:SIMILAR_TO]->(b)
   ${ownerOf('a')}
   ${ownerOf('b')}
   OPTIONAL MATCH (m:Review {key: r.key})
   RETURN r.key AS key, coalesce(r.likely, false) AS likely, aOwner AS a, bOwner AS b, m.verdict AS verdict`,
  PairOwnersRow,
);

export const ChartUnitRow = z.object({ id: z.string(), name: z.string(), kind: z.string(), parent: z.string().nullable(), depth: z.number() });

/** Unit `$unit` and every unit under it, each with its parent, shallowest first. */
export const chartUnits = readQuery<{ unit: string }, typeof ChartUnitRow>(
  'chart-units',
  `MATCH (root:Unit {id: $unit})
   MATCH path = (d:Unit)-[:PART_OF*0..3]->(root)
   OPTIONAL MATCH (d)-[:PART_OF]->(parent:Unit)
   RETURN DISTINCT d.id AS id, d.name AS name, d.kind AS kind, CASE WHEN d = root THEN null ELSE parent.id END AS parent,
          length(path) AS depth
   ORDER BY depth, kind, name`,
  ChartUnitRow,
);

export const ChartTopRow = z.object({ id: z.string(), name: z.string() });
/** The top unit (the bureau) above unit `$unit`. */
export const chartTop = readQuery<{ unit: string }, typeof ChartTopRow>(
  'chart-top',
  `MATCH (u:Unit {id: $unit}) ${topOf('u', 't')} RETURN t.id AS id, t.name AS name LIMIT 1`,
  ChartTopRow,
);

/** A post of the chart as the query gives it: without its load, which the service reads from the workload index. */
export const ChartPostRow = ChartPost.omit({ load: true });

/** The posts of the units `$units`, in document order, with their items' titles and who leads and assists them. */
export const chartPosts = readQuery<{ units: string[] }, typeof ChartPostRow>(
  'chart-posts',
  `UNWIND $units AS uid
   MATCH (p:Post)-[:IN_UNIT]->(:Unit {id: uid})
   WITH p, uid ORDER BY p.doc, p.seq
   RETURN p.id AS id, uid AS unit, p.title AS title, p.kind AS kind, coalesce(p.vacant, false) AS vacant,
          coalesce(p.unplaced, false) AS unplaced,
          COLLECT { MATCH (p)-[:HAS_ITEM]->(i) RETURN coalesce(i.title, '') ORDER BY i.ord } AS items,
          COLLECT {
            MATCH (p)-[:HAS_ITEM]->(i)<-[r:LEADS|ASSISTS]-(x:Person)
            // an item once per person, as led when the table names them as 牵头 and 辅助 both
            WITH x, i, collect(DISTINCT type(r)) AS roles
            WITH x, sum(CASE WHEN 'LEADS' IN roles THEN 1 ELSE 0 END) AS lead, sum(CASE WHEN 'LEADS' IN roles THEN 0 ELSE 1 END) AS assist
            RETURN { id: x.id, name: x.name, lead: lead, assist: assist } ORDER BY lead DESC, assist DESC, x.name
          } AS staff,
          p.doc AS doc, p.lineStart AS line`,
  ChartPostRow,
);

export const ChartLinkRow = z.object({ from: z.string(), to: z.string(), rules: z.array(z.string()), basis: z.string() });
/** Reporting lines from the posts `$posts`. */
export const chartReporting = readQuery<{ posts: string[] }, typeof ChartLinkRow>(
  'chart-reporting',
  `UNWIND $posts AS pid
   MATCH (a:Post {id: pid})-[r:REPORTS_TO]->(b:Post)
   RETURN a.id AS from, b.id AS to, coalesce(r.rules, []) AS rules, coalesce(r.basis, '') AS basis`,
  ChartLinkRow,
);

export const ChartOversightRow = z.object({ post: z.string(), unit: z.string(), basis: z.string() });
/** 分管: which of the posts `$posts` oversee which units, with the line that says so. */
export const chartOversight = readQuery<{ posts: string[] }, typeof ChartOversightRow>(
  'chart-oversight',
  `UNWIND $posts AS pid
   MATCH (p:Post {id: pid})-[:OVERSEES]->(o:Unit)
   RETURN p.id AS post, o.id AS unit, '分管 ' + o.name + ' (' + p.doc + ':' + toString(p.lineStart) + ')' AS basis`,
  ChartOversightRow,
);

export const WorkflowCellRow = z.object({
  post: z.string(),
  unit: z.string(),
  title: z.string(),
  workflow: z.string(),
  code: z.string().nullable(),
  name: z.string(),
  steps: z.array(z.string()),
  items: z.number(),
});

/** For each post of bureau `$bureau` and each workflow its items follow: how many items follow it. */
export const workflowCells = readQuery<{ bureau: string }, typeof WorkflowCellRow>(
  'workflow-cells',
  `MATCH (d:Unit)-[:PART_OF*0..3]->(:Unit {id: $bureau})
   MATCH (p:Post)-[:IN_UNIT]->(d)
   MATCH (p)-[:HAS_ITEM]->(i)-[:FOLLOWS]->(w:Workflow)
   WITH p, d, w, count(DISTINCT i) AS items
   ORDER BY p.doc, p.seq, w.code
   RETURN p.id AS post, d.name AS unit, p.title AS title, w.id AS workflow, w.code AS code,
          coalesce(w.title, w.code, w.id) AS name,
          COLLECT { MATCH (w)-[:FIRST_STEP]->(s)-[:NEXT*0..]->(t) RETURN t.text ORDER BY t.ord } AS steps, items`,
  WorkflowCellRow,
);
