/** The unit tree, with what each unit holds counted. */
import { z } from 'zod';
import { readQuery, type NoParams } from '../query.ts';

export const UnitRow = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  parent: z.string().nullable(),
  mission: z.string().nullable(),
  posts: z.number(),
  vacantPosts: z.number(),
  items: z.number(),
  people: z.number(),
});
export type UnitRow = z.output<typeof UnitRow>;

/** Every unit with its parent and what it holds counted. */
export const unitRows = readQuery<NoParams, typeof UnitRow>(
  'unit-rows',
  `MATCH (u:Unit)
   OPTIONAL MATCH (u)-[:PART_OF]->(p:Unit)
   RETURN u.id AS id, u.name AS name, u.kind AS kind, p.id AS parent, u.mission AS mission,
          COUNT { (u)<-[:IN_UNIT]-(:Post) } AS posts,
          COUNT { (u)<-[:IN_UNIT]-(:Post {vacant: true}) } AS vacantPosts,
          COUNT { (u)<-[:IN_UNIT]-(:Post)-[:HAS_ITEM]->(:WorkItem) } AS items,
          COUNT { MATCH (u)<-[:IN_UNIT]-(:Post)-[:HAS_ITEM]->()<-[:LEADS|ASSISTS]-(x:Person) RETURN DISTINCT x } AS people
   ORDER BY kind, name`,
  UnitRow,
);
