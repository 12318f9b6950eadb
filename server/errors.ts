/**
 * The errors a user can be told about, each with its HTTP status. The database layer throws
 * `DatabaseUnavailable` (mapped from Neo4j's error codes there); services throw `NotFound` and `BadInput`; the
 * API's one error handler turns each into JSON.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The message with what caused it, for the command line and the log (the API tells users the message alone). */
export function withCause(e: Error): string {
  return e.cause instanceof Error ? `${e.message} (${e.cause.message})` : e.message;
}

/** A request parameter is wrong: 400, naming it. */
export class BadInput extends AppError {
  constructor(message: string, details?: unknown) {
    super(400, 'bad_input', message, details);
  }
}

/** No such node or route: 404. */
export class NotFound extends AppError {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}

/** Neo4j is unreachable or refuses us: 503 with Retry-After. */
export class DatabaseUnavailable extends AppError {
  constructor(message = 'the database is unreachable; try again shortly', options?: { cause?: unknown }) {
    super(503, 'database_unavailable', message, undefined, options);
  }
}

/** No token, or the wrong one: 401, saying which token the request needs. */
export class Unauthorised extends AppError {
  constructor(message: string) {
    super(401, 'unauthorised', message);
  }
}

/** The request is understood and would be allowed elsewhere, but not here: writes switched off. 403. */
export class Forbidden extends AppError {
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}

/** The request conflicts with the state of the data: a rebuild the store cannot give back. 409. */
export class Conflict extends AppError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}
