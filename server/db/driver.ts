import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape } from 'neo4j-driver';

export interface DbTarget {
  uri: string;
  user: string;
  password: string;
  database: string;
}

/** The one driver of a process, with the database every session names. */
export class Db {
  readonly driver: Driver;
  constructor(readonly target: DbTarget) {
    this.driver = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), {
      // fail fast when the server is down so the API can answer 503 within a second
      connectionAcquisitionTimeout: 5_000,
      connectionTimeout: 3_000,
      maxTransactionRetryTime: 5_000,
      disableLosslessIntegers: true,
    });
  }

  async read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.target.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead(work);
    } finally {
      await session.close();
    }
  }

  async write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.target.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite(work);
    } finally {
      await session.close();
    }
  }

  /** Runs one statement in its own auto-commit transaction (schema statements must not share one). */
  async run<R extends RecordShape = RecordShape>(cypher: string, params: Record<string, unknown> = {}): Promise<QueryResult<R>> {
    const session = this.driver.session({ database: this.target.database });
    try {
      return await session.run<R>(cypher, params);
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
