/**
 * The import preview: a document's bytes parsed as an import would parse them, counted, with the parser's findings,
 * and compared with the version of the same name the document store holds now. It writes nothing, neither to the
 * graph nor to the store nor to the audit trail.
 */
import { readFile } from 'node:fs/promises';
import { DIFF_CAP, diffDocuments, documentCounts } from '../analyses/document-diff.ts';
import type { Db } from '../db/driver.ts';
import { documentNamed } from '../db/queries/meta.ts';
import { BadInput } from '../errors.ts';
import type { DocumentPreview } from '../model/api.ts';
import type { Finding } from '../model/document.ts';
import { ParseError, parseBytes, type ParsedDocument } from '../parse/index.ts';
import type { DocumentStore } from '../store/documents.ts';

/** Where a finding stands, as a reader finds it: the place as printed (第 3 页, Sheet1!B14), else its line. */
export function whereOf(f: Finding): string {
  if (f.provenance.place?.label) return f.provenance.place.label;
  const [from, to] = f.provenance.lines;
  return from === to ? `第 ${from} 行` : `第 ${from}–${to} 行`;
}

/** Parses bytes as the document `name`; a document the parser refuses is a 400 with its message. */
async function parsed(bytes: Buffer, name: string, maxBytes?: number): Promise<ParsedDocument> {
  try {
    return await parseBytes(bytes, name, { maxBytes });
  } catch (e) {
    if (e instanceof ParseError) throw new BadInput(e.message);
    throw e;
  }
}

/** The stored version parsed again, or why it cannot be. */
async function storedVersion(path: string, name: string, maxBytes?: number): Promise<ParsedDocument | string> {
  try {
    return await parseBytes(await readFile(path), name, { maxBytes });
  } catch (e) {
    if (e instanceof ParseError) return e.message;
    const code = (e as NodeJS.ErrnoException).code;
    if (code) return `${name}: the document store cannot read its stored version (${code})`;
    throw e;
  }
}

/**
 * What importing `bytes` as the document `name` would do: its counts and findings, and the changes against the
 * version of that name in `store` (`previous: null` for a new document).
 */
export async function previewDocument(
  db: Db,
  store: DocumentStore,
  name: string,
  bytes: unknown,
  o: { maxBytes?: number; cap?: number } = {},
): Promise<DocumentPreview> {
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw new BadInput("the body must be the document's bytes (Content-Type: application/octet-stream)");
  const cap = o.cap ?? DIFF_CAP;
  const { doc } = await parsed(bytes, name, o.maxBytes);
  const stored = store.current().get(name);
  const [inGraph] = await db.query(documentNamed, { name });
  let previous: DocumentPreview['previous'] = null;
  let changes: DocumentPreview['changes'] = null;
  if (stored) {
    const identical = stored.sha256 === doc.sha256;
    // the same bytes parse the same: no need to read them twice
    const old = identical ? { doc } : await storedVersion(stored.path, name, o.maxBytes);
    previous = {
      sha256: stored.sha256,
      bytes: stored.bytes,
      storedAt: stored.at,
      identical,
      counts: typeof old === 'string' ? null : documentCounts(old.doc),
      error: typeof old === 'string' ? old : null,
    };
    if (typeof old !== 'string') changes = diffDocuments(old.doc, doc, cap);
  }
  return {
    name,
    format: doc.layout,
    title: doc.title,
    sha256: doc.sha256,
    bytes: bytes.length,
    counts: documentCounts(doc),
    findings: {
      total: doc.findings.length,
      list: doc.findings
        .slice(0, cap)
        .map((f) => ({ kind: f.kind, message: f.message, where: whereOf(f), place: f.provenance.place?.label ?? null, lines: f.provenance.lines })),
    },
    inGraph: inGraph !== undefined,
    previous,
    changes,
  };
}
