import type { Db } from '../db/driver.ts';
import { documentCount } from '../db/queries/meta.ts';
import { importFiles, seedFiles } from './import.ts';

/** npm start on an empty database imports seeds/; a database with documents is left as it is. */
export async function importSeedsIfEmpty(db: Db, log: (l: string) => void): Promise<number> {
  if (((await db.query(documentCount, {}))[0]?.n ?? 0) > 0) return 0;
  const results = await importFiles(db, seedFiles());
  for (const r of results) log(`${r.file}: ${r.outcome}, ${r.posts} posts, ${r.items} work items, ${r.people} people`);
  return results.length;
}
