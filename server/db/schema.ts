import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './driver.ts';

const schemaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cypher/schema');

/** Statements of cypher/schema/*.cypher in file order; `//` comments dropped, split on `;` at line ends. */
export function schemaStatements(dir = schemaDir): { file: string; statement: string }[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cypher'))
    .sort();
  if (files.length === 0) throw new Error(`no schema files in ${dir}`);
  return files.flatMap((file) =>
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => !l.trim().startsWith('//'))
      .join('\n')
      .split(/;\s*$/m)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((statement) => ({ file, statement })),
  );
}

/** Applies every schema statement; each is idempotent (IF NOT EXISTS), so this runs at every start. */
export async function applySchema(db: Db): Promise<number> {
  const statements = schemaStatements();
  for (const { statement } of statements) await db.run(statement);
  await db.run('CALL db.awaitIndexes(300)');
  return statements.length;
}
