/** Which posts follow which workflows, and posts named for the API. */
import { z } from 'zod';
import { readQuery, type NoParams } from '../query.ts';

export const PostWorkflowRow = z.object({
  postId: z.string(),
  bureau: z.string(),
  code: z.string().nullable(),
  workflowId: z.string(),
  steps: z.array(z.string()),
});

/** Each post with each workflow its items follow, and the steps where they are written out. */
export const postWorkflows = readQuery<NoParams, typeof PostWorkflowRow>(
  'post-workflows',
  `MATCH (p:Post)-[:HAS_ITEM]->(i)-[f:FOLLOWS]->(w:Workflow)
   RETURN DISTINCT p.id AS postId, coalesce(w.bureau, '') AS bureau, w.code AS code, w.id AS workflowId,
          COLLECT { MATCH (w)-[:FIRST_STEP]->(s)-[:NEXT*0..]->(t) RETURN t.text ORDER BY t.ord } AS steps
   ORDER BY postId`,
  PostWorkflowRow,
);

export const PostName = z.object({ id: z.string(), unit: z.string(), post: z.string(), doc: z.string(), line: z.number() });

/** Posts by id, with their unit's name, title and source line. */
export const postNames = readQuery<{ ids: string[] }, typeof PostName>(
  'post-names',
  'UNWIND $ids AS id MATCH (p:Post {id: id})-[:IN_UNIT]->(u:Unit) RETURN p.id AS id, u.name AS unit, p.title AS post, p.doc AS doc, p.lineStart AS line',
  PostName,
);
