/** What the tables leave open or contradict, each row with its document and lines. */
import { z } from 'zod';
import { readQuery, type NoParams } from '../query.ts';

const Lines = { doc: z.string().nullable(), a: z.number().nullable(), b: z.number().nullable() };

const VacantRow = z.object({ unit: z.string(), post: z.string(), ...Lines });
/** Posts the tables mark as having nobody in them. */
export const vacantPosts = readQuery<NoParams, typeof VacantRow>(
  'vacant-posts',
  `MATCH (p:Post {vacant: true})-[:IN_UNIT]->(u:Unit)
   RETURN u.name AS unit, p.title AS post, p.doc AS doc, p.lineStart AS a, p.lineEnd AS b ORDER BY doc, a`,
  VacantRow,
);

const ItemRow = z.object({ unit: z.string(), post: z.string(), item: z.string().nullable(), ...Lines });
/** Items of a table that has staff columns, in a post that is not vacant, with nobody leading them. */
export const itemsWithoutLead = readQuery<NoParams, typeof ItemRow>(
  'items-without-lead',
  `MATCH (u:Unit {staffColumns: true})<-[:IN_UNIT]-(p:Post {vacant: false})-[:HAS_ITEM]->(i:WorkItem)
   WHERE NOT (i)<-[:LEADS]-()
   RETURN u.name AS unit, p.title AS post, i.title AS item, i.doc AS doc, i.lineStart AS a, i.lineEnd AS b ORDER BY doc, a`,
  ItemRow,
);

const SeveralRow = z.object({ unit: z.string(), post: z.string(), item: z.string().nullable(), leads: z.array(z.string()), ...Lines });
/** Items with more than one 牵头负责人 (lead). */
export const itemsWithSeveralLeads = readQuery<NoParams, typeof SeveralRow>(
  'items-with-several-leads',
  `MATCH (u:Unit)<-[:IN_UNIT]-(p:Post)-[:HAS_ITEM]->(i:WorkItem)<-[:LEADS]-(l:Person)
   WITH u, p, i, collect(l.name) AS leads WHERE size(leads) > 1
   RETURN u.name AS unit, p.title AS post, i.title AS item, leads, i.doc AS doc, i.lineStart AS a, i.lineEnd AS b ORDER BY doc, a`,
  SeveralRow,
);

const CodeRow = z.object({ bureau: z.string(), code: z.string(), items: z.array(z.object({ post: z.string(), item: z.string().nullable(), ...Lines })) });
/** Codes cited in the tables that no printed flowchart of the bureau carries. */
export const codesWithoutFlowchart = readQuery<NoParams, typeof CodeRow>(
  'codes-without-flowchart',
  `MATCH (w:Workflow {printed: false})<-[f:FOLLOWS]-(i:WorkItem)<-[:HAS_ITEM]-(p:Post)
   WHERE w.code IS NOT NULL
   WITH w, collect({post: p.title, item: i.title, doc: i.doc, a: i.lineStart, b: i.lineEnd}) AS items
   RETURN w.bureau AS bureau, w.code AS code, items ORDER BY bureau, code`,
  CodeRow,
);

const FlowchartRow = z.object({ bureau: z.string(), code: z.string(), title: z.string(), ...Lines });
/** Printed flowcharts no work item cites. */
export const flowchartsUnreferenced = readQuery<NoParams, typeof FlowchartRow>(
  'flowcharts-unreferenced',
  `MATCH (w:Workflow {printed: true}) WHERE NOT (w)<-[:FOLLOWS]-()
   RETURN w.bureau AS bureau, w.code AS code, w.title AS title, w.doc AS doc, w.lineStart AS a, w.lineEnd AS b ORDER BY doc, a`,
  FlowchartRow,
);

const VariantRow = z.object({ bureau: z.string(), name: z.string(), written: z.array(z.string()) });
/** People whose name the tables spell more than one way (韩 山 and 韩山). */
export const nameVariants = readQuery<NoParams, typeof VariantRow>(
  'name-variants',
  `MATCH (p:Person)-[r:LEADS|ASSISTS]->()
   WITH p, collect(DISTINCT r.written) AS written
   WHERE size(written) > 1
   RETURN p.bureau AS bureau, p.name AS name, written ORDER BY bureau, name`,
  VariantRow,
);

const SameNameRow = z.object({ name: z.string(), bureaus: z.array(z.string()) });
/** One name in several bureaus: possibly one person, kept as several. */
export const sameNameInBureaus = readQuery<NoParams, typeof SameNameRow>(
  'same-name-in-bureaus',
  `MATCH (p:Person) WITH p.name AS name, collect(DISTINCT p.bureau) AS bureaus
   WHERE size(bureaus) > 1 RETURN name, bureaus ORDER BY name`,
  SameNameRow,
);

const FindingsRow = z.object({ doc: z.string(), findings: z.array(z.string()).nullable(), repeated: z.array(z.string()).nullable() });
/** The parser's notes, kept on each Document as JSON strings, and the wordings the duplicates analysis found repeated. */
export const documentFindings = readQuery<NoParams, typeof FindingsRow>(
  'document-findings',
  'MATCH (d:Document) RETURN d.name AS doc, d.findings AS findings, d.repeated AS repeated ORDER BY doc',
  FindingsRow,
);
