import type { Server } from 'node:http';
import { pino } from 'pino';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { Db } from './db/driver.ts';
import { NoDatabaseError, locateDatabase } from './db/locate.ts';
import { applySchema } from './db/schema.ts';
import { importSeedsIfEmpty } from './load/seed.ts';

/** npm start: find or start the database, apply the schema, import seeds/ into an empty graph, serve. */
async function main(): Promise<void> {
  const config = loadConfig();
  // credentials come from the environment only and never reach the log
  const logger = pino({ level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'] });
  const target = await locateDatabase(config, (l) => logger.info(l));
  logger.info({ uri: target.uri, database: target.database, how: target.how }, 'database');
  const db = new Db(target, { failFast: true });
  await db.verify();
  await applySchema(db);
  if (!config.SKIP_SEED_IMPORT) {
    const imported = await importSeedsIfEmpty(db, (l) => logger.info(l));
    if (imported > 0) logger.info(`imported ${imported} seed documents`);
  }
  const app = buildApp({ db, logger, corsOrigins: config.CORS_ORIGINS, rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE, trustProxy: config.TRUST_PROXY });
  const server: Server = app.listen(config.PORT, config.HOST, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
    console.log(`bureau-graph is serving http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}/`);
  });
  // SIGTERM: stop accepting, let requests in flight finish, close the driver, exit
  const shutdown = (signal: string) => {
    logger.info(`${signal}: draining requests`);
    server.close(() => {
      void db.close().then(() => {
        logger.info('stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof NoDatabaseError) console.error(`bureau-graph: ${e.message}`);
  else console.error(`bureau-graph: could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
