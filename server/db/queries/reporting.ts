/**
 * Reporting lines: the facts the rules read (posts, their leads, assistants and 分管 oversight; who heads which
 * section), the edges they derive, and how the API reads them back.
 */
import { z } from 'zod';
import { PostKind } from '../../model/document.ts';
import { readQuery, writeQuery, type NoParams } from '../query.ts';
import { bureauOf } from './fragments.ts';

/** The names of the people who lead (牵头) the items of post `p`. */
const leadsOf = (p: string) => `COLLECT { MATCH (${p})-[:HAS_ITEM]->()<-[:LEADS]-(x) RETURN DISTINCT x.name }`;

export const PostFactsRow = z.object({
  id: z.string(),
  unitId: z.string(),
  unitKind: z.string(),
  unitName: z.string(),
  bureauId: z.string(),
  kind: PostKind,
  title: z.string(),
  doc: z.string(),
  lineStart: z.number(),
  leads: z.array(z.string()),
  assistants: z.array(z.string()),
  oversees: z.array(z.string()),
});

/** Every post with its unit, bureau, leads, assistants and the units its functions 分管 (oversee). */
export const postFacts = readQuery<NoParams, typeof PostFactsRow>(
  'post-facts',
  `MATCH (p:Post)-[:IN_UNIT]->(u:Unit)
   ${bureauOf('u', 'b')}
   WITH p, u, head(collect(b)) AS b
   RETURN p.id AS id, u.id AS unitId, u.kind AS unitKind, u.name AS unitName, coalesce(b.id, u.id) AS bureauId,
          p.kind AS kind, p.title AS title, p.doc AS doc, p.lineStart AS lineStart,
          ${leadsOf('p')} AS leads,
          COLLECT { MATCH (p)-[:HAS_ITEM]->()<-[:ASSISTS]-(x) RETURN DISTINCT x.name } AS assistants,
          COLLECT { MATCH (p)-[:OVERSEES]->(o) RETURN o.id } AS oversees
   ORDER BY id`,
  PostFactsRow,
);

export const SectionHeadRow = z.object({ person: z.string(), unitId: z.string(), bureauId: z.string(), doc: z.string(), lineStart: z.number() });

/** Who a remark names as the head of a section (科室/股), with the bureau of that section. */
export const sectionHeads = readQuery<NoParams, typeof SectionHeadRow>(
  'section-heads',
  `MATCH (x:Person)-[h:HEADS]->(s:Unit)
   ${bureauOf('s', 'b')}
   RETURN x.name AS person, s.id AS unitId, coalesce(head(collect(b.id)), s.id) AS bureauId, h.doc AS doc, h.lineStart AS lineStart`,
  SectionHeadRow,
);

/** Removes every REPORTS_TO before they are derived again. */
export const deleteReporting = writeQuery<NoParams>('delete-reporting', 'MATCH ()-[e:REPORTS_TO]->() DELETE e');

/** Writes derived reporting edges with their rules and basis. */
export const createReporting = writeQuery<{ edges: { from: string; to: string; rules: string[]; basis: string }[] }>(
  'create-reporting',
  `UNWIND $edges AS e MATCH (a:Post {id: e.from}), (b:Post {id: e.to})
   CREATE (a)-[:REPORTS_TO {rules: e.rules, basis: e.basis}]->(b)`,
);

/** Marks the posts no rule placed (and unmarks the rest). */
export const markUnplaced = writeQuery<{ unplaced: string[] }>('mark-unplaced', 'MATCH (p:Post) SET p.unplaced = p.id IN $unplaced');

export const PostRef = z.object({ id: z.string(), unit: z.string(), post: z.string(), person: z.string().nullable() });

const ReportingEdgeRow = z.object({ from: PostRef, to: PostRef, basis: z.string(), rules: z.array(z.string()) });
const OversightRow = z.object({ from: PostRef, to: z.object({ id: z.string(), unit: z.string(), kind: z.string() }), basis: z.string() });
const UnplacedRow = z.object({ post: PostRef });

/** A post as the API names it: `p` and its unit `u`, with `leads` (the names of who leads its items) bound. */
const postRef = (p: string, u: string, leads: string) =>
  `{ id: ${p}.id, unit: ${u}.name, post: ${p}.title, person: CASE WHEN size(${leads}) = 0 THEN null ELSE reduce(s = head(${leads}), x IN tail(${leads}) | s + '、' + x) END }`;

/** Reporting edges with both posts named and their leads. */
export const reportingEdges = readQuery<NoParams, typeof ReportingEdgeRow>(
  'reporting-edges',
  `MATCH (a:Post)-[r:REPORTS_TO]->(b:Post), (a)-[:IN_UNIT]->(ua:Unit), (b)-[:IN_UNIT]->(ub:Unit)
   WITH a, b, r, ua, ub, ${leadsOf('a')} AS la, ${leadsOf('b')} AS lb
   RETURN ${postRef('a', 'ua', 'la')} AS from, ${postRef('b', 'ub', 'lb')} AS to, r.basis AS basis, r.rules AS rules
   ORDER BY a.doc, a.seq`,
  ReportingEdgeRow,
);

/** Which post 分管 (oversees) which unit, with the line that says so. */
export const oversight = readQuery<NoParams, typeof OversightRow>(
  'oversight',
  `MATCH (p:Post)-[:OVERSEES]->(o:Unit), (p)-[:IN_UNIT]->(u:Unit)
   WITH p, o, u, ${leadsOf('p')} AS leads
   RETURN ${postRef('p', 'u', 'leads')} AS from, { id: o.id, unit: o.name, kind: o.kind } AS to,
          '分管 ' + o.name + ' (' + p.doc + ':' + toString(p.lineStart) + ')' AS basis
   ORDER BY p.doc, p.seq, o.name`,
  OversightRow,
);

/** Posts no rule placed, in document order. */
export const unplacedPosts = readQuery<NoParams, typeof UnplacedRow>(
  'unplaced-posts',
  `MATCH (p:Post {unplaced: true})-[:IN_UNIT]->(u:Unit)
   WITH p, u, ${leadsOf('p')} AS leads
   RETURN ${postRef('p', 'u', 'leads')} AS post ORDER BY p.doc, p.seq`,
  UnplacedRow,
);
