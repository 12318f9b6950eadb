/** Similar duties: the texts compared, the SIMILAR_TO edges written back, and the pairs read with both sides. */
import { z } from 'zod';
import { DupSide } from '../../model/api.ts';
import { autoCommitQuery, readQuery, writeQuery, type NoParams } from '../query.ts';
import { bureauOf } from './fragments.ts';

export const DutyTextRow = z.object({ id: z.string(), text: z.string(), group: z.string(), bureau: z.string(), unitKind: z.string() });

/**
 * Work item titles, and the duties of centre posts that list duties instead of items. Leaders' posts are left
 * out: 主持全面工作 and 配合局长开展工作 say the same in every bureau without being one duty.
 */
export const dutyTexts = readQuery<NoParams, typeof DutyTextRow>(
  'duty-texts',
  `MATCH (p:Post {kind: 'staff'})-[:HAS_ITEM]->(i:WorkItem), (p)-[:IN_UNIT]->(u:Unit)
   ${bureauOf('u', 'b')}
   WITH p, i, u, coalesce(head(collect(b.id)), u.id) AS bureau
   CALL (p, i) {
     WITH p, i WHERE i.title IS NOT NULL RETURN i.id AS id, i.title AS text
     UNION
     WITH p, i MATCH (i)-[:HAS_DUTY]->(d:Duty {kind: 'function'}) WHERE i.title IS NULL RETURN d.id AS id, d.text AS text
   }
   RETURN id, text, p.id AS group, bureau, u.kind AS unitKind ORDER BY id`,
  DutyTextRow,
);

/** Removes every SIMILAR_TO in batches of its own, so a province stays within transaction memory. */
export const deleteSimilar = autoCommitQuery<NoParams>('delete-similar', 'MATCH ()-[e:SIMILAR_TO]->() CALL (e) { DELETE e } IN TRANSACTIONS OF 20000 ROWS');

/** Writes SIMILAR_TO between work items or duties, with score and scope. */
export const createSimilar = writeQuery<{ pairs: { a: string; b: string; score: number; scope: string }[] }>(
  'create-similar',
  `UNWIND $pairs AS p
   CALL (p) { MATCH (a:WorkItem {id: p.a}) RETURN a UNION MATCH (a:Duty {id: p.a}) RETURN a }
   CALL (p) { MATCH (b:WorkItem {id: p.b}) RETURN b UNION MATCH (b:Duty {id: p.b}) RETURN b }
   CREATE (a)-[:SIMILAR_TO {score: p.score, scope: p.scope}]->(b)`,
);

/** One side of a similar pair as the API shows it, before its differing characters are marked. */
export const SimilarSide = DupSide.omit({ marked: true });
export const SimilarRow = z.object({ score: z.number(), scope: z.string(), a: SimilarSide, b: SimilarSide });
export type SimilarRow = z.output<typeof SimilarRow>;

/** One side of a pair: the work item (a duty's own, or itself), its post, unit and bureau. */
const side = (n: string) => `
  CALL (${n}) {
    OPTIONAL MATCH (${n})<-[:HAS_DUTY]-(di:WorkItem)
    WITH ${n}, coalesce(di, ${n}) AS item
    MATCH (item)<-[:HAS_ITEM]-(p:Post)-[:IN_UNIT]->(u:Unit)
    ${bureauOf('u', 'bu')}
    WITH ${n}, item, p, u, head(collect(bu.name)) AS bureau
    RETURN { id: ${n}.id, unit: u.name, bureau: coalesce(bureau, u.name), post: p.title, workItem: item.title,
             text: coalesce(${n}.title, ${n}.text), doc: ${n}.doc, line: ${n}.lineStart } AS ${n}Side
  }`;

/** The best pairs at or above a score, each side with its post, unit and bureau. */
export const similarPairs = readQuery<{ min: number; cross: boolean; limit: number }, typeof SimilarRow>(
  'similar-pairs',
  `MATCH (a)-[r:SIMILAR_TO]->(b) WHERE r.score >= $min AND (NOT $cross OR r.scope = 'cross-bureau')
   WITH a, b, r ORDER BY r.score DESC, a.id, b.id LIMIT toInteger($limit)
   ${side('a')}
   ${side('b')}
   RETURN r.score AS score, r.scope AS scope, aSide AS a, bSide AS b`,
  SimilarRow,
);
