/**
 * The document store: every document imported, kept byte for byte, the source the graph is derived from.
 *
 * Layout under its folder:
 * - `<sha256>/<file name>`: one version of a document, under its own name so a re-import reads it as it was read first;
 *   a later version of the same name gets a folder of its own, and the old one stays;
 * - `index.jsonl`: one line per version added, in order; the last line of a name is its current version.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const Entry = z.object({ name: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int(), at: z.string() });
export type StoredDocument = z.infer<typeof Entry> & { path: string };

/** The store's folder or index is not what this code wrote; the message names the file and line. */
export class StoreError extends Error {}

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export class DocumentStore {
  readonly index: string;

  constructor(readonly dir: string) {
    this.index = path.join(dir, 'index.jsonl');
  }

  /** Where a version lives, whether or not it is stored. */
  pathOf(name: string, sha256: string): string {
    return path.join(this.dir, sha256, name);
  }

  /**
   * Copies `file` into the store under its own name and records it as that name's current version. A version
   * already stored is not copied again; it becomes current again when it was not.
   */
  add(file: string): StoredDocument {
    const bytes = readFileSync(file);
    const name = path.basename(file);
    const sha256 = sha256Of(bytes);
    const target = this.pathOf(name, sha256);
    if (!existsSync(target)) {
      mkdirSync(path.dirname(target), { recursive: true });
      // written aside, then renamed: a crash never leaves a half file under a version's name
      const partial = `${target}.partial`;
      copyFileSync(file, partial);
      renameSync(partial, target);
    }
    const entry = { name, sha256, bytes: bytes.length, at: new Date().toISOString() };
    if (this.current().get(name)?.sha256 !== sha256) appendFileSync(this.index, `${JSON.stringify(entry)}\n`);
    return { ...entry, path: target };
  }

  /** Every version ever added, oldest first. */
  versions(): StoredDocument[] {
    if (!existsSync(this.index)) return [];
    const lines = readFileSync(this.index, 'utf8').split('\n');
    // a line is complete once its newline is written: a crash in the middle of an append leaves a cut last line,
    // which is ignored (its version is added again by the next import of that document)
    lines.pop();
    return lines
      .map((line, i) => ({ line, n: i + 1 }))
      .filter(({ line }) => line.trim() !== '')
      .map(({ line, n }) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          parsed = null;
        }
        const r = Entry.safeParse(parsed);
        if (!r.success) throw new StoreError(`${this.index}:${n}: not a document store entry`);
        return { ...r.data, path: this.pathOf(r.data.name, r.data.sha256) };
      });
  }

  /** The current version of each document, by name. */
  current(): Map<string, StoredDocument> {
    return new Map(this.versions().map((v) => [v.name, v]));
  }

  /** Whether the store holds this version's bytes. */
  holds(name: string, sha256: string): boolean {
    return existsSync(this.pathOf(name, sha256));
  }
}
