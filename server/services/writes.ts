/**
 * Writes over the API: a document uploaded (kept in the store, imported, audited) and the graph rebuilt from the
 * store. They run one at a time in this process: an upload never lands in the middle of a rebuild. Beside them, the
 * reads of the store that only writers need: a document previewed before its import, and the originals.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '../db/driver.ts';
import { documentVersion } from '../db/queries/meta.ts';
import { BadInput, Conflict, NotFound } from '../errors.ts';
import { ImportRefused } from '../load/import.ts';
import { importAndKeep } from '../load/kept.ts';
import { RebuildRefused, rebuildFromStore } from '../load/rebuild.ts';
import type { DocumentPreview, WriteResponse } from '../model/api.ts';
import type { AuditEvent, AuditTrail } from '../store/audit.ts';
import type { DocumentStore } from '../store/documents.ts';
import { previewDocument } from './preview.ts';

export interface WriteContext {
  by: string;
  request: AuditEvent['request'];
}

/** Runs one write after another. */
function serial() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = last.then(work, work);
    last = next.catch(() => undefined);
    return next;
  };
}

/** Uploads and rebuilds, each kept in `store` and recorded in `audit`, and the originals the store keeps. */
/** Writes and previews; `maxBytes` is the largest document accepted (MAX_DOCUMENT_MB). */
export function writeServices(db: Db, store: DocumentStore, audit: AuditTrail, maxBytes?: number, changed: () => void = () => undefined) {
  const serialised = serial();
  // the graph changed here: the next answer must not be one read before, in the second the version is trusted
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => serialised(work).finally(changed);
  return {
    /** Imports the bytes as the document `name`; a document the parser refuses is a 400 naming its line. */
    upload: (name: string, bytes: unknown, who: WriteContext): Promise<WriteResponse> =>
      oneAtATime(async () => {
        if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw new BadInput("the body must be the document's bytes (Content-Type: application/octet-stream)");
        const dir = mkdtempSync(path.join(tmpdir(), 'bureau-graph-upload-'));
        try {
          const file = path.join(dir, name);
          writeFileSync(file, bytes);
          return await importAndKeep(db, [file], { store, audit, by: who.by, action: 'upload', request: who.request }, { maxBytes });
        } catch (e) {
          if (e instanceof ImportRefused) throw new BadInput(e.errors.map((x) => x.message.replaceAll(dir + path.sep, '')).join('; '));
          throw e;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
    /**
     * What importing the bytes as the document `name` would do, against the version the store holds: a read, not
     * queued behind writes; a document the parser refuses is a 400 naming its file and place.
     */
    preview: (name: string, bytes: unknown): Promise<DocumentPreview> => previewDocument(db, store, name, bytes, { maxBytes }),
    /** Empties the graph and imports the store's documents again. */
    rebuild: (who: WriteContext): Promise<WriteResponse> =>
      oneAtATime(async () => {
        try {
          const { results, audit: entry } = await rebuildFromStore(db, store.dir, undefined, { audit, by: who.by, request: who.request });
          return { results, audit: entry! };
        } catch (e) {
          if (e instanceof RebuildRefused) throw new Conflict(e.message);
          throw e;
        }
      }),
    /** The stored original of a document in the graph, in the version the graph was read from. */
    original: async (documentId: string): Promise<{ name: string; path: string }> => {
      const [doc] = await db.query(documentVersion, { id: documentId });
      if (!doc) throw new NotFound(`no document with id ${documentId}`);
      if (!store.holds(doc.name, doc.sha256)) throw new NotFound(`the document store does not hold ${doc.name} as it was imported; import it again to keep it`);
      return { name: doc.name, path: store.pathOf(doc.name, doc.sha256) };
    },
  };
}
