/** npm run rebuild: empties the graph and imports the current version of every document in the store again. */
import { Command } from 'commander';
import { exitOnFailure } from './cli-failure.ts';
import { loadConfig } from '../config.ts';
import { Db } from '../db/driver.ts';
import { locateDatabase } from '../db/locate.ts';
import { applySchema } from '../db/schema.ts';
import { AuditTrail } from '../store/audit.ts';
import { StoreError } from '../store/documents.ts';
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

program.parseAsync().catch((e: unknown) => exitOnFailure('rebuild', e, 'nothing was deleted', [RebuildRefused, StoreError]));
