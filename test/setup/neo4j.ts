/**
 * Vitest global setup of the int and e2e projects: a real Neo4j. NEO4J_URI if set; else a testcontainers Neo4j
 * when a Docker engine answers (one container per project); else the local server of server/db/local-neo4j as its
 * own `test` instance (port 7688), started by the first project and reused by the second, stopped afterwards.
 */
import type { TestProject } from 'vitest/node';
import { INSTANCES, startLocalNeo4j, stopLocalNeo4j } from '../../server/db/local-neo4j/index.ts';
import { dockerEngineAnswers } from '../../server/db/locate.ts';
import type { DbTarget } from '../../server/db/driver.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: DbTarget & { how: string };
  }
}

const PASSWORD = 'bureau-graph-test';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = process.env.NEO4J_DATABASE ?? 'neo4j';
  if (process.env.NEO4J_URI) {
    project.provide('neo4j', {
      uri: process.env.NEO4J_URI,
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
      database,
      how: 'NEO4J_URI',
    });
    return () => Promise.resolve();
  }
  if (await dockerEngineAnswers()) {
    const { Neo4jContainer } = await import('@testcontainers/neo4j');
    const container = await new Neo4jContainer('neo4j:5.26-community').withPassword(PASSWORD).start();
    project.provide('neo4j', { uri: container.getBoltUri(), user: 'neo4j', password: PASSWORD, database, how: 'testcontainers' });
    return async () => void (await container.stop());
  }
  const ports = INSTANCES.test!;
  const local = await startLocalNeo4j({ instance: 'test', ...ports, password: PASSWORD });
  console.log(
    `[test] Neo4j ${local.started ? 'started' : 'reused'} at ${local.uri}` +
      (local.started ? ` (provision ${local.timings.provisionSeconds.toFixed(1)} s, start ${local.timings.startSeconds.toFixed(1)} s)` : ''),
  );
  project.provide('neo4j', { uri: local.uri, user: local.user, password: PASSWORD, database, how: 'local server' });
  return async () => {
    if (local.started) await stopLocalNeo4j('test');
  };
}
