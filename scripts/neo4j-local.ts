/** npm run neo4j:start|neo4j:stop [-- --instance dev|test|bench]: the local Neo4j server of server/db/local-neo4j. */
import { Command, Option } from 'commander';
import { INSTANCES, runningPid, startLocalNeo4j, stopLocalNeo4j } from '../server/db/local-neo4j/index.ts';

const instance = () => new Option('--instance <name>', 'which instance: its folder under .neo4j and its ports').choices(Object.keys(INSTANCES)).default('dev');
const program = new Command('neo4j-local').description('the local Neo4j Community server, provisioned from Maven Central');

program
  .command('start')
  .addOption(instance())
  .action(async (o: { instance: string }) => {
    const password = process.env.NEO4J_PASSWORD ?? 'bureau-graph-local';
    const r = await startLocalNeo4j({ instance: o.instance, ...INSTANCES[o.instance]!, password });
    console.log(r.started ? `started ${r.uri} (pid ${r.pid})` : `already running: ${r.uri} (pid ${r.pid})`);
  });
program
  .command('stop')
  .addOption(instance())
  .action(async (o: { instance: string }) => console.log((await stopLocalNeo4j(o.instance)) ? `stopped ${o.instance}` : `${o.instance} was not running`));
program
  .command('status')
  .addOption(instance())
  .action((o: { instance: string }) => {
    const pid = runningPid(o.instance);
    console.log(pid === null ? `${o.instance}: not running` : `${o.instance}: running, pid ${pid}`);
  });

program.parseAsync().catch((e: unknown) => {
  console.error(`neo4j-local: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
