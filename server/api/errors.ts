import { Neo4jError } from 'neo4j-driver';
import type { ErrorRequestHandler } from 'express';

/** The API's error hierarchy; one handler below turns each into JSON with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
export class BadInput extends ApiError {
  constructor(message: string, details?: unknown) {
    super(400, 'bad_input', message, details);
  }
}
export class NotFound extends ApiError {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}
export class DatabaseUnavailable extends ApiError {
  constructor(message = 'the database is unreachable; try again shortly') {
    super(503, 'database_unavailable', message);
  }
}

/** Maps driver errors by their code (never their message) to API errors. */
export function fromNeo4j(e: unknown): ApiError | null {
  if (!(e instanceof Neo4jError)) return null;
  if (e.code === 'ServiceUnavailable' || e.code === 'SessionExpired' || e.code.startsWith('Neo.TransientError.')) {
    return new DatabaseUnavailable();
  }
  if (e.code === 'Neo.ClientError.Security.Unauthorized') return new DatabaseUnavailable('the database refused our credentials');
  return null;
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const api = err instanceof ApiError ? err : fromNeo4j(err);
  if (api) {
    if (api.status === 503) res.set('Retry-After', '5');
    res.status(api.status).json({ error: { code: api.code, message: api.message, details: api.details } });
    return;
  }
  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
  if (status === 500) req.log?.error({ err }, 'unhandled error');
  res.status(status).json({ error: { code: status === 500 ? 'internal' : 'bad_request', message: status === 500 ? 'internal error' : String(err.message) } });
};
