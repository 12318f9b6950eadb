/** The one error handler: the app's typed errors become JSON with their status; anything else is a 500, logged. */
import type { ErrorRequestHandler } from 'express';
import { AppError } from '../errors.ts';

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof AppError) {
    if (err.status === 503) {
      res.set('Retry-After', '5');
      req.log?.warn({ err: err.cause }, 'database unavailable');
    }
    if (err.status === 401) res.set('WWW-Authenticate', 'Bearer realm="bureau-graph"');
    res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
    return;
  }
  // express's own errors (a body too large, malformed JSON) carry a 4xx status
  const e = err as { status?: unknown; message?: unknown };
  const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 500;
  if (status === 500) req.log?.error({ err }, 'unhandled error');
  const code = status === 500 ? 'internal' : status === 413 ? 'too_large' : 'bad_request';
  res.status(status).json({ error: { code, message: status === 500 ? 'internal error' : String(e.message) } });
};
