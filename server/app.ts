import cors from 'cors';
import express, { type Express, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { guard, withoutTokens, type Tokens } from './api/auth.ts';
import { errorHandler } from './api/errors.ts';
import { apiRouter } from './api/routes.ts';
import type { Db } from './db/driver.ts';
import { MAX_BYTES } from './parse/index.ts';
import { createServices } from './services/index.ts';
import { writeServices } from './services/writes.ts';
import { AuditTrail } from './store/audit.ts';
import { DocumentStore } from './store/documents.ts';

/** Where vite build writes the client. */
const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

export const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/client');

export interface AppDeps {
  db: Db;
  logger: Logger;
  /** folder of the built client; omitted in API-only tests */
  clientDir?: string;
  /** origins allowed by CORS; empty: CORS off */
  corsOrigins?: string[];
  rateLimitPerMinute?: number;
  trustProxy?: boolean;
  /** prefix everything is served under, such as /bureau-graph; '' for the root */
  basePath?: string;
  /** ADMIN_TOKEN for writes, READ_TOKEN for reads on a closed installation; without an admin token writes are refused */
  tokens?: Tokens;
  /** where uploads are kept; a folder under the system's temporary folder when omitted (tests) */
  store?: DocumentStore;
  audit?: AuditTrail;
  /** largest upload accepted (default: the parser's MAX_BYTES) */
  maxDocumentBytes?: number;
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
    serializers: { req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: withoutTokens(req.url) }) },
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
function protections(app: Router, o: { corsOrigins: string[]; rateLimitPerMinute: number }): void {
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

/**
 * The built page with a <base> element naming where it is served, so that its relative script and style addresses
 * and the client's API calls resolve under BASE_PATH whatever the address of the view.
 */
function pageUnder(staticDir: string, basePath: string): string {
  const html = readFileSync(path.join(staticDir, 'index.html'), 'utf8');
  return html.replace('<head>', `<head>\n    <base href="${basePath}/" />`);
}

const stoppers = new WeakMap<Express, () => void>();

/** Stops an app's work in the background (looking for graph changes, computing answers ahead), as a shutdown begins. */
export function stopBackgroundWork(app: Express): void {
  stoppers.get(app)?.();
}

/** Builds the Express app; listening happens in main.ts so tests can start it on port 0. */
export function buildApp(deps: AppDeps): Express {
  const { db, logger, clientDir: staticDir = CLIENT_DIR, corsOrigins = [], rateLimitPerMinute = 1200, trustProxy = false, basePath = '', tokens = {} } = deps;
  const scratch = path.join(tmpdir(), `bureau-graph-${process.pid}`);
  const store = deps.store ?? new DocumentStore(path.join(scratch, 'documents'));
  const audit = deps.audit ?? new AuditTrail(path.join(scratch, 'audit.jsonl'), db);
  const app = express();
  app.disable('x-powered-by');
  // one hop: the address the nearest proxy saw; what a client writes in X-Forwarded-For itself is not believed
  app.set('trust proxy', trustProxy ? 1 : false);
  const under = express.Router();
  app.use(basePath || '/', under);
  // the server's root, when the product lives under a prefix: say where
  if (basePath) app.get('/', (_req, res) => res.redirect(`${basePath}/`));
  under.use(requestLogging(logger));
  protections(under, { corsOrigins, rateLimitPerMinute });

  under.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const services = createServices(db, { onWarmError: (e) => logger.warn({ err: e }, 'computing the analyses ahead of requests failed') });
  stoppers.set(app, () => services.close());

  under.get('/readyz', async (_req, res) => {
    const r = await services.readiness();
    res.status(r.ready ? 200 : 503).json(r.body);
  });

  under.use('/api', guard(tokens, audit));
  // a document's bytes, as they are, for POST /api/documents: read only once the token has been checked
  under.use('/api/documents', express.raw({ type: () => true, limit: deps.maxDocumentBytes ?? MAX_BYTES }));
  under.use(apiRouter(services, writeServices(db, store, audit, deps.maxDocumentBytes, services.graphChanged), basePath));

  // pdf.js's CMaps and standard fonts, for the browser to draw a PDF page whose Chinese fonts are not embedded
  for (const dir of ['cmaps', 'standard_fonts']) under.use(`/pdfjs/${dir}`, express.static(path.join(PDFJS_DIR, dir), { index: false }));

  if (existsSync(staticDir)) {
    const page = pageUnder(staticDir, basePath);
    under.use(express.static(staticDir, { index: false }));
    under.get(/^\/(?!api\/).*/, (_req, res) => res.type('html').send(page));
  }

  app.use(errorHandler);
  return app;
}
