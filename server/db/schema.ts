/**
 * Migrations. The files of cypher/schema/ are named `NNN-words.cypher` and applied in the order of their numbers;
 * the graph keeps the number of the last one applied (server/db/queries/schema-version.ts), and each start applies
 * the files numbered above it, recording the version after each file.
 *
 * Rules: never edit, renumber or delete a file a release has shipped (graphs out there have applied it and will not
 * apply it again); change the schema with a new file numbered after the last. Every statement must be safe to run
 * again (`IF NOT EXISTS`): a file stopped half-way runs whole at the next start, and a graph written before versions
 * were kept counts as version 0, so it runs every file, the ones it already has included.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseUnavailable } from '../errors.ts';
import type { Db } from './driver.ts';
import { recordSchemaVersion, storedSchemaVersion } from './queries/schema-version.ts';

const schemaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cypher/schema');

/** `001-constraints.cypher`: three digits, so that name order is number order, then lower-case words. */
const FILE_NAME = /^(\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*\.cypher$/;

/** The files of cypher/schema/ break the numbering rules; the message names the file. */
export class SchemaFilesError extends Error {}

/** The database was written by a newer release; nothing is applied to it. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly stored: number,
    readonly known: number,
  ) {
    super(`the database was written by a newer release (schema ${stored}); this release knows up to ${known}`);
  }
}

/** A statement of a schema file failed; the graph stays at the version before that file. */
export class MigrationError extends Error {
  constructor(
    readonly file: string,
    readonly version: number,
    options: { cause: unknown },
  ) {
    super(`schema file ${file} failed; the database stays at schema ${version}`, options);
  }
}

export interface Migration {
  version: number;
  file: string;
  statements: string[];
}

/**
 * The `.cypher` files among `names` in the order they apply. Refused: a name without its number, a number used
 * twice (two changes made apart), and a missing number (a shipped file deleted); numbers run 1, 2, 3….
 */
export function orderMigrations(names: string[]): { version: number; file: string }[] {
  const files = names.filter((f) => f.endsWith('.cypher'));
  if (files.length === 0) throw new SchemaFilesError('no schema files');
  const numbered = files.map((file) => {
    const m = FILE_NAME.exec(file);
    if (!m?.[1]) throw new SchemaFilesError(`schema file ${file} is not named NNN-words.cypher (e.g. 005-import-index.cypher)`);
    return { version: Number(m[1]), file };
  });
  numbered.sort((a, b) => a.version - b.version);
  numbered.forEach(({ version, file }, i) => {
    const before = numbered[i - 1];
    if (before?.version === version) throw new SchemaFilesError(`schema files ${before.file} and ${file} have the same number`);
    if (version !== i + 1) throw new SchemaFilesError(`schema file ${file} is numbered ${version}, but no file has number ${i + 1}`);
  });
  return numbered;
}

/** Statements of one file: `//` comments dropped, split on `;` at line ends. */
function statementsOf(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => !l.trim().startsWith('//'))
    .join('\n')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The files of cypher/schema/ with their statements, in the order they apply. */
export function migrations(dir = schemaDir): Migration[] {
  return orderMigrations(readdirSync(dir)).map(({ version, file }) => ({
    version,
    file,
    statements: statementsOf(readFileSync(path.join(dir, file), 'utf8')),
  }));
}

/** Every statement of cypher/schema/*.cypher, in the order they apply. */
export function schemaStatements(dir = schemaDir): { file: string; statement: string }[] {
  return migrations(dir).flatMap(({ file, statements }) => statements.map((statement) => ({ file, statement })));
}

export interface SchemaUpgrade {
  /** the version the graph was at: 0 for an empty one or one written before versions were kept */
  from: number;
  /** the version it is at now, the highest this release knows */
  to: number;
  /** the files applied, in order; none when the graph was up to date */
  applied: string[];
}

/**
 * Brings the graph's schema up to this release: applies every file numbered above the stored version, in order,
 * recording the version after each, then waits for the indexes to come online. Returns the versions before and
 * after and the files applied. Throws SchemaTooNewError, touching nothing, when the graph is at a version above
 * the last file here, and MigrationError when a statement fails.
 */
export async function applySchema(db: Db, dir = schemaDir): Promise<SchemaUpgrade> {
  const all = migrations(dir);
  const known = all.at(-1)!.version;
  const from = (await db.query(storedSchemaVersion, {}))[0]?.version ?? 0;
  if (from > known) throw new SchemaTooNewError(from, known);
  const pending = all.filter((m) => m.version > from);
  let at = from;
  for (const { version, file, statements } of pending) {
    try {
      // schema statements cannot share a transaction, with each other or with the version's write
      for (const statement of statements) await db.run(statement);
    } catch (e) {
      throw e instanceof DatabaseUnavailable ? e : new MigrationError(file, at, { cause: e });
    }
    await db.query(recordSchemaVersion, { version, file });
    at = version;
  }
  await db.run('CALL db.awaitIndexes(300)');
  return { from, to: at, applied: pending.map((m) => m.file) };
}
