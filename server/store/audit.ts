/**
 * The audit trail of writes: one JSON object per line in AUDIT_LOG, for every attempt (refused ones too), and an
 * (:Import) node in the graph for every write that went through. Tokens are never written, only their names.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/driver.ts';
import { recordImport } from '../db/queries/audit.ts';

/** preview: a document previewed before its import; only refused attempts are recorded, a preview writes nothing */
export type AuditAction = 'import' | 'upload' | 'preview' | 'rebuild' | 'write';
/** ok: written; refused: bad input or no right to write, nothing written; failed: a fault part-way (see the message) */
export type AuditOutcome = 'ok' | 'refused' | 'failed';

export interface AuditFile {
  name: string;
  sha256: string | null;
  bytes: number | null;
}

export interface AuditEvent {
  action: AuditAction;
  /** who: `ADMIN_TOKEN`, `cli:<user>`, or `anonymous` for an attempt without a valid token */
  by: string;
  outcome: AuditOutcome;
  files: AuditFile[];
  message?: string;
  /** for writes over HTTP: the request id a user can quote, method, path and client address */
  request?: { id: string; method: string; path: string; ip: string | undefined };
}

/** What a recorded event is known by: the id of its log line and (:Import) node, and when. */
export interface AuditEntry {
  id: string;
  at: string;
}

export class AuditTrail {
  constructor(
    readonly file: string,
    private readonly db: Db | null,
  ) {}

  /** Appends the event to the log; a write that went through becomes an (:Import) node too. */
  async record(event: AuditEvent): Promise<AuditEntry> {
    const entry = { id: randomUUID(), at: new Date().toISOString(), ...event };
    mkdirSync(path.dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    if (event.outcome === 'ok' && this.db) {
      await this.db.query(recordImport, {
        e: {
          id: entry.id,
          at: entry.at,
          action: event.action,
          by: event.by,
          outcome: event.outcome,
          files: event.files.map((f) => f.name),
          sha256: event.files.map((f) => f.sha256 ?? ''),
          message: event.message ?? null,
        },
      });
    }
    return { id: entry.id, at: entry.at };
  }
}
