import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Db } from './db/driver.ts';
import { errorHandler } from './api/errors.ts';
import { apiRouter } from './api/routes.ts';

const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/client');

export interface AppDeps {
  db: Db;
  logger: Logger;
  /** folder of the built client; omitted in API-only tests */
  clientDir?: string;
}

/** Builds the Express app; listening happens in main.ts so tests can start it on port 0. */
export function buildApp({ db, logger, clientDir: staticDir = clientDir }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/healthz' } }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const documents = await db.read(async (tx) => {
      const r = await tx.run('MATCH (d:Document) RETURN count(d) AS n');
      return r.records[0]?.get('n') as number;
    });
    res.status(documents > 0 ? 200 : 503).json({ database: 'reachable', documents });
  });

  app.use(apiRouter(db));

  if (existsSync(staticDir)) {
    app.use(express.static(staticDir));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(path.join(staticDir, 'index.html')));
  }

  app.use(errorHandler);
  return app;
}
