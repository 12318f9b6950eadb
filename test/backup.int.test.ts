/**
 * npm run backup and npm run restore, round trip, on a local Neo4j instance of their own (`backup`, ports 7691/7478):
 * the backup stops and starts its server, which the suite's shared instance must never see.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { create as createTar, list as listTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db, type DbTarget } from '../server/db/driver.ts';
import { INSTANCES, runningPid, startLocalNeo4j, stopLocalNeo4j, type LocalNeo4jOptions } from '../server/db/local-neo4j/index.ts';
import { applySchema } from '../server/db/schema.ts';
import { importFiles, seedFiles } from '../server/load/import.ts';
import { BackupRefused, backup, countGraph, restore, type BackupOptions } from '../server/ops/backup.ts';
import { qualityReport } from '../server/services/quality.ts';
import { DocumentStore } from '../server/store/documents.ts';
import { clearGraph } from './helpers/db.ts';
import { startApp, tsx } from './helpers/app.ts';

const run = promisify(execFile);
const PASSWORD = 'bureau-graph-backup';
const local: LocalNeo4jOptions = { instance: 'backup', ...INSTANCES.backup!, password: PASSWORD, log: () => undefined };
const target: DbTarget = { uri: `bolt://127.0.0.1:${local.boltPort}`, user: 'neo4j', password: PASSWORD, database: 'neo4j' };

/** Every folder and file under `dir`, files with their bytes: what "byte for byte" is checked against. */
function snapshot(dir: string, base = ''): Record<string, Buffer | 'folder'> {
  const out: Record<string, Buffer | 'folder'> = {};
  for (const e of readdirSync(path.join(dir, base), { withFileTypes: true })) {
    const rel = path.join(base, e.name);
    if (e.isDirectory()) Object.assign(out, { [rel]: 'folder' }, snapshot(dir, rel));
    else out[rel] = readFileSync(path.join(dir, rel));
  }
  return out;
}

/** Answers a user of the explorer and of Neo4j Browser would look at. */
async function answers(db: Db) {
  const rows = async (cypher: string) => (await db.run(cypher)).records.map((r) => r.toObject());
  return {
    topLeads: await rows(
      `MATCH (p:Person)-[:LEADS]->(i:WorkItem) RETURN p.name AS person, p.bureau AS bureau, count(i) AS items ORDER BY items DESC, person LIMIT 5`,
    ),
    vacant: await rows('MATCH (p:Post {vacant: true})-[:IN_UNIT]->(u:Unit) RETURN u.name AS unit, p.title AS post ORDER BY unit, post'),
    search: await rows("CALL db.index.fulltext.queryNodes('search', '耕地保护') YIELD node RETURN count(node) AS hits"),
    // spellings in the order the graph returns them, which a graph rebuilt by concurrent imports need not repeat
    quality: await qualityReport(db).then((q) => ({ ...q, nameVariantsMerged: q.nameVariantsMerged.map((v) => ({ ...v, written: [...v.written].sort() })) })),
  };
}

async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const db = new Db(target);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

describe('backup and restore', () => {
  const savedEnv = { heap: process.env.NEO4J_HEAP, pagecache: process.env.NEO4J_PAGECACHE };
  let tmp: string;
  let o: BackupOptions;

  beforeAll(async () => {
    // a small server beside the suite's own one
    process.env.NEO4J_HEAP = '1g';
    process.env.NEO4J_PAGECACHE = '256m';
    await startLocalNeo4j(local);
    tmp = mkdtempSync(path.join(tmpdir(), 'backup-test-'));
    o = { db: target, local, documentsDir: path.join(tmp, 'documents'), auditLog: path.join(tmp, 'audit.jsonl'), backupDir: path.join(tmp, 'backups') };
    await withDb(async (db) => {
      await clearGraph(db);
      await applySchema(db);
      await importFiles(db, seedFiles());
    });
    const store = new DocumentStore(o.documentsDir);
    for (const f of seedFiles()) store.add(f);
    // the whole tree is kept as it is: a file the store does not index, bytes that are not text, an empty folder
    mkdirSync(path.join(o.documentsDir, 'notes/empty'), { recursive: true });
    writeFileSync(path.join(o.documentsDir, 'notes/readme.txt'), '备注\n');
    writeFileSync(path.join(o.documentsDir, 'notes/bytes.bin'), Buffer.from([0, 255, 1, 254, 0x1f, 0x8b]));
    writeFileSync(o.auditLog, `${JSON.stringify({ action: 'import', by: 'cli:test', outcome: 'ok' })}\n`);
  });

  afterAll(async () => {
    await stopLocalNeo4j(local.instance);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    process.env.NEO4J_HEAP = savedEnv.heap;
    process.env.NEO4J_PAGECACHE = savedEnv.pagecache;
    if (savedEnv.heap === undefined) delete process.env.NEO4J_HEAP;
    if (savedEnv.pagecache === undefined) delete process.env.NEO4J_PAGECACHE;
  });

  let archive: string;

  it('writes a dated archive with the store, the audit log and a dump, each entry with its size and checksum, and the graph counted', async () => {
    const before = await withDb(countGraph);
    const app = await startApp(new Db(target, { failFast: true }));
    try {
      const r = await backup(o);
      archive = r.archive;
      expect(path.basename(archive)).toMatch(/^bureau-graph-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.tar\.gz$/);
      const m = r.manifest;
      expect(m).toMatchObject({ format: 'bureau-graph-backup', version: 1, source: { neo4j: 'local server', database: 'neo4j' } });
      expect(m.contents).toMatchObject({ documents: { files: 8 }, auditLog: { path: 'audit.jsonl' }, neo4jDump: { path: 'neo4j/neo4j.dump' } });
      expect(m.graph).toEqual(before);
      expect(m.graph.labels).toMatchObject({ Document: 5, Post: 66, WorkItem: 172 });
      const listed: string[] = [];
      await listTar({ file: archive, onReadEntry: (e) => void listed.push(e.path) });
      expect(listed[0]).toBe('manifest.json');
      for (const e of m.entries) expect(listed).toContain(e.path);
      const bytes = readFileSync(path.join(o.documentsDir, 'notes/bytes.bin'));
      expect(m.entries.find((e) => e.path === 'documents/notes/bytes.bin')).toEqual({
        path: 'documents/notes/bytes.bin',
        bytes: 6,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
      expect(m.directories).toContain('documents/notes/empty');
      // the server was stopped for the dump and started again: an app that was running recovers by itself
      let status = 0;
      for (let k = 0; k < 60 && status !== 200; k++) {
        status = (await fetch(`${app.url}/api/units`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 500));
      }
      expect(status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('brings back, after the graph and the store were wiped, the same graph, the same answers and the store byte for byte', async () => {
    const before = await withDb(async (db) => ({ counts: await countGraph(db), answers: await answers(db) }));
    const store = snapshot(o.documentsDir);
    const audit = readFileSync(o.auditLog);
    await withDb(clearGraph);
    rmSync(o.documentsDir, { recursive: true });
    mkdirSync(path.join(o.documentsDir, 'other'), { recursive: true });
    writeFileSync(path.join(o.documentsDir, 'other/stray.txt'), 'not in the backup');
    writeFileSync(o.auditLog, 'later\n');
    expect((await withDb(countGraph)).nodes).toBe(0);

    const r = await restore({ ...o, archive });
    expect(r.graph).toBe('dump loaded');
    const after = await withDb(async (db) => ({ counts: await countGraph(db), answers: await answers(db) }));
    expect(after.counts).toEqual(before.counts);
    expect(after.answers).toEqual(before.answers);
    expect(after.answers.topLeads[0]).toEqual({ person: '王金峰', bureau: '山亭区自然资源局', items: 16 });
    expect(snapshot(o.documentsDir)).toEqual(store);
    expect(readFileSync(o.auditLog)).toEqual(audit);
    expect(runningPid(local.instance)).not.toBeNull();
  });

  it('refuses a truncated archive and a foreign tar.gz, naming the file, before touching the database or the store', async () => {
    const truncated = path.join(tmp, 'truncated.tar.gz');
    writeFileSync(truncated, readFileSync(archive).subarray(0, Math.floor(readFileSync(archive).length / 2)));
    const foreignDir = path.join(tmp, 'foreign');
    mkdirSync(foreignDir);
    writeFileSync(path.join(foreignDir, 'photo.txt'), 'holiday');
    const foreign = path.join(tmp, 'foreign.tar.gz');
    await createTar({ gzip: true, file: foreign, cwd: foreignDir }, ['photo.txt']);

    const pid = runningPid(local.instance);
    const counts = await withDb(countGraph);
    const store = snapshot(o.documentsDir);
    const refusal = (file: string) =>
      restore({ ...o, archive: file }).then(
        () => 'restored',
        (e: unknown) => e,
      );
    const t = await refusal(truncated);
    expect(t).toBeInstanceOf(BackupRefused);
    expect((t as Error).message).toMatch(new RegExp(`^${truncated}: not a readable tar\\.gz archive`));
    const f = await refusal(foreign);
    expect(f).toBeInstanceOf(BackupRefused);
    expect((f as Error).message).toBe(`${foreign}: not a bureau-graph backup (no manifest.json)`);
    // nothing was stopped, loaded or replaced
    expect(runningPid(local.instance)).toBe(pid);
    expect(await withDb(countGraph)).toEqual(counts);
    expect(snapshot(o.documentsDir)).toEqual(store);

    // and the command line says so in one line, exit 1 (the archive is read before any database is looked for)
    const env = { ...process.env, DOCUMENTS_DIR: o.documentsDir, AUDIT_LOG: o.auditLog, BACKUP_DIR: o.backupDir };
    const cli = await run(tsx, ['scripts/restore.ts', truncated], { env }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^restore: ${truncated}: not a readable tar\\.gz archive .*; nothing was changed$`)),
    ]);
  });

  it('for NEO4J_URI, archives the store and audit log alone and restores the graph by rebuilding it from the store', async () => {
    const remote = { ...o, local: undefined };
    const before = await withDb(async (db) => ({ counts: await countGraph(db), answers: await answers(db) }));
    const store = snapshot(o.documentsDir);
    const r = await backup(remote);
    expect(r.manifest.contents.neo4jDump).toBeNull();
    expect(r.manifest.entries.some((e) => e.path.startsWith('neo4j/'))).toBe(false);
    await withDb(clearGraph);
    rmSync(o.documentsDir, { recursive: true });

    const back = await restore({ ...remote, archive: r.archive });
    expect(back.graph).toBe('rebuilt from the store');
    expect(snapshot(o.documentsDir)).toEqual(store);
    const after = await withDb(async (db) => ({ counts: await countGraph(db), answers: await answers(db) }));
    expect(after.counts).toEqual(before.counts);
    expect(after.answers).toEqual(before.answers);
  });
});
