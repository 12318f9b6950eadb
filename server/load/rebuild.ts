/** npm run rebuild's work: the graph derived again from the document store, into an emptied database. */
import type { Db } from '../db/driver.ts';
import { clearDerivedGraph, documentVersions, markGraphChanged } from '../db/queries/meta.ts';
import type { AuditEntry, AuditEvent, AuditOutcome, AuditTrail } from '../store/audit.ts';
import { DocumentStore } from '../store/documents.ts';
import { ImportRefused, importFiles, type ImportOptions, type ImportResult } from './import.ts';

/** The store cannot give back the graph: documents it lacks are named; nothing was deleted. */
export class RebuildRefused extends Error {}

export interface RebuildOptions extends ImportOptions {
  audit?: AuditTrail;
  by?: string;
  /** rebuild even though the graph holds documents the store lacks (they are lost) */
  force?: boolean;
  request?: AuditEvent['request'];
}

/**
 * Checks that the store holds every document version the graph holds, empties the graph (the audit trail and the
 * graph's version stay) and imports the current version of each stored document. Refused, it deletes nothing.
 */
export async function rebuildFromStore(
  db: Db,
  documentsDir: string,
  log?: (l: string) => void,
  o: RebuildOptions = {},
): Promise<{ results: ImportResult[]; audit: AuditEntry | null }> {
  const store = new DocumentStore(documentsDir);
  const current = [...store.current().values()];
  const files = current.map((d) => ({ name: d.name, sha256: d.sha256, bytes: d.bytes }));
  const record = (outcome: AuditOutcome, message: string) =>
    o.audit?.record({ action: 'rebuild', by: o.by ?? 'unknown', outcome, files, message, request: o.request });
  let cleared = false;
  try {
    const lacking = current.filter((d) => !store.holds(d.name, d.sha256)).map((d) => `${d.name} (${d.sha256.slice(0, 12)}…)`);
    if (lacking.length) throw new RebuildRefused(`the store ${documentsDir} lists versions it does not hold: ${lacking.join(', ')}`);
    const inGraph = await db.query(documentVersions, {});
    const notKept = inGraph.filter((d) => !store.holds(d.name, d.sha256)).map((d) => d.name);
    if (notKept.length && !o.force) {
      throw new RebuildRefused(
        `the graph holds ${notKept.length} document(s) the store ${documentsDir} does not: ${notKept.join(', ')}. ` +
          'Import them again (npm run import -- <files>) so the store keeps them, or rebuild with --force to drop them',
      );
    }
    log?.(`rebuilding from ${current.length} stored document(s) in ${documentsDir}`);
    // every stored document is read before the graph is emptied: one the parser now refuses stops the rebuild first
    const results = await importFiles(
      db,
      current.map((d) => d.path),
      {
        ...o,
        beforeWrite: async () => {
          await db.autoCommit(clearDerivedGraph, {});
          cleared = true;
        },
      },
    );
    const dropped = notKept.length ? `; dropped, not in the store: ${notKept.join(', ')}` : '';
    const audit = await record('ok', `${results.length} document(s) imported from the store${dropped}`);
    return { results, audit: audit ?? null };
  } catch (e) {
    const refused = e instanceof RebuildRefused || e instanceof ImportRefused;
    if (cleared) {
      // the graph is part-way: answers cached from before the rebuild must not outlive it; run the rebuild again
      await db.query(markGraphChanged, {}).catch(() => undefined);
    }
    await record(refused ? 'refused' : 'failed', `${(e as Error).message}${cleared ? ' (the graph was emptied; rebuild again)' : ''}`);
    throw e;
  }
}
