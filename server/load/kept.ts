/** Imports that keep their documents: each file goes into the document store and the write into the audit trail. */
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Db } from '../db/driver.ts';
import { ParseError } from '../parse/index.ts';
import type { AuditAction, AuditEntry, AuditFile, AuditTrail } from '../store/audit.ts';
import { sha256Of, type DocumentStore } from '../store/documents.ts';
import { ImportRefused, importFiles, type ImportOptions, type ImportResult } from './import.ts';

export interface Keeping {
  store: DocumentStore;
  audit: AuditTrail;
  by: string;
  action?: AuditAction;
  request?: Parameters<AuditTrail['record']>[0]['request'];
}

/** Who runs a command-line write, as the audit trail names them. */
export const cliUser = (): string => `cli:${userInfo().username}`;

/** A file as the audit trail names it; one that cannot be read is still named. */
function described(file: string): AuditFile {
  if (!existsSync(file)) return { name: path.basename(file), sha256: null, bytes: null };
  const bytes = readFileSync(file);
  return { name: path.basename(file), sha256: sha256Of(bytes), bytes: bytes.length };
}

/**
 * Imports the files as importFiles does, keeping each in the store once every file has been read and before
 * anything is written: the graph never holds a document the store lacks. The write is recorded whatever its
 * outcome; one refused (a file the parser cannot read) writes nothing anywhere.
 */
export async function importAndKeep(db: Db, files: string[], k: Keeping, o: ImportOptions = {}): Promise<{ results: ImportResult[]; audit: AuditEntry }> {
  const action = k.action ?? 'import';
  let kept: AuditFile[] = [];
  let results: ImportResult[];
  try {
    results = await importFiles(db, files, {
      ...o,
      beforeWrite: async () => {
        // content-addressed: a version kept for a write that then fails costs nothing and is kept for the next
        kept = files.map((f) => k.store.add(f)).map((d) => ({ name: d.name, sha256: d.sha256, bytes: d.bytes }));
        await o.beforeWrite?.();
      },
    });
  } catch (e) {
    const refused = e instanceof ImportRefused || e instanceof ParseError;
    await k.audit.record({
      action,
      by: k.by,
      outcome: refused ? 'refused' : 'failed',
      files: kept.length ? kept : files.map(described),
      message: (e as Error).message,
      request: k.request,
    });
    throw e;
  }
  const audit = await k.audit.record({
    action,
    by: k.by,
    outcome: 'ok',
    files: kept,
    message: results.map((r) => `${r.file}: ${r.outcome}`).join('; '),
    request: k.request,
  });
  return { results, audit };
}
