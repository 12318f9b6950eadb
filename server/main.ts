import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import { pino } from 'pino';
import { CLIENT_DIR, buildApp, stopBackgroundWork } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { withCause } from './errors.ts';
import { Db } from './db/driver.ts';
import { NoDatabaseError, locateDatabase } from './db/locate.ts';
import { SchemaTooNewError, applySchema } from './db/schema.ts';
import { importSeedsIfEmpty } from './load/seed.ts';
import { processMeaning } from './embedding/meaning.ts';
import { AuditTrail } from './store/audit.ts';
import { DocumentStore } from './store/documents.ts';

/**
 * How long a shutdown waits for answers in flight before it gives up on them: an export of a large graph to a PC on a
 * slow office link takes seconds, and on a busy two-core server, while the analyses' answers are computed ahead, more
 * than thirty.
 */
const DRAIN_MS = 90_000;

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

/** The PEM file a TLS variable names; a missing or unreadable one stops the start naming the variable. */
function pem(variable: 'TLS_CERT' | 'TLS_KEY', file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new ConfigError(`${variable}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** The certificate and key when TLS_CERT and TLS_KEY are set, checked to be a pair; null for plain http. */
function tlsFiles(config: Config): { cert: Buffer; key: Buffer } | null {
  if (!config.TLS_CERT || !config.TLS_KEY) return null;
  const tls = { cert: pem('TLS_CERT', config.TLS_CERT), key: pem('TLS_KEY', config.TLS_KEY) };
  try {
    createSecureContext(tls);
  } catch (e) {
    const { code, message: why } = e as NodeJS.ErrnoException;
    if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH')
      throw new ConfigError(`TLS_KEY: ${config.TLS_KEY} is not the private key of the certificate in TLS_CERT (${config.TLS_CERT})`);
    throw new ConfigError(`TLS_CERT / TLS_KEY: ${config.TLS_CERT} and ${config.TLS_KEY} are not a PEM certificate and key (${why})`);
  }
  return tls;
}

/** npm start: find or start the database, apply the schema, import seeds/ into an empty graph, serve. */
async function main(): Promise<void> {
  const config = loadConfig();
  // npm run start:prod serves the client built beforehand; npm start builds it first
  if (process.argv.includes('--prod') && !existsSync(path.join(CLIENT_DIR, 'index.html'))) {
    throw new ConfigError(`the built client is missing (${path.relative(process.cwd(), CLIENT_DIR)}/index.html): run npm run build first, or use npm start`);
  }
  // checked before the database is touched: a wrong file stops the start at once
  const tls = tlsFiles(config);
  // credentials come from the environment only and never reach the log
  const logger = pino({ level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'] });
  const target = await locateDatabase(config, (l) => logger.info(l));
  logger.info({ uri: target.uri, database: target.database, how: target.how }, 'database');
  const db = new Db(target, { failFast: true });
  await db.verify();
  await applySchema(db);
  const store = new DocumentStore(config.DOCUMENTS_DIR);
  const audit = new AuditTrail(config.AUDIT_LOG, db);
  // the embedding model, fetched by Maven the first time: imports from now on find duplicates by meaning too
  const meaning = await processMeaning((l) => logger.info(l));
  if (meaning.on) logger.info(`duplicates by meaning: ${meaning.model}`);
  else logger.warn(`duplicates by wording only: ${meaning.reason}`);
  if (!config.SKIP_SEED_IMPORT) {
    const imported = await importSeedsIfEmpty(db, { store, audit, by: 'start (seeds/)' }, (l) => logger.info(l));
    if (imported > 0) logger.info(`imported ${imported} seed documents`);
  }
  const app = buildApp({
    db,
    logger,
    corsOrigins: config.CORS_ORIGINS,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    trustProxy: config.TRUST_PROXY,
    basePath: config.BASE_PATH,
    tokens: { admin: config.ADMIN_TOKEN, read: config.READ_TOKEN },
    maxDocumentBytes: config.MAX_DOCUMENT_MB * 2 ** 20,
    store,
    audit,
  });
  if (!config.ADMIN_TOKEN) logger.info('no ADMIN_TOKEN: uploads and rebuilds over the API are refused');
  const server: Server = tls ? createHttpsServer(tls, app) : createHttpServer(app);
  server.listen(config.PORT, config.HOST, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
    const scheme = tls ? 'https' : 'http';
    console.log(`bureau-graph is serving ${scheme}://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}${config.BASE_PATH}/`);
    // the PDF reader loaded ahead, so the first PDF uploaded is previewed as fast as the next
    void import('./parse/readers/pdf.ts').then((pdf) => pdf.warmUp());
  });
  const graceful = gracefulClose(server);
  // SIGTERM: let answers in flight reach their clients, close the connections and the driver, exit
  const shutdown = (signal: string) => {
    logger.info(`${signal}: draining requests`);
    stopBackgroundWork(app);
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
  if (e instanceof ConfigError || e instanceof NoDatabaseError || e instanceof SchemaTooNewError) console.error(`bureau-graph: ${e.message}`);
  else console.error(`bureau-graph: could not start: ${e instanceof Error ? withCause(e) : String(e)}`);
  process.exit(1);
});
