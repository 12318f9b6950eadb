/**
 * The one place that talks to neo4j-driver: one driver per process, the database named on every session,
 * managed transactions for typed queries, and driver errors mapped to the app's typed errors by their codes.
 */
import neo4j, { Neo4jError, type Driver, type ManagedTransaction, type QueryResult, type RecordShape } from 'neo4j-driver';
import { DatabaseUnavailable } from '../errors.ts';
import { toRow, type Query } from './query.ts';

export interface DbTarget {
  uri: string;
  user: string;
  password: string;
  database: string;
}

/**
 * JavaScript numbers travel as floats; whole numbers become Neo4j integers here, in one place, so line
 * numbers, counts and LIMITs are integers in the graph. (Results come back as numbers: disableLosslessIntegers.)
 */
function integers(v: unknown): unknown {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? neo4j.int(v) : v;
  if (Array.isArray(v)) return v.map(integers);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, integers(x)]));
  }
  return v;
}

/** Maps a driver error by its code (never its message): an unreachable or refusing server is DatabaseUnavailable. */
export function fromNeo4j(e: unknown): unknown {
  if (!(e instanceof Neo4jError)) return e;
  if (e.code === 'ServiceUnavailable' || e.code === 'SessionExpired' || e.code.startsWith('Neo.TransientError.'))
    return new DatabaseUnavailable(undefined, { cause: e });
  if (e.code === 'Neo.ClientError.Security.Unauthorized') return new DatabaseUnavailable('the database refused our credentials', { cause: e });
  return e;
}

/** What a unit of work sees of its transaction: typed queries only. */
export interface Tx {
  query<P extends object, R>(q: Query<P, R>, params: P): Promise<R[]>;
}

function txOf(tx: ManagedTransaction): Tx {
  return {
    async query(q, params) {
      if (q.mode === 'AUTOCOMMIT') throw new Error(`query ${q.name} commits in batches itself: run it with Db.autoCommit`);
      const r = await tx.run(q.cypher, integers(params));
      return r.records.map((rec) => toRow(q, rec.toObject()));
    },
  };
}

/** The one driver of a process, with the database every session names. */
export class Db {
  private readonly driver: Driver;
  /** `failFast` (the API): give up on an unreachable server within about a second so requests get a 503. */
  constructor(
    readonly target: DbTarget,
    o: { failFast?: boolean } = {},
  ) {
    this.driver = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), {
      connectionAcquisitionTimeout: o.failFast ? 2_000 : 30_000,
      connectionTimeout: o.failFast ? 1_000 : 5_000,
      maxTransactionRetryTime: o.failFast ? 500 : 15_000,
      disableLosslessIntegers: true,
    });
  }

  /** Fails with DatabaseUnavailable unless the server answers and accepts the credentials. */
  async verify(): Promise<void> {
    try {
      await this.driver.verifyConnectivity({ database: this.target.database });
    } catch (e) {
      throw fromNeo4j(e);
    }
  }

  /** Runs one typed query in its own managed transaction, routed by its mode (readers may go to replicas). */
  query<P extends object, R>(q: Query<P, R>, params: P): Promise<R[]> {
    const work = (tx: Tx) => tx.query(q, params);
    return q.mode === 'READ' ? this.read(work) : this.write(work);
  }

  /** Several reads in one transaction. The callback may be retried, so it must not have side effects. */
  read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transaction('READ', work);
  }

  /** Several writes in one transaction: all or nothing. Retried on transient failures, so keep it idempotent. */
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transaction('WRITE', work);
  }

  private async transaction<T>(mode: 'READ' | 'WRITE', work: (tx: Tx) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.target.database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
    try {
      return mode === 'READ' ? await session.executeRead((tx) => work(txOf(tx))) : await session.executeWrite((tx) => work(txOf(tx)));
    } catch (e) {
      throw fromNeo4j(e);
    } finally {
      await session.close();
    }
  }

  /** Runs a typed statement in its own auto-commit transaction: for `CALL { … } IN TRANSACTIONS`, which must not run inside one. */
  async autoCommit<P extends object, R>(q: Query<P, R>, params: P): Promise<R[]> {
    if (q.mode !== 'AUTOCOMMIT') throw new Error(`query ${q.name} belongs in a managed transaction: run it with Db.query`);
    const r = await this.run(q.cypher, params);
    return r.records.map((rec) => toRow(q, rec.toObject()));
  }

  /**
   * Runs a statement in its own auto-commit transaction: schema statements (which must not share one),
   * `CALL { … } IN TRANSACTIONS`, and the ad-hoc counting of tests and benchmarks.
   */
  async run<R extends RecordShape = RecordShape>(cypher: string, params: object = {}): Promise<QueryResult<R>> {
    const session = this.driver.session({ database: this.target.database });
    try {
      return await session.run<R>(cypher, integers(params));
    } catch (e) {
      throw fromNeo4j(e);
    } finally {
      await session.close();
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
