/**
 * A real Neo4j Community server without Docker: resolved from Maven Central by the pom.xml beside this file,
 * started with the class the official tarball runs (org.neo4j.server.CommunityEntryPoint).
 * `npm run neo4j:start|stop` (scripts/neo4j-local.ts) drives it; the app and the test setup call it directly.
 *
 * Jars live in .neo4j/lib (shared); each instance has its own conf, data, logs and pid under .neo4j/<instance>.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const pom = path.join(here, 'pom.xml');
const defaultHome = path.join(root, '.neo4j');

export interface LocalNeo4jOptions {
  /** instance name: its folder under .neo4j and its ports */
  instance: string;
  boltPort: number;
  httpPort: number;
  password: string;
  /** folder holding lib/ and the instance folders */
  home?: string;
  log?: (line: string) => void;
}

export interface LocalNeo4j {
  uri: string;
  user: string;
  password: string;
  pid: number;
  /** true when this call started the process, false when it was already running */
  started: boolean;
  /** seconds spent provisioning jars and starting the server */
  timings: { provisionSeconds: number; startSeconds: number; downloadedMb: number };
}

/** The instances the project uses: `dev` for npm start, `test` for the suite, `bench` for benchmarks, each with its own data. */
export const INSTANCES: Record<string, { boltPort: number; httpPort: number }> = {
  dev: { boltPort: 7687, httpPort: 7474 },
  test: { boltPort: 7688, httpPort: 7475 },
  bench: { boltPort: 7689, httpPort: 7476 },
  // test/backup.int.test.ts stops and starts its server, so it has one of its own
  backup: { boltPort: 7691, httpPort: 7478 },
};

function neo4jVersion(): string {
  const m = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(readFileSync(pom, 'utf8'));
  if (!m?.[1]) throw new Error(`no <neo4j.version> in ${pom}`);
  return m[1];
}

function dirSizeMb(dir: string): number {
  if (!existsSync(dir)) return 0;
  let bytes = 0;
  for (const f of readdirSync(dir)) bytes += statSync(path.join(dir, f)).size;
  return Math.round(bytes / 1e6);
}

/** Java 17 or newer and Maven on PATH: what provisioning needs. */
export function hasJavaAndMaven(): boolean {
  const major = javaMajorVersion();
  if (major === null || major < 17) return false;
  try {
    execFileSync('mvn', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function javaMajorVersion(): number | null {
  try {
    // `java -version` prints to stderr
    const text = execFileSync('sh', ['-c', 'java -version 2>&1'], { encoding: 'utf8' });
    const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
    if (!m?.[1]) return null;
    const major = Number(m[1]);
    return major === 1 ? Number(m[2]) : major;
  } catch {
    return null;
  }
}

/** A short hash of pom.xml: the lib's completion marker carries it, so editing the pom (a version, a jar) provisions again. */
function pomStamp(): string {
  return createHash('sha256').update(readFileSync(pom)).digest('hex').slice(0, 12);
}

/**
 * Copies the jars pom.xml names from Maven Central into <home>/lib, once per content of the pom. They are resolved
 * into a folder aside and swapped in by renames, so a server already running keeps finding jars at lib/ meanwhile.
 */
function provision(home: string, log: (l: string) => void): { seconds: number; downloadedMb: number } {
  const lib = path.join(home, 'lib');
  const version = neo4jVersion();
  const markerName = `.complete-${version}-${pomStamp()}`;
  if (existsSync(path.join(lib, markerName))) return { seconds: 0, downloadedMb: 0 };
  const t0 = Date.now();
  const m2 = path.join(process.env.HOME ?? '', '.m2/repository');
  const before = existsSync(m2) ? duMb(m2) : 0;
  const fresh = `${lib}.partial-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  mkdirSync(fresh, { recursive: true });
  log(`provisioning Neo4j ${version} from Maven Central into ${path.relative(root, lib)} …`);
  execFileSync('mvn', ['-B', '-q', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${fresh}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  writeFileSync(path.join(fresh, markerName), new Date().toISOString());
  const old = `${lib}.old-${process.pid}`;
  if (existsSync(lib)) renameSync(lib, old);
  renameSync(fresh, lib);
  rmSync(old, { recursive: true, force: true });
  const after = existsSync(m2) ? duMb(m2) : 0;
  const seconds = (Date.now() - t0) / 1000;
  log(`provisioned ${dirSizeMb(lib)} MB of jars in ${seconds.toFixed(1)} s (Maven downloaded ${after - before} MB)`);
  return { seconds, downloadedMb: after - before };
}

function duMb(dir: string): number {
  try {
    return Number(execFileSync('du', ['-sm', dir], { encoding: 'utf8' }).split('\t')[0]);
  } catch {
    return 0;
  }
}

function writeConf(instanceDir: string, o: LocalNeo4jOptions): string {
  const conf = path.join(instanceDir, 'conf');
  mkdirSync(conf, { recursive: true });
  const dirs = Object.fromEntries(['data', 'logs', 'run', 'import', 'plugins'].map((d) => [d, path.join(instanceDir, d)]));
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const lines = [
    '# generated by server/db/local-neo4j; edits are overwritten on start',
    'server.default_listen_address=127.0.0.1',
    `server.bolt.listen_address=127.0.0.1:${o.boltPort}`,
    `server.bolt.advertised_address=127.0.0.1:${o.boltPort}`,
    `server.http.listen_address=127.0.0.1:${o.httpPort}`,
    `server.http.advertised_address=127.0.0.1:${o.httpPort}`,
    'server.https.enabled=false',
    // page cache sized for a 2-core / 24 GB machine shared with Node and the browser
    `server.memory.pagecache.size=${process.env.NEO4J_PAGECACHE ?? '2g'}`,
    'db.tx_log.rotation.retention_policy=1 files',
    `server.directories.data=${dirs.data}`,
    `server.directories.logs=${dirs.logs}`,
    `server.directories.run=${dirs.run}`,
    `server.directories.import=${dirs.import}`,
    `server.directories.plugins=${dirs.plugins}`,
    'dbms.security.auth_enabled=true',
    'dbms.usage_report.enabled=false',
    // Neo4j Browser (served at /browser/) sends no product analytics: the graph is an organisation's own business
    'client.allow_telemetry=false',
    // LOAD CSV (the benchmark's yardstick) reads quoting as RFC 4180 and csv-stringify write it: a backslash is a character
    'dbms.import.csv.legacy_quote_escaping=false',
    '',
  ];
  writeFileSync(path.join(conf, 'neo4j.conf'), lines.join('\n'));
  return conf;
}

/** Whether something accepts TCP connections on the port. */
export function portAnswers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.setTimeout(1000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('timeout', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(false));
  });
}

async function httpReady(port: number): Promise<boolean> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return r.ok;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(pidFile: string): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
}

const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Dlog4j2.disable.jmx=true',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
];

/** Provisions (once) and starts the instance; returns at once when it is already running. */
export async function startLocalNeo4j(o: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const log = o.log ?? ((l: string) => console.error(l));
  const home = o.home ?? defaultHome;
  const instanceDir = path.join(home, o.instance);
  const pidFile = path.join(instanceDir, 'neo4j.pid');
  const uri = `bolt://127.0.0.1:${o.boltPort}`;
  const running = readPid(pidFile);
  if (running !== null && (await portAnswers(o.boltPort))) {
    return { uri, user: 'neo4j', password: o.password, pid: running, started: false, timings: { provisionSeconds: 0, startSeconds: 0, downloadedMb: 0 } };
  }
  if (await portAnswers(o.boltPort)) {
    throw new Error(`port ${o.boltPort} is taken by another process; stop it or set NEO4J_URI to use it`);
  }
  const prov = provision(home, log);
  const conf = writeConf(instanceDir, o);
  const env = { ...process.env, NEO4J_HOME: instanceDir, NEO4J_CONF: conf };
  const cp = `${path.join(home, 'lib')}/*`;
  if (!existsSync(path.join(instanceDir, 'data/dbms/auth.ini'))) {
    // only effective before the first start, as with the tarball's neo4j-admin
    await neo4jAdmin(o.instance, ['dbms', 'set-initial-password', o.password], home);
  }
  const t0 = Date.now();
  const out = openSync(path.join(instanceDir, 'logs/console.log'), 'a');
  const heap = process.env.NEO4J_HEAP ?? '4g';
  const child = spawn(
    'java',
    [`-Xms${heap}`, `-Xmx${heap}`, ...JVM_FLAGS, '-cp', cp, 'org.neo4j.server.CommunityEntryPoint', `--home-dir=${instanceDir}`, `--config-dir=${conf}`],
    { env, detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new Error('could not start java');
  writeFileSync(pidFile, String(child.pid));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (!alive(child.pid)) {
      const tail = readFileSync(path.join(instanceDir, 'logs/console.log'), 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(`Neo4j exited during start-up; last lines of ${path.relative(root, instanceDir)}/logs/console.log:\n${tail}`);
    }
    if ((await httpReady(o.httpPort)) && (await portAnswers(o.boltPort))) {
      const startSeconds = (Date.now() - t0) / 1000;
      log(`Neo4j ${neo4jVersion()} (${o.instance}) answering on ${uri} after ${startSeconds.toFixed(1)} s, pid ${child.pid}`);
      return {
        uri,
        user: 'neo4j',
        password: o.password,
        pid: child.pid,
        started: true,
        timings: { provisionSeconds: prov.seconds, startSeconds, downloadedMb: prov.downloadedMb },
      };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Neo4j did not answer on ${uri} within 180 s; see ${instanceDir}/logs`);
}

/** Stops the instance (SIGTERM, then SIGKILL after 60 s) and waits until its process is gone; a no-op when it is not running. */
export async function stopLocalNeo4j(instance: string, home = defaultHome): Promise<boolean> {
  const pidFile = path.join(home, instance, 'neo4j.pid');
  const pid = readPid(pidFile);
  rmSync(pidFile, { force: true });
  if (pid === null) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 60_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  // the store's lock goes with the process: neo4j-admin run next must not find it held
  while (alive(pid)) await new Promise((r) => setTimeout(r, 100));
  return true;
}

/** The pid of the instance, or null when it is not running. */
export function runningPid(instance: string, home = defaultHome): number | null {
  return readPid(path.join(home, instance, 'neo4j.pid'));
}

/**
 * Runs neo4j-admin (org.neo4j.cli.AdminTool, what the tarball's bin/neo4j-admin starts) on an instance's conf and
 * data, e.g. `['database', 'dump', 'neo4j', '--to-path=…']`; returns its output, or rejects with the reason it gave
 * (never the command line: with set-initial-password it holds a password).
 */
export async function neo4jAdmin(instance: string, args: string[], home = defaultHome): Promise<string> {
  const instanceDir = path.join(home, instance);
  const conf = path.join(instanceDir, 'conf');
  if (!existsSync(path.join(conf, 'neo4j.conf'))) throw new Error(`the Neo4j instance ${instance} has never been started: ${conf}/neo4j.conf is missing`);
  const r = await new Promise<{ failed: boolean; stdout: string; stderr: string }>((resolve) =>
    execFile(
      'java',
      ['-cp', `${path.join(home, 'lib')}/*`, 'org.neo4j.cli.AdminTool', ...args],
      { env: { ...process.env, NEO4J_HOME: instanceDir, NEO4J_CONF: conf }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ failed: error !== null, stdout, stderr }),
    ),
  );
  if (r.failed) {
    const lines = `${r.stdout}\n${r.stderr}`
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("Run with '--verbose'"));
    // its first logged ERROR says why (`… ERROR [o.n.c.d.DumpCommand] Failed to dump database 'neo4j': The database is in use …`)
    const why = lines.map((l) => / ERROR +\[[^\]]*\] (.*)$/.exec(l)?.[1]).find(Boolean) ?? lines.at(-1) ?? 'no output';
    throw new Error(`neo4j-admin ${args.slice(0, 2).join(' ')} on instance ${instance} failed: ${why}`);
  }
  return r.stdout;
}
