/** The graph as a whole: its version (stamped after imports), its documents, the server. */
import { z } from 'zod';
import { autoCommitQuery, readQuery, writeQuery, type NoParams } from '../query.ts';

const Version = z.object({ v: z.number() });
const ServerInfo = z.object({ version: z.string(), edition: z.string() });
const Count = z.object({ n: z.number() });

/** How many documents the graph holds. */
export const documentCount = readQuery<NoParams, typeof Count>('document-count', 'MATCH (d:Document) RETURN count(d) AS n', Count);

/** The version stamped after the last import's analyses (0 before any). */
export const graphVersion = readQuery<NoParams, typeof Version>(
  'graph-version',
  "OPTIONAL MATCH (m:Meta {id: 'graph'}) RETURN coalesce(m.version, 0) AS v",
  Version,
);

/** Stamps the graph as changed once imports and analyses are done; the API's caches key on it. */
export const markGraphChanged = writeQuery<NoParams>('mark-graph-changed', "MERGE (m:Meta {id: 'graph'}) SET m.version = coalesce(m.version, 0) + 1");

/** The server's version and edition; a read, so a cluster may answer it from any member. */
export const serverInfo = readQuery<NoParams, typeof ServerInfo>(
  'server-info',
  'CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition',
  ServerInfo,
);

const DocumentVersion = z.object({ name: z.string(), sha256: z.string() });

/** Each document in the graph by file name, with the sha256 of the bytes it was read from. */
export const documentVersions = readQuery<NoParams, typeof DocumentVersion>(
  'document-versions',
  'MATCH (d:Document) RETURN d.name AS name, d.sha256 AS sha256 ORDER BY name',
  DocumentVersion,
);

/** One document's file name and sha256, by its node id; no row when the graph has no such document. */
export const documentVersion = readQuery<{ id: string }, typeof DocumentVersion>(
  'document-version',
  'MATCH (d:Document {id: $id}) RETURN d.name AS name, d.sha256 AS sha256',
  DocumentVersion,
);

/** The document of a file name in the graph, if any: no row when the graph holds none of that name. */
export const documentNamed = readQuery<{ name: string }, typeof DocumentVersion>(
  'document-named',
  'MATCH (d:Document {name: $name}) RETURN d.name AS name, d.sha256 AS sha256 LIMIT 1',
  DocumentVersion,
);

/**
 * Deletes everything derived from documents, in batches; kept: the audit trail (:Import), the graph version
 * (:Meta, so caches never see an old version number again) and the schema's own bookkeeping (:SchemaVersion).
 */
export const clearDerivedGraph = autoCommitQuery<NoParams>(
  'clear-derived-graph',
  'MATCH (n) WHERE NOT (n:Import OR n:Meta OR n:SchemaVersion) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS',
);
