import { execFile } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { INSTANCES, hasJavaAndMaven, startLocalNeo4j } from './local-neo4j/index.ts';
import type { Config } from '../config.ts';
import type { DbTarget } from './driver.ts';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** No Neo4j could be found or started; the message says the ways to give one. */
export class NoDatabaseError extends Error {}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.setTimeout(1000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('timeout', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(false));
  });
}

/** Whether a Docker engine answers (not just a client installed). */
export async function dockerEngineAnswers(): Promise<boolean> {
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function waitForPort(port: number, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await portAnswers(port)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new NoDatabaseError(`nothing answered on 127.0.0.1:${port} within ${seconds} s`);
}

/**
 * Finds the database, in this order: NEO4J_URI; a Neo4j already answering on localhost:7687;
 * a Docker engine (docker compose up -d neo4j); Java 17+ and Maven (the local server of npm run neo4j:start).
 */
export async function locateDatabase(config: Config, log: (l: string) => void): Promise<DbTarget & { how: string }> {
  const creds = { user: config.NEO4J_USER, password: config.NEO4J_PASSWORD, database: config.NEO4J_DATABASE };
  if (config.NEO4J_URI) return { uri: config.NEO4J_URI, ...creds, how: 'NEO4J_URI' };
  const dev = INSTANCES.dev!;
  if (await portAnswers(dev.boltPort)) return { uri: `bolt://127.0.0.1:${dev.boltPort}`, ...creds, how: 'already running on localhost' };
  if (await dockerEngineAnswers()) {
    log('starting Neo4j with docker compose …');
    await run('docker', ['compose', 'up', '-d', '--wait', 'neo4j'], { cwd: root, timeout: 300_000 });
    await waitForPort(dev.boltPort, 120);
    return { uri: `bolt://127.0.0.1:${dev.boltPort}`, ...creds, how: 'docker compose' };
  }
  if (hasJavaAndMaven()) {
    const local = await startLocalNeo4j({ instance: 'dev', ...dev, password: config.NEO4J_PASSWORD, log });
    return { uri: local.uri, ...creds, user: local.user, how: 'local server from Maven Central (npm run neo4j:start)' };
  }
  throw new NoDatabaseError(
    'no Neo4j found. Either set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) to a running server or Aura, ' +
      'start one on localhost:7687, run a Docker engine (docker compose up -d neo4j), ' +
      'or install Java 17+ and Maven so that npm run neo4j:start can provision one.',
  );
}
