import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape } from 'neo4j-driver';

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

function withIntegers(tx: ManagedTransaction): ManagedTransaction {
  return new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === 'run') return (q: string, p?: Record<string, unknown>) => target.run(q, integers(p ?? {}) as Record<string, unknown>);
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** The one driver of a process, with the database every session names. */
export class Db {
  readonly driver: Driver;
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

  async read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.target.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead((tx) => work(withIntegers(tx)));
    } finally {
      await session.close();
    }
  }

  async write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.target.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite((tx) => work(withIntegers(tx)));
    } finally {
      await session.close();
    }
  }

  /** Runs one statement in its own auto-commit transaction (schema statements must not share one). */
  async run<R extends RecordShape = RecordShape>(cypher: string, params: Record<string, unknown> = {}): Promise<QueryResult<R>> {
    const session = this.driver.session({ database: this.target.database });
    try {
      return await session.run<R>(cypher, integers(params) as Record<string, unknown>);
    } finally {
      await session.close();
    }
  }

  async serverInfo(): Promise<{ version: string; edition: string }> {
    const r = await this.run<{ version: string; edition: string }>(
      'CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition',
    );
    const rec = r.records[0];
    if (!rec) throw new Error('dbms.components() returned nothing');
    return { version: rec.get('version'), edition: rec.get('edition') };
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
