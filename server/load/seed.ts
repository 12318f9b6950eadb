import type { Db } from '../db/driver.ts';
import { documentCount } from '../db/queries/meta.ts';
import type { Keeping } from './kept.ts';
import { seedFiles } from './import.ts';
import { importAndKeep } from './kept.ts';

/** npm start on an empty database imports seeds/, keeping them in the store; a database with documents is left as it is. */
export async function importSeedsIfEmpty(db: Db, keeping: Keeping, log: (l: string) => void): Promise<number> {
  if (((await db.query(documentCount, {}))[0]?.n ?? 0) > 0) return 0;
  const { results } = await importAndKeep(db, seedFiles(), keeping);
  for (const r of results) log(`${r.file}: ${r.outcome}, ${r.posts} posts, ${r.items} work items, ${r.people} people`);
  return results.length;
}
