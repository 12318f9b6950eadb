/**
 * A query is a typed unit: its Cypher text, whether it reads or writes, the type of its parameters, and the zod
 * schema that turns each record into a plain object. Results are checked, never cast: a record of the wrong shape
 * is an error naming the query.
 */
import { z } from 'zod';

/** READ and WRITE run in managed transactions; AUTOCOMMIT (`CALL { … } IN TRANSACTIONS`) only on its own. */
export type AccessMode = 'READ' | 'WRITE' | 'AUTOCOMMIT';

export interface Query<P extends object, R> {
  readonly name: string;
  readonly mode: AccessMode;
  readonly cypher: string;
  /** one record, as a plain object, to one result row */
  readonly row: z.ZodType<R>;
  /** carries the parameters' type; never set */
  readonly params?: P;
}

/** A query that reads; `row` validates each record. */
export function readQuery<P extends object, S extends z.ZodType>(name: string, cypher: string, row: S): Query<P, z.output<S>> {
  return { name, mode: 'READ', cypher, row: row as z.ZodType<z.output<S>> };
}

/** A statement that writes and returns nothing the caller reads. */
export function writeQuery<P extends object>(name: string, cypher: string): Query<P, never> {
  return { name, mode: 'WRITE', cypher, row: z.never() };
}

/** A write that must run in its own auto-commit transaction (it commits in batches itself); only Db.autoCommit runs it. */
export function autoCommitQuery<P extends object>(name: string, cypher: string): Query<P, never> {
  return { name, mode: 'AUTOCOMMIT', cypher, row: z.never() };
}

/** A write that returns rows, validated like a read's. */
export function writeReturning<P extends object, S extends z.ZodType>(name: string, cypher: string, row: S): Query<P, z.output<S>> {
  return { name, mode: 'WRITE', cypher, row: row as z.ZodType<z.output<S>> };
}

/** A family of queries that differ only in an allow-listed identifier (a label): built once per identifier. */
export function perKey<K extends string, Q>(build: (key: K) => Q): (key: K) => Q {
  const made = new Map<K, Q>();
  return (key) => {
    let q = made.get(key);
    if (q === undefined) made.set(key, (q = build(key)));
    return q;
  };
}

/** A record that did not have the shape its query promised. */
export class QueryResultError extends Error {
  constructor(query: string, issues: z.core.$ZodIssue[]) {
    super(`query ${query} returned an unexpected record: ${issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ')}`);
  }
}

/** Validates one record of `q`. */
export function toRow<R>(q: Query<object, R>, record: Record<string, unknown>): R {
  const r = q.row.safeParse(record);
  if (!r.success) throw new QueryResultError(q.name, r.error.issues);
  return r.data;
}

/** The parameters of a query that takes none. */
export type NoParams = Record<string, never>;
