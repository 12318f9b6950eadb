/** What each person leads and assists, and across how many posts, units and workflows. */
import { z } from 'zod';
import { readQuery, type NoParams } from '../query.ts';

export const PersonLoadRow = z.object({
  id: z.string(),
  name: z.string(),
  bureau: z.string(),
  leadItems: z.number(),
  assistItems: z.number(),
  posts: z.array(z.string()),
  postTitles: z.array(z.string()),
  units: z.array(z.string()),
  unitNames: z.array(z.string()),
  workflows: z.number(),
});

/**
 * Each person's items led and assisted, posts, units and workflows. An item counts once however often a table names
 * the person on it: twice among the 辅助人员, or as 牵头 and 辅助 both (then as led).
 */
export const personLoads = readQuery<NoParams, typeof PersonLoadRow>(
  'person-loads',
  `MATCH (x:Person)
   RETURN x.id AS id, x.name AS name, x.bureau AS bureau,
          COUNT { MATCH (x)-[:LEADS]->(i) RETURN DISTINCT i } AS leadItems,
          COUNT { MATCH (x)-[:ASSISTS]->(i) WHERE NOT (x)-[:LEADS]->(i) RETURN DISTINCT i } AS assistItems,
          COLLECT { MATCH (x)-[:LEADS|ASSISTS]->()<-[:HAS_ITEM]-(p:Post) RETURN DISTINCT p.id } AS posts,
          COLLECT { MATCH (x)-[:LEADS|ASSISTS]->()<-[:HAS_ITEM]-(p:Post) RETURN DISTINCT p.title ORDER BY p.title } AS postTitles,
          COLLECT { MATCH (x)-[:LEADS|ASSISTS]->()<-[:HAS_ITEM]-()-[:IN_UNIT]->(u) RETURN DISTINCT u.id } AS units,
          COLLECT { MATCH (x)-[:LEADS|ASSISTS]->()<-[:HAS_ITEM]-()-[:IN_UNIT]->(u) RETURN DISTINCT u.name ORDER BY u.name } AS unitNames,
          COUNT { MATCH (x)-[:LEADS|ASSISTS]->()-[:FOLLOWS]->(w) RETURN DISTINCT w } AS workflows`,
  PersonLoadRow,
);
