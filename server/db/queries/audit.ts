/** The audit trail in the graph: one (:Import) node per write, beside the JSON lines of AUDIT_LOG. */
import { writeQuery } from '../query.ts';

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
