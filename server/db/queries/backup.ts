/** What a backup records of the graph and what a restore checks and stamps: counts by label and type, the graph's version. */
import { z } from 'zod';
import { readQuery, writeQuery, type NoParams } from '../query.ts';

const Tally = z.object({ name: z.string(), n: z.number() });
const Totals = z.object({ nodes: z.number(), relationships: z.number() });

/** Nodes per label; a node with two labels counts under each. Labels come from the database's own list, never from input. */
export const nodesByLabel = readQuery<NoParams, typeof Tally>(
  'nodes-by-label',
  `CALL db.labels() YIELD label
   CALL (label) { MATCH (n:$(label)) RETURN count(n) AS n }
   RETURN label AS name, n ORDER BY name`,
  Tally,
);

/** Relationships per type. */
export const relationshipsByType = readQuery<NoParams, typeof Tally>(
  'relationships-by-type',
  `CALL db.relationshipTypes() YIELD relationshipType
   CALL (relationshipType) { MATCH ()-[r:$(relationshipType)]->() RETURN count(r) AS n }
   RETURN relationshipType AS name, n ORDER BY name`,
  Tally,
);

/** Nodes and relationships in all (from the count store). */
export const graphTotals = readQuery<NoParams, typeof Totals>(
  'graph-totals',
  'CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships',
  Totals,
);

/**
 * Sets the graph's version to at least `atLeast`. A loaded dump brings back the version it was taken at, which
 * the running app may have cached answers under for a different graph; stamping past every version it has seen
 * makes it compute afresh.
 */
export const stampGraphVersionAfter = writeQuery<{ atLeast: number }>(
  'stamp-graph-version-after',
  "MERGE (m:Meta {id: 'graph'}) SET m.version = CASE WHEN coalesce(m.version, 0) < $atLeast THEN $atLeast ELSE m.version + 1 END",
);
