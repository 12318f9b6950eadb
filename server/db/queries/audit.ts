/** The audit trail in the graph: one (:Import) node per write, beside the JSON lines of AUDIT_LOG. */
import { z } from 'zod';
import { readQuery, writeQuery, type NoParams } from '../query.ts';

export interface ImportNode {
  id: string;
  at: string;
  action: string;
  by: string;
  outcome: string;
  /** file names and their sha256, in the same order */
  files: string[];
  sha256: string[];
  message: string | null;
}

/** Records one write; Import nodes have no relationships, so they survive a rebuild and stay out of every walk. */
export const recordImport = writeQuery<{ e: ImportNode }>('record-import', 'CREATE (i:Import) SET i = $e, i.at = datetime($e.at)');

const ImportRow = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  by: z.string(),
  outcome: z.string(),
  files: z.array(z.string()),
  sha256: z.array(z.string()),
  message: z.string().nullable(),
});

/** The latest writes, newest first. */
export const recentImports = readQuery<{ limit: number }, typeof ImportRow>(
  'recent-imports',
  `MATCH (i:Import) WITH i ORDER BY i.at DESC LIMIT $limit
   RETURN i.id AS id, toString(i.at) AS at, i.action AS action, i.by AS by, i.outcome AS outcome,
          i.files AS files, i.sha256 AS sha256, i.message AS message`,
  ImportRow,
);

const Count = z.object({ n: z.number() });
export const importCount = readQuery<NoParams, typeof Count>('import-count', 'MATCH (i:Import) RETURN count(i) AS n', Count);
