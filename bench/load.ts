/**
 * npm run bench:load -- [--seconds 10] [--connections 50]
 *
 * The app under load on the seeds: autocannon against the routes the views call first, then the server's memory
 * before and after. Prints figures as JSON and exits 1 on any error or non-2xx answer. Runs on the Neo4j named by
 * NEO4J_URI (which it empties: pass --wipe to agree), or else on its own local instance `bench` (port 7689).
 */
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { Command } from 'commander';
import { pino } from 'pino';
import { buildApp } from '../server/app.ts';
import { Db } from '../server/db/driver.ts';
import { INSTANCES, startLocalNeo4j, stopLocalNeo4j } from '../server/db/local-neo4j/index.ts';
import { applySchema } from '../server/db/schema.ts';
import { importFiles, seedFiles } from '../server/load/import.ts';

const opts = new Command('bench:load')
  .option('--seconds <n>', 'how long to load the server', Number, 10)
  .option('--connections <n>', 'concurrent connections', Number, 50)
  .option('--wipe', 'allow emptying the database named by NEO4J_URI')
  .parse()
  .opts<{ seconds: number; connections: number; wipe?: boolean }>();

async function main(): Promise<void> {
  if (process.env.NEO4J_URI && !opts.wipe) throw new Error('NEO4J_URI is set: this run empties that database; pass --wipe to agree');
  const local = process.env.NEO4J_URI ? null : await startLocalNeo4j({ instance: 'bench', ...INSTANCES.bench!, password: 'bureau-graph-bench' });
  const db = new Db(
    local
      ? { uri: local.uri, user: 'neo4j', password: 'bureau-graph-bench', database: 'neo4j' }
      : {
          uri: process.env.NEO4J_URI!,
          user: process.env.NEO4J_USER ?? 'neo4j',
          password: process.env.NEO4J_PASSWORD ?? '',
          database: process.env.NEO4J_DATABASE ?? 'neo4j',
        },
  );
  try {
    await applySchema(db);
    await db.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    await importFiles(db, seedFiles());
    const app = buildApp({ db, logger: pino({ level: 'silent' }), clientDir: '/nonexistent', rateLimitPerMinute: 10_000_000 });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const rss0 = process.memoryUsage().rss;
    const result = await autocannon({
      url,
      connections: opts.connections,
      duration: opts.seconds,
      requests: [
        { path: '/api/units' },
        { path: '/api/people/overload?limit=20' },
        { path: `/api/search?q=${encodeURIComponent('规划')}` },
        { path: '/api/org/reporting' },
      ],
    });
    const rss1 = process.memoryUsage().rss;
    await new Promise((r) => server.close(r));
    const figures = {
      seconds: opts.seconds,
      connections: opts.connections,
      requests: result.requests.total,
      rps: result.requests.average,
      p50_ms: result.latency.p50,
      p99_ms: result.latency.p99,
      errors: result.errors,
      non2xx: result.non2xx,
      rss_mb_before: Math.round(rss0 / 1e6),
      rss_mb_after: Math.round(rss1 / 1e6),
    };
    console.log(JSON.stringify(figures, null, 2));
    if (figures.errors > 0 || figures.non2xx > 0) process.exitCode = 1;
  } finally {
    await db.close();
    if (local?.started) await stopLocalNeo4j('bench');
  }
}

main().catch((e: unknown) => {
  console.error(`bench:load: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
