/** Ready means the database answers and holds at least one document. */
import type { Db } from '../db/driver.ts';
import { documentCount } from '../db/queries/meta.ts';
import type { Ready } from '../model/api.ts';

/** Whether the app can answer: the database reachable and holding documents. */
export async function readiness(db: Db): Promise<{ ready: boolean; body: Ready }> {
  const documents = (await db.query(documentCount, {}))[0]?.n ?? 0;
  return { ready: documents > 0, body: { database: 'reachable', documents } };
}
