/** npm run backup: the document store, the audit log and (local server) a Neo4j dump, in one dated archive in BACKUP_DIR. */
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../server/config.ts';
import { withCause } from '../server/errors.ts';
import { backup, placeFromConfig } from '../server/ops/backup.ts';

const program = new Command('backup')
  .description('archive DOCUMENTS_DIR, AUDIT_LOG and (for the local server, which is stopped meanwhile) a dump of the Neo4j database into BACKUP_DIR')
  .action(async () => {
    const r = await backup({ ...placeFromConfig(loadConfig()), log: (l) => console.error(l) });
    const { documents, auditLog, neo4jDump } = r.manifest.contents;
    const parts = [`${documents.files} stored files`, auditLog ? 'the audit log' : 'no audit log', neo4jDump ? 'a Neo4j dump' : 'no Neo4j dump (NEO4J_URI)'];
    const size = r.bytes >= 1e6 ? `${(r.bytes / 1e6).toFixed(1)} MB` : `${Math.ceil(r.bytes / 1e3)} kB`;
    console.log(`${r.archive}: ${size} in ${r.seconds.toFixed(1)} s; ${parts.join(', ')}`);
    console.log(`graph at backup time: ${r.manifest.graph.nodes} nodes, ${r.manifest.graph.relationships} relationships`);
  });

program.parseAsync().catch((e: unknown) => {
  if (e instanceof ConfigError) console.error(`backup: ${e.message.replace(':\n  ', ': ').replaceAll('\n  ', '; ')}`);
  // one line for the user: no stack, and the first line of a longer message (a server's log tail stays in its file)
  else console.error(`backup: ${(e instanceof Error ? withCause(e) : String(e)).split('\n')[0]}`);
  process.exit(1);
});
