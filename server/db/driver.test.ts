import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailable, withCause } from '../errors.ts';
import { fromNeo4j } from './driver.ts';

/** A driver error as the server sends it: what counts is the code. */
const driverError = (message: string, code: string) => new Neo4jError(message, code, '50N42', 'error: general processing exception - unexpected error');

describe('driver errors', () => {
  it('become DatabaseUnavailable (503) by their code when the server is down, busy or refuses us', () => {
    for (const code of ['ServiceUnavailable', 'SessionExpired', 'Neo.TransientError.Transaction.DeadlockDetected', 'Neo.ClientError.Security.Unauthorized']) {
      const e = fromNeo4j(driverError('whatever the message says', code));
      expect(e).toBeInstanceOf(DatabaseUnavailable);
      expect((e as DatabaseUnavailable).status).toBe(503);
    }
    expect((fromNeo4j(driverError('x', 'Neo.ClientError.Security.Unauthorized')) as Error).message).toBe('the database refused our credentials');
  });

  it("keep the driver's error as their cause, so the command line and the log can say what happened", () => {
    const deadlock = driverError("ForsetiClient[1] can't acquire ExclusiveLock", 'Neo.TransientError.Transaction.DeadlockDetected');
    const e = fromNeo4j(deadlock) as DatabaseUnavailable;
    expect(e.cause).toBe(deadlock);
    expect(withCause(e)).toBe("the database is unreachable; try again shortly (ForsetiClient[1] can't acquire ExclusiveLock)");
    expect(withCause(new Error('plain'))).toBe('plain');
  });

  it('are left as they are otherwise: a broken query is a bug, not an outage', () => {
    const syntax = driverError('Invalid input', 'Neo.ClientError.Statement.SyntaxError');
    expect(fromNeo4j(syntax)).toBe(syntax);
    // the message alone never decides
    const worded = driverError('ServiceUnavailable', 'Neo.ClientError.Schema.ConstraintValidationFailed');
    expect(fromNeo4j(worded)).toBe(worded);
    const plain = new Error('not from the driver');
    expect(fromNeo4j(plain)).toBe(plain);
  });
});
