/** npm run restore -- <archive>: checks the whole archive, then puts back the store, the audit log and the graph. */
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../server/config.ts';
import { withCause } from '../server/errors.ts';
import { BackupRefused, restore, placeFromConfig } from '../server/ops/backup.ts';

const program = new Command('restore')
  .description(
    'restore an archive of npm run backup: DOCUMENTS_DIR and AUDIT_LOG are replaced; the local server loads its dump, a NEO4J_URI graph is rebuilt from the store',
  )
  .argument('<archive>', 'a bureau-graph-….tar.gz written by npm run backup')
  .action(async (archive: string) => {
    const { backupDir: _, ...place } = placeFromConfig(loadConfig());
    const r = await restore({ ...place, archive, log: (l) => console.error(l) });
    console.log(
      `restored ${archive} (made ${r.manifest.createdAt}) in ${r.seconds.toFixed(1)} s: ${r.manifest.contents.documents.files} stored files, graph ${r.graph}`,
    );
    console.log(`graph now: ${r.counts.nodes} nodes, ${r.counts.relationships} relationships`);
  });

program.parseAsync().catch((e: unknown) => {
  if (e instanceof BackupRefused) console.error(`restore: ${e.message}; nothing was changed`);
  else if (e instanceof ConfigError) console.error(`restore: ${e.message.replace(':\n  ', ': ').replaceAll('\n  ', '; ')}`);
  // one line for the user: no stack, and the first line of a longer message (a server's log tail stays in its file)
  else console.error(`restore: ${(e instanceof Error ? withCause(e) : String(e)).split('\n')[0]}`);
  process.exit(1);
});
