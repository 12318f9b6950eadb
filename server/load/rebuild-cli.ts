/** npm run rebuild: empties the graph and imports the current version of every document in the store again. */
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { withCause } from '../errors.ts';
import { Db } from '../db/driver.ts';
import { NoDatabaseError, locateDatabase } from '../db/locate.ts';
import { applySchema } from '../db/schema.ts';
import { AuditTrail } from '../store/audit.ts';
import { StoreError } from '../store/documents.ts';
import { ImportRefused } from './import.ts';
import { cliUser } from './kept.ts';
import { RebuildRefused, rebuildFromStore } from './rebuild.ts';

const program = new Command('rebuild')
  .description('derive the graph again from the document store (DOCUMENTS_DIR) into an emptied database')
  .option('--force', 'rebuild even when the graph holds documents the store lacks; they are dropped')
  .action(async (opts: { force?: boolean }) => {
    const config = loadConfig();
    const target = await locateDatabase(config, (l) => console.error(l));
    const db = new Db(target);
    try {
      await applySchema(db);
      const t0 = performance.now();
      const { results } = await rebuildFromStore(db, config.DOCUMENTS_DIR, (l) => console.error(l), {
        force: opts.force,
        audit: new AuditTrail(config.AUDIT_LOG, db),
        by: cliUser(),
      });
      for (const r of results) console.log(`${r.file}: ${r.units} units, ${r.posts} posts, ${r.items} work items, ${r.people} people`);
      console.log(`rebuilt ${results.length} document(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      await db.close();
    }
  });

program.parseAsync().catch((e: unknown) => {
  if (e instanceof ImportRefused) {
    for (const err of e.errors) console.error(`rebuild: ${err.message}`);
    console.error('rebuild: nothing was deleted or written');
  } else if (e instanceof RebuildRefused || e instanceof StoreError) console.error(`rebuild: ${e.message}; nothing was deleted`);
  else if (e instanceof ConfigError || e instanceof NoDatabaseError) console.error(`rebuild: ${e.message}`);
  else console.error(`rebuild: ${e instanceof Error ? withCause(e) : String(e)}`);
  process.exit(1);
});
