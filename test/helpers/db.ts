import { inject } from 'vitest';
import { Db } from '../../server/db/driver.ts';
import { applySchema } from '../../server/db/schema.ts';

/** A driver on the suite's Neo4j with the schema applied. */
export async function openTestDb(): Promise<Db> {
  const db = new Db(inject('neo4j'));
  await applySchema(db);
  return db;
}

/** Empties the graph so each test file starts from what it writes itself. */
export async function clearGraph(db: Db): Promise<void> {
  await db.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
}
