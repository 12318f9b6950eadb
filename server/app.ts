import cors from 'cors';
import express, { type Express } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { errorHandler } from './api/errors.ts';
import { apiRouter } from './api/routes.ts';
import type { Db } from './db/driver.ts';
import { createServices } from './services/index.ts';

const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/client');

export interface AppDeps {
  db: Db;
  logger: Logger;
  /** folder of the built client; omitted in API-only tests */
  clientDir?: string;
  /** origins allowed by CORS; empty: CORS off */
  corsOrigins?: string[];
  rateLimitPerMinute?: number;
  trustProxy?: boolean;
}

/** Logs each request through pino with its id: the caller's X-Request-Id or a new one, echoed back so a user can quote it. */
function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: { req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }) },
  });
}

/**
 * helmet's headers for a page served over https: HSTS, and upgrade-insecure-requests so nothing loads in clear.
 * Over plain http (an office intranet) both are left out: the browser would fetch the scripts and styles over an
 * https the server does not speak, and the page would stay blank.
 */
function securityHeaders(overTls: boolean) {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        // Cytoscape adds a <style> element; exports are blob: URLs
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'upgrade-insecure-requests': overTls ? [] : null,
      },
    },
    strictTransportSecurity: overTls,
  });
}

/** Security headers, CORS for the listed origins only, a body limit and a rate limit on /api. */
function protections(app: Express, o: { corsOrigins: string[]; rateLimitPerMinute: number }): void {
  // req.secure: https here, or at a trusted reverse proxy (X-Forwarded-Proto) when TRUST_PROXY is set
  const [tls, plain] = [securityHeaders(true), securityHeaders(false)];
  app.use((req, res, next) => (req.secure ? tls : plain)(req, res, next));
  if (o.corsOrigins.length) app.use('/api', cors({ origin: o.corsOrigins, methods: ['GET'] }));
  app.use(express.json({ limit: '100kb' }));
  app.use(
    '/api',
    rateLimit({
      windowMs: 60_000,
      limit: o.rateLimitPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res) => void res.status(429).json({ error: { code: 'rate_limited', message: 'too many requests; slow down' } }),
    }),
  );
}

/** Builds the Express app; listening happens in main.ts so tests can start it on port 0. */
export function buildApp({ db, logger, clientDir: staticDir = clientDir, corsOrigins = [], rateLimitPerMinute = 1200, trustProxy = false }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.use(requestLogging(logger));
  protections(app, { corsOrigins, rateLimitPerMinute });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const services = createServices(db, { onWarmError: (e) => logger.warn({ err: e }, 'computing the analyses ahead of requests failed') });

  app.get('/readyz', async (_req, res) => {
    const r = await services.readiness();
    res.status(r.ready ? 200 : 503).json(r.body);
  });

  app.use(apiRouter(services));

  if (existsSync(staticDir)) {
    app.use(express.static(staticDir));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(path.join(staticDir, 'index.html')));
  }

  app.use(errorHandler);
  return app;
}
