import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { pino } from 'pino';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { withCause } from './errors.ts';
import { Db } from './db/driver.ts';
import { NoDatabaseError, locateDatabase } from './db/locate.ts';
import { applySchema } from './db/schema.ts';
import { importSeedsIfEmpty } from './load/seed.ts';

/** How long a shutdown waits for answers in flight before it gives up on them. */
const DRAIN_MS = 10_000;

/**
 * Closes the server without cutting an answer short. Node's server.close() destroys the connections it deems idle,
 * and a connection whose answer is ended but not yet flushed (a large export to a slow reader) counts as idle: its
 * client would get a cut body. So this waits for the answers in flight, then ends each connection gracefully (its
 * buffered data is sent before the FIN) and waits for the clients to close them, then closes the server.
 */
function gracefulClose(server: Server): { close: () => Promise<void> } {
  const sockets = new Set<Socket>();
  const answers = new Set<ServerResponse>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (closing) res.shouldKeepAlive = false;
    answers.add(res);
    res.once('close', () => answers.delete(res));
  });
  const until = async (empty: () => boolean) => {
    while (!empty()) await new Promise((r) => setTimeout(r, 50));
  };
  return {
    close: async () => {
      closing = true;
      await until(() => answers.size === 0);
      for (const socket of sockets) socket.end();
      await until(() => sockets.size === 0);
      await new Promise((r) => server.close(r));
    },
  };
}

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
  const graceful = gracefulClose(server);
  // SIGTERM: let answers in flight reach their clients, close the connections and the driver, exit
  const shutdown = (signal: string) => {
    logger.info(`${signal}: draining requests`);
    setTimeout(() => process.exit(1), DRAIN_MS).unref();
    void graceful
      .close()
      .then(() => db.close())
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof NoDatabaseError) console.error(`bureau-graph: ${e.message}`);
  else console.error(`bureau-graph: could not start: ${e instanceof Error ? withCause(e) : String(e)}`);
  process.exit(1);
});
