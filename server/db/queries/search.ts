/** Full-text search over the `search` index (cjk analyzer). */
import { z } from 'zod';
import { readQuery } from '../query.ts';
import { labelOf, nameOf } from './fragments.ts';

/**
 * Escapes Lucene's query syntax so user text is searched as text. AND, OR, NOT and TO are operators only in capitals;
 * the index lower-cases what it holds, so lower-casing them keeps them as words.
 */
export function luceneText(q: string): string {
  return q.replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, (c) => `\\${c}`).replace(/\b(AND|OR|NOT|TO)\b/g, (w) => w.toLowerCase());
}

export const SearchHit = z.object({ id: z.string(), label: z.string(), name: z.string(), score: z.number(), context: z.string().nullable() });

/** `q` must already be escaped with luceneText. */
export const fullText = readQuery<{ q: string; limit: number; labels: string[] }, typeof SearchHit>(
  'full-text',
  `CALL db.index.fulltext.queryNodes('search', $q, {limit: toInteger($limit)}) YIELD node, score
   OPTIONAL MATCH (node)-[:IN_UNIT]->(u:Unit)
   OPTIONAL MATCH (node)<-[:HAS_ITEM]-(:Post)-[:IN_UNIT]->(iu:Unit)
   RETURN node.id AS id, ${labelOf('node')} AS label, ${nameOf('node')} AS name,
          score, coalesce(u.name, iu.name, node.bureau) AS context
   ORDER BY score DESC, id`,
  SearchHit,
);
