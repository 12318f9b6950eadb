/**
 * The schema version: the number of the last file of cypher/schema/ applied, on one (:SchemaVersion {id: 'schema'})
 * node. It has no relationships and none of the graph's labels, so no walk, export or search picks it up.
 */
import { z } from 'zod';
import { readQuery, writeQuery, type NoParams } from '../query.ts';

const Stored = z.object({ version: z.number() });

/** The version stored; 0 for a graph without one (an empty database, or one written before versions were kept). */
export const storedSchemaVersion = readQuery<NoParams, typeof Stored>(
  'stored-schema-version',
  "OPTIONAL MATCH (v:SchemaVersion {id: 'schema'}) RETURN coalesce(v.version, 0) AS version",
  Stored,
);

/** Records that `file` (numbered `version`) has been applied; running it twice records it once. */
export const recordSchemaVersion = writeQuery<{ version: number; file: string }>(
  'record-schema-version',
  `MERGE (v:SchemaVersion {id: 'schema'})
   SET v.version = $version, v.appliedAt = datetime(),
       v.files = CASE WHEN $file IN coalesce(v.files, []) THEN v.files ELSE coalesce(v.files, []) + $file END`,
);
