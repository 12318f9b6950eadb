/**
 * Backups of everything the product keeps, in one tar.gz: the document store (DOCUMENTS_DIR, the whole tree byte for
 * byte), the audit log, and, for the local server, a dump of its Neo4j database; with a manifest of every entry's
 * size and sha256 and the graph's counts. A remote Neo4j (NEO4J_URI) cannot be dumped from here: its archive holds
 * the store and the audit log, and a restore rebuilds its graph from the store.
 *
 * Archive layout: manifest.json (first), documents/… (the store), audit.jsonl (when there was one),
 * neo4j/<database>.dump (local server).
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create as createTar, extract as extractTar, type ReadEntry } from 'tar';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { Db, type DbTarget } from '../db/driver.ts';
import { INSTANCES, neo4jAdmin, portAnswers, runningPid, startLocalNeo4j, stopLocalNeo4j, type LocalNeo4jOptions } from '../db/local-neo4j/index.ts';
import { graphTotals, nodesByLabel, relationshipsByType, stampGraphVersionAfter } from '../db/queries/backup.ts';
import { documentVersions, graphVersion, serverInfo } from '../db/queries/meta.ts';
import { applySchema } from '../db/schema.ts';
import { rebuildFromStore } from '../load/rebuild.ts';
import { DocumentStore } from '../store/documents.ts';

export const BACKUP_FORMAT = 'bureau-graph-backup';
export const BACKUP_FORMAT_VERSION = 1;

const MANIFEST = 'manifest.json';
const DOCUMENTS = 'documents';
const AUDIT = 'audit.jsonl';
const DUMPS = 'neo4j';

const Entry = z.object({ path: z.string().min(1), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const Counts = z.record(z.string(), z.number().int().nonnegative());
const GraphCounts = z.object({ nodes: z.number().int(), relationships: z.number().int(), labels: Counts, types: Counts });
export type GraphCounts = z.infer<typeof GraphCounts>;

const Manifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.iso.datetime(),
  source: z.object({
    /** 'local server' (dumped) or 'NEO4J_URI' (store only) */
    neo4j: z.enum(['local server', 'NEO4J_URI']),
    uri: z.string(),
    database: z.string(),
    server: z.object({ version: z.string(), edition: z.string() }),
  }),
  /** what is inside, in words a reader of the manifest needs: the store's size, whether an audit log and a dump came along */
  contents: z.object({
    documents: z.object({ path: z.literal(DOCUMENTS), files: z.number().int(), bytes: z.number().int() }),
    auditLog: z.object({ path: z.literal(AUDIT) }).nullable(),
    neo4jDump: z.object({ path: z.string(), database: z.string() }).nullable(),
  }),
  /** the graph when the backup was made */
  graph: GraphCounts,
  /** every folder of the archive (the store's empty ones too), then every file but the manifest */
  directories: z.array(z.string()),
  entries: z.array(Entry),
});
export type Manifest = z.infer<typeof Manifest>;

const quiet = (): void => undefined;

/** An archive restore will not touch anything for: corrupt, foreign, or not what its manifest says. The message names it. */
export class BackupRefused extends Error {}

/** Where the graph lives: its Bolt target, and the local server's instance when there is one to dump and load. */
export interface GraphPlace {
  db: DbTarget;
  /** absent for a remote NEO4J_URI: the archive holds the store alone and a restore rebuilds the graph from it */
  local?: LocalNeo4jOptions;
}

export interface BackupOptions extends GraphPlace {
  documentsDir: string;
  auditLog: string;
  backupDir: string;
  log?: (line: string) => void;
}

export interface BackupResult {
  archive: string;
  bytes: number;
  seconds: number;
  manifest: Manifest;
}

export interface RestoreOptions extends GraphPlace {
  archive: string;
  documentsDir: string;
  auditLog: string;
  log?: (line: string) => void;
}

export interface RestoreResult {
  manifest: Manifest;
  /** how the graph came back: the dump loaded, or rebuilt from the restored store */
  graph: 'dump loaded' | 'rebuilt from the store';
  counts: GraphCounts;
  seconds: number;
}

/** The graph and the folders of `npm run backup` and `npm run restore`: NEO4J_URI, or the local server's `dev` instance. */
export function placeFromConfig(config: Config): GraphPlace & { documentsDir: string; auditLog: string; backupDir: string } {
  const dirs = { documentsDir: config.DOCUMENTS_DIR, auditLog: config.AUDIT_LOG, backupDir: config.BACKUP_DIR };
  const creds = { user: config.NEO4J_USER, password: config.NEO4J_PASSWORD, database: config.NEO4J_DATABASE };
  if (config.NEO4J_URI) return { ...dirs, db: { uri: config.NEO4J_URI, ...creds } };
  const dev = INSTANCES.dev!;
  return { ...dirs, db: { uri: `bolt://127.0.0.1:${dev.boltPort}`, ...creds }, local: { instance: 'dev', ...dev, password: config.NEO4J_PASSWORD } };
}

async function withDb<T>(target: DbTarget, work: (db: Db) => Promise<T>): Promise<T> {
  const db = new Db(target);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Nodes per label and relationships per type, labels and types without any left out. */
export async function countGraph(db: Db): Promise<GraphCounts> {
  const [labels, types, totals] = await Promise.all([db.query(nodesByLabel, {}), db.query(relationshipsByType, {}), db.query(graphTotals, {})]);
  const tally = (rows: { name: string; n: number }[]) => Object.fromEntries(rows.filter((r) => r.n > 0).map((r) => [r.name, r.n]));
  return { nodes: totals[0]?.nodes ?? 0, relationships: totals[0]?.relationships ?? 0, labels: tally(labels), types: tally(types) };
}

/** Documents in the graph whose version the store does not hold: a graph rebuilt from the store would lack them. */
async function documentsNotStored(db: Db, documentsDir: string): Promise<string[]> {
  const store = new DocumentStore(documentsDir);
  return (await db.query(documentVersions, {})).filter((d) => !store.holds(d.name, d.sha256)).map((d) => d.name);
}

/** The local server's instance is ours to stop and start: refuses a Neo4j on its port that something else started (docker compose). */
async function checkOwnInstance(local: LocalNeo4jOptions): Promise<void> {
  if (runningPid(local.instance, local.home) === null && (await portAnswers(local.boltPort))) {
    throw new Error(
      `the Neo4j answering on 127.0.0.1:${local.boltPort} was not started by npm run neo4j:start (docker compose?), so it cannot be dumped or loaded ` +
        `from here; set NEO4J_URI=bolt://127.0.0.1:${local.boltPort} to back up or restore the documents and audit log and rebuild the graph from them`,
    );
  }
}

/**
 * Runs `work` with the local instance stopped: Community edition dumps and loads a database only offline. The
 * running app answers 503 with Retry-After meanwhile and recovers by itself once the server is back.
 * With `restart`, the instance is started again afterwards, even when `work` failed.
 */
async function whileStopped<T>(local: LocalNeo4jOptions, log: (l: string) => void, restart: boolean, work: () => Promise<T>): Promise<T> {
  log(`stopping Neo4j (${local.instance}); a running app answers 503 until it is back`);
  await stopLocalNeo4j(local.instance, local.home);
  try {
    return await work();
  } finally {
    if (restart) await startLocalNeo4j({ ...local, log });
  }
}

interface Tree {
  /** relative folder paths, '/'-separated, parents first */
  dirs: string[];
  /** relative file paths, '/'-separated */
  files: string[];
}

/** Every folder and file under `root`, sorted; anything else (a symbolic link, a socket) is refused, naming it. */
function walk(root: string, base = ''): Tree {
  const tree: Tree = { dirs: [], files: [] };
  if (!existsSync(root)) return tree;
  const entries = readdirSync(path.join(root, base), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const rel = base ? `${base}/${e.name}` : e.name;
    if (e.isDirectory()) {
      const sub = walk(root, rel);
      tree.dirs.push(rel, ...sub.dirs);
      tree.files.push(...sub.files);
    } else if (e.isFile()) tree.files.push(rel);
    else throw new Error(`${path.join(root, rel)} is neither a file nor a folder; a backup holds only those`);
  }
  return tree;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A file name for the archive: bureau-graph-<UTC date and time>.tar.gz, never one that exists. */
function archiveName(dir: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  for (let k = 1; ; k++) {
    const file = path.join(dir, `bureau-graph-${stamp}${k > 1 ? `-${k}` : ''}.tar.gz`);
    if (!existsSync(file) && !existsSync(`${file}.partial`)) return file;
  }
}

const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Writes a dated archive of the store, the audit log and (local server) a Neo4j dump into `backupDir`. */
export async function backup(o: BackupOptions): Promise<BackupResult> {
  const log = o.log ?? quiet;
  const t0 = performance.now();
  if (inside(o.backupDir, o.documentsDir))
    throw new Error(`BACKUP_DIR ${o.backupDir} lies inside DOCUMENTS_DIR ${o.documentsDir}: each backup would hold the ones before`);
  let wasRunning = true;
  if (o.local) {
    await checkOwnInstance(o.local);
    // counting needs the server up; one that was stopped is started for it and left stopped afterwards
    wasRunning = runningPid(o.local.instance, o.local.home) !== null;
    if (!wasRunning) await startLocalNeo4j({ ...o.local, log });
  }
  const { graph, server, notStored } = await withDb(o.db, async (db) => ({
    graph: await countGraph(db),
    server: (await db.query(serverInfo, {}))[0]!,
    notStored: o.local ? [] : await documentsNotStored(db, o.documentsDir),
  }));
  if (notStored.length) {
    log(
      `warning: the graph holds ${notStored.length} document(s) the store ${o.documentsDir} lacks (${notStored.slice(0, 3).join(', ')}${notStored.length > 3 ? ', …' : ''}); ` +
        'restoring this archive rebuilds the graph without them',
    );
  }
  mkdirSync(o.backupDir, { recursive: true });
  const staging = mkdtempSync(path.join(o.backupDir, '.staging-'));
  try {
    const dumpDir = path.join(staging, DUMPS);
    const copyFiles = () => {
      // copied aside first, so the archive and its checksums are of one moment even while the app keeps writing
      mkdirSync(path.join(staging, DOCUMENTS));
      if (existsSync(o.documentsDir)) cpSync(o.documentsDir, path.join(staging, DOCUMENTS), { recursive: true });
      if (existsSync(o.auditLog)) copyFileSync(o.auditLog, path.join(staging, AUDIT));
    };
    if (o.local) {
      const local = o.local;
      // with the server stopped nothing writes to the graph, and imports that also write the store cannot finish
      // halfway: the store copied meanwhile matches the dump
      await whileStopped(local, log, wasRunning, async () => {
        copyFiles();
        mkdirSync(dumpDir);
        log(`dumping database ${o.db.database} of instance ${local.instance}`);
        await neo4jAdmin(local.instance, ['database', 'dump', o.db.database, `--to-path=${dumpDir}`], local.home);
      });
    } else copyFiles();

    const tree = walk(staging);
    const entries = await Promise.all(
      tree.files.map(async (p) => ({ path: p, bytes: statSync(path.join(staging, p)).size, sha256: await sha256File(path.join(staging, p)) })),
    );
    const stored = entries.filter((e) => e.path.startsWith(`${DOCUMENTS}/`));
    const dumpPath = `${DUMPS}/${o.db.database}.dump`;
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      source: { neo4j: o.local ? 'local server' : 'NEO4J_URI', uri: o.db.uri, database: o.db.database, server },
      contents: {
        documents: { path: DOCUMENTS, files: stored.length, bytes: stored.reduce((n, e) => n + e.bytes, 0) },
        auditLog: existsSync(path.join(staging, AUDIT)) ? { path: AUDIT } : null,
        neo4jDump: o.local ? { path: dumpPath, database: o.db.database } : null,
      },
      graph,
      directories: tree.dirs,
      entries,
    };
    if (o.local && !entries.some((e) => e.path === dumpPath)) throw new Error(`neo4j-admin wrote no ${dumpPath}`);
    writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);

    const archive = archiveName(o.backupDir, new Date(manifest.createdAt));
    const partial = `${archive}.partial`;
    const top = [
      MANIFEST,
      ...readdirSync(staging)
        .filter((n) => n !== MANIFEST)
        .sort(),
    ];
    // portable: no owner names or ids, so an archive restores the same on any machine
    try {
      await createTar({ gzip: true, file: partial, cwd: staging, portable: true }, top);
    } catch (e) {
      rmSync(partial, { force: true });
      throw e;
    }
    renameSync(partial, archive);
    const bytes = statSync(archive).size;
    log(`wrote ${archive} (${bytes} bytes)`);
    return { archive, bytes, seconds: (performance.now() - t0) / 1000, manifest };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Extracts `archive` into `dir` and checks all of it: a gzip'd tar of files and folders only, whose manifest is
 * ours, in a format version this code reads, listing exactly the files present with their sizes and checksums, and
 * the dump where it says there is one. Refuses with one line naming the archive.
 */
export async function readArchive(archive: string, dir: string): Promise<Manifest> {
  const refuse = (why: string) => new BackupRefused(`${archive}: ${why}`);
  if (!existsSync(archive)) throw refuse('no such file');
  const odd: string[] = [];
  try {
    await extractTar({
      file: archive,
      cwd: dir,
      // strict: any warning (a path leaving the folder, a truncated entry) is an error
      strict: true,
      filter: (p: string, entry: unknown) => {
        const type = (entry as ReadEntry).type;
        if (type === 'File' || type === 'OldFile' || type === 'Directory') return true;
        odd.push(`${p} (${type})`);
        return false;
      },
    });
  } catch (e) {
    throw refuse(`not a readable tar.gz archive (${e instanceof Error ? e.message : String(e)})`);
  }
  if (odd.length) throw refuse(`holds entries that are neither files nor folders: ${odd.slice(0, 3).join(', ')}`);
  const manifestFile = path.join(dir, MANIFEST);
  if (!existsSync(manifestFile)) throw refuse(`not a bureau-graph backup (no ${MANIFEST})`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    throw refuse(`not a bureau-graph backup (${MANIFEST} is not JSON)`);
  }
  const head = z.object({ format: z.string(), version: z.unknown() }).safeParse(raw);
  if (!head.success || head.data.format !== BACKUP_FORMAT) throw refuse(`not a bureau-graph backup (${MANIFEST} is not of the ${BACKUP_FORMAT} format)`);
  if (head.data.version !== BACKUP_FORMAT_VERSION) {
    throw refuse(`made in ${BACKUP_FORMAT} version ${JSON.stringify(head.data.version)}; this code reads version ${BACKUP_FORMAT_VERSION}`);
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw refuse(`its ${MANIFEST} is damaged (${i.path.join('.') || '(top)'}: ${i.message})`);
  }
  const m = parsed.data;
  const tree = walk(dir);
  const present = new Set(tree.files.filter((f) => f !== MANIFEST));
  const listed = new Set(m.entries.map((e) => e.path));
  const extra = [...present].filter((f) => !listed.has(f));
  if (extra.length) throw refuse(`holds files its manifest does not list: ${extra.slice(0, 3).join(', ')}`);
  for (const e of m.entries) {
    const file = path.join(dir, e.path);
    if (!present.has(e.path)) throw refuse(`lacks ${e.path}, which its manifest lists`);
    if (statSync(file).size !== e.bytes || (await sha256File(file)) !== e.sha256) throw refuse(`${e.path} does not match its checksum in the manifest`);
  }
  const dirs = new Set(tree.dirs);
  const missingDir = m.directories.find((d) => !dirs.has(d));
  if (missingDir !== undefined) throw refuse(`lacks the folder ${missingDir}, which its manifest lists`);
  if (!dirs.has(m.contents.documents.path)) throw refuse(`lacks the document store (${m.contents.documents.path}/)`);
  if (m.contents.neo4jDump && !listed.has(m.contents.neo4jDump.path)) throw refuse(`lacks the Neo4j dump ${m.contents.neo4jDump.path} its manifest announces`);
  if (m.contents.auditLog && !listed.has(m.contents.auditLog.path)) throw refuse(`lacks the audit log ${m.contents.auditLog.path} its manifest announces`);
  return m;
}

/** Empties `dir` (made if missing) and copies the contents of `from` into it. */
function replaceContents(dir: string, from: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) rmSync(path.join(dir, name), { recursive: true, force: true });
  cpSync(from, dir, { recursive: true });
}

/** The archive's store and audit log in place of the current ones; no audit log in the archive: none after. */
function restoreFiles(staged: string, m: Manifest, o: RestoreOptions): void {
  replaceContents(o.documentsDir, path.join(staged, m.contents.documents.path));
  if (m.contents.auditLog) {
    mkdirSync(path.dirname(o.auditLog), { recursive: true });
    copyFileSync(path.join(staged, m.contents.auditLog.path), o.auditLog);
  } else rmSync(o.auditLog, { force: true });
}

const differences = (want: GraphCounts, got: GraphCounts): string[] =>
  [
    ...Object.entries({ nodes: [want.nodes, got.nodes], relationships: [want.relationships, got.relationships] }),
    ...[...new Set([...Object.keys(want.labels), ...Object.keys(got.labels)])].map((k) => [`:${k}`, [want.labels[k] ?? 0, got.labels[k] ?? 0]] as const),
    ...[...new Set([...Object.keys(want.types), ...Object.keys(got.types)])].map((k) => [`[:${k}]`, [want.types[k] ?? 0, got.types[k] ?? 0]] as const),
  ]
    .filter(([, [a, b]]) => a !== b)
    .map(([k, [a, b]]) => `${k} ${b} instead of ${a}`);

/**
 * Brings an archive back. The whole archive is read and checked first; a corrupt or foreign one is refused before
 * anything is touched. Then, for the local server with a dump: the instance stopped, the dump loaded over the
 * database, the store and audit log replaced, the instance started, the counts checked against the manifest.
 * Otherwise (NEO4J_URI, or an archive without a dump): the store and audit log replaced, the graph rebuilt from the store.
 */
export async function restore(o: RestoreOptions): Promise<RestoreResult> {
  const log = o.log ?? quiet;
  const t0 = performance.now();
  const staged = mkdtempSync(path.join(tmpdir(), 'bureau-graph-restore-'));
  try {
    const m = await readArchive(o.archive, staged);
    log(`${o.archive}: checked ${m.entries.length} files (${m.contents.documents.files} in the store) against the manifest of ${m.createdAt}`);
    const dump = m.contents.neo4jDump;
    if (o.local && dump) {
      const local = o.local;
      await checkOwnInstance(local);
      if (dump.database !== o.db.database) log(`loading the dump of database ${dump.database} as ${o.db.database}`);
      // a stopped instance is started first (a fresh one gets its conf and password so), and left stopped afterwards
      const wasRunning = runningPid(local.instance, local.home) !== null;
      if (!wasRunning) await startLocalNeo4j({ ...local, log });
      const versionBefore = await withDb(o.db, async (db) => (await db.query(graphVersion, {}))[0]?.v ?? 0);
      await whileStopped(local, log, true, async () => {
        log(`loading ${dump.path} into database ${o.db.database} of instance ${local.instance}`);
        const from = path.join(staged, path.dirname(dump.path));
        // neo4j-admin reads <database>.dump from the folder: the dump is renamed when it is loaded under another name
        if (dump.database !== o.db.database) renameSync(path.join(staged, dump.path), path.join(from, `${o.db.database}.dump`));
        await neo4jAdmin(local.instance, ['database', 'load', o.db.database, `--from-path=${from}`, '--overwrite-destination=true'], local.home);
        restoreFiles(staged, m, o);
      });
      const counts = await withDb(o.db, async (db) => {
        await db.query(stampGraphVersionAfter, { atLeast: versionBefore + 1 });
        return countGraph(db);
      });
      if (!wasRunning) await stopLocalNeo4j(local.instance, local.home);
      const diff = differences(m.graph, counts);
      if (diff.length) throw new Error(`the restored graph differs from ${o.archive}'s manifest: ${diff.join(', ')}`);
      return { manifest: m, graph: 'dump loaded', counts, seconds: (performance.now() - t0) / 1000 };
    }
    if (dump) log(`the archive's Neo4j dump cannot be loaded into ${o.db.uri}; the graph is rebuilt from the restored store instead`);
    let startedHere = false;
    if (o.local) {
      await checkOwnInstance(o.local);
      startedHere = runningPid(o.local.instance, o.local.home) === null;
      if (startedHere) await startLocalNeo4j({ ...o.local, log });
    }
    restoreFiles(staged, m, o);
    const counts = await withDb(o.db, async (db) => {
      await applySchema(db);
      // the archive's store is what the graph should hold now, so documents only the current graph has go with it
      await rebuildFromStore(db, o.documentsDir, log, { force: true });
      return countGraph(db);
    });
    if (o.local && startedHere) await stopLocalNeo4j(o.local.instance, o.local.home);
    return { manifest: m, graph: 'rebuilt from the store', counts, seconds: (performance.now() - t0) / 1000 };
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
}
