/**
 * An installation for an office: writes behind ADMIN_TOKEN, reads behind READ_TOKEN when closed, the document store
 * and its rebuild, the audit trail, BASE_PATH behind a reverse proxy, and https from TLS_CERT / TLS_KEY.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type AppDeps } from '../server/app.ts';
import type { Db } from '../server/db/driver.ts';
import { importFiles, seedFiles } from '../server/load/import.ts';
import { importAndKeep } from '../server/load/kept.ts';
import { AuditTrail } from '../server/store/audit.ts';
import { DocumentStore, sha256Of } from '../server/store/documents.ts';
import { collect, commandEnv, freePort, getJson, listen, tsx, waitFor } from './helpers/app.ts';
import { clearGraph, openTestDb } from './helpers/db.ts';

const ADMIN = 'admin-7f3c9a1e5b2d4f60';
const READ = 'read-0c8e2a4b6d1f3a57';
const SEED_001 = seedFiles().find((f) => f.includes('001_'))!;

/** Every node but the audit trail and bookkeeping, and every relationship, in a stable order: the graph a user sees. */
async function dump(db: Db): Promise<string[]> {
  const nodes = await db.run('MATCH (n) WHERE NOT (n:Import OR n:Meta OR n:SchemaVersion OR n:AnalysisState) RETURN labels(n) AS l, properties(n) AS p');
  const rels = await db.run('MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p');
  const text = (o: unknown) =>
    JSON.stringify(o, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
  return [...nodes.records, ...rels.records].map((r) => text(r.toObject())).sort();
}

const count = async (db: Db, cypher: string) => (await db.run(cypher)).records[0]!.get('n') as number;

describe('an office installation', () => {
  let db: Db;
  let data: string;
  let store: DocumentStore;
  let audit: AuditTrail;
  let logged: string;
  const apps: { close: () => Promise<void> }[] = [];

  const start = async (o: Partial<AppDeps> = {}) => {
    const sink = new Writable({ write: (chunk, _enc, done) => ((logged += String(chunk)), done()) });
    const app = await listen(buildApp({ db, logger: pino({ level: 'info' }, sink), clientDir: '/nonexistent', tokens: { admin: ADMIN }, store, audit, ...o }));
    apps.push(app);
    return app.url;
  };
  const upload = (url: string, name: string, bytes: Buffer, authorization?: string) =>
    fetch(`${url}/api/documents?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/octet-stream', ...(authorization ? { authorization } : {}) },
    });
  const auditLines = () => (existsSync(audit.file) ? readFileSync(audit.file, 'utf8').trim().split('\n').filter(Boolean) : []).map((l) => JSON.parse(l));

  beforeAll(async () => {
    db = await openTestDb();
  });
  beforeEach(async () => {
    await clearGraph(db);
    data = mkdtempSync(path.join(tmpdir(), 'bg-office-'));
    // under a folder whose name starts with a dot, as the default .data/documents is
    store = new DocumentStore(path.join(data, '.data', 'documents'));
    audit = new AuditTrail(path.join(data, 'audit.jsonl'), db);
    logged = '';
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await db.close();
  });

  it('takes a document only with the admin token, keeps it byte for byte and records every attempt', async () => {
    const url = await start();
    const bytes = readFileSync(SEED_001);
    const name = path.basename(SEED_001);
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Bearer  ${ADMIN}`, `Basic ${ADMIN}`]) {
      const res = await upload(url, name, bytes, authorization);
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/admin token|Bearer <token>/);
    }
    // the token is checked before the body is read: a large body from anyone is not held in memory first
    const large = await upload(url, name, Buffer.alloc(21 * 2 ** 20, 0x41));
    expect(large.status).toBe(401);
    const inQuery = await fetch(`${url}/api/documents?name=${name}&token=${ADMIN}`, { method: 'POST', body: new Uint8Array(bytes) });
    expect(inQuery.status).toBe(400);
    expect(await count(db, 'MATCH (d:Document) RETURN count(d) AS n')).toBe(0);
    expect(store.versions()).toEqual([]);

    const ok = await upload(url, name, bytes, `Bearer ${ADMIN}`);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { results: { file: string; outcome: string; posts: number; items: number }[]; audit: { id: string } };
    // seed 001 is one bureau's table of 4 posts and 10 work items
    expect(body.results).toMatchObject([{ file: name, outcome: 'created', posts: 4, items: 10 }]);
    const kept = path.join(store.dir, sha256Of(bytes), name);
    expect(readFileSync(kept).equals(bytes)).toBe(true);
    expect(await count(db, `MATCH (p:Post {doc: '${name}'}) RETURN count(p) AS n`)).toBe(4);

    const trail = auditLines();
    expect(trail.map((e) => [e.action, e.by, e.outcome])).toEqual([
      ['upload', 'anonymous', 'refused'],
      ['upload', 'anonymous', 'refused'],
      ['upload', 'anonymous', 'refused'],
      ['upload', 'anonymous', 'refused'],
      ['upload', 'anonymous', 'refused'],
      ['upload', 'ADMIN_TOKEN', 'ok'],
    ]);
    expect(trail[5]).toMatchObject({ id: body.audit.id, files: [{ name, sha256: sha256Of(bytes), bytes: bytes.length }] });
    expect(trail[0].request).toMatchObject({ method: 'POST', path: '/api/documents' });
    const node = await db.run('MATCH (i:Import {id: $id}) RETURN i.action AS action, i.by AS by, i.files AS files, i.sha256 AS sha', { id: body.audit.id });
    expect(node.records[0]?.toObject()).toEqual({ action: 'upload', by: 'ADMIN_TOKEN', files: [name], sha: [sha256Of(bytes)] });
    // the token is in no log line and no audit line
    expect(logged).toContain('/api/documents');
    expect(logged).not.toContain(ADMIN);
    expect(readFileSync(audit.file, 'utf8')).not.toContain(ADMIN);
  });

  it('refuses a document the parser cannot read, naming it, and writes nothing', async () => {
    const url = await start();
    await upload(url, 'first.txt', readFileSync(SEED_001), `Bearer ${ADMIN}`);
    const before = await dump(db);
    const res = await upload(url, '不是表格.txt', Buffer.from('会议纪要\n今天讨论了工作安排。\n'), `Bearer ${ADMIN}`);
    expect(res.status).toBe(400);
    const message = ((await res.json()) as { error: { message: string } }).error.message;
    expect(message).toMatch(/^不是表格\.txt: no 定岗定责 table found/);
    expect(await dump(db)).toEqual(before);
    expect([...store.current().keys()]).toEqual(['first.txt']);
    expect(auditLines().at(-1)).toMatchObject({ action: 'upload', outcome: 'refused', files: [{ name: '不是表格.txt' }] });
    expect(await count(db, 'MATCH (i:Import) RETURN count(i) AS n')).toBe(1);
  });

  it('keeps every version of a document and serves the original the graph was read from', async () => {
    const url = await start();
    const v1 = readFileSync(SEED_001);
    // the same table with one work item renamed: a new version under the same name
    const edited = Buffer.from(v1.toString('utf8').replace('一、用地预审会审工作', '一、用地预审会审会签工作'), 'utf8');
    expect(edited.equals(v1)).toBe(false);
    await upload(url, 'bureau.txt', v1, `Bearer ${ADMIN}`);
    const second = await upload(url, 'bureau.txt', edited, `Bearer ${ADMIN}`);
    expect(((await second.json()) as { results: { outcome: string }[] }).results[0]!.outcome).toBe('replaced');
    expect(await count(db, "MATCH (i:WorkItem {doc: 'bureau.txt'}) WHERE i.title CONTAINS '用地预审会审会签' RETURN count(i) AS n")).toBe(1);
    expect(store.versions().map((v) => v.sha256)).toEqual([sha256Of(v1), sha256Of(edited)]);
    expect(store.current().get('bureau.txt')!.sha256).toBe(sha256Of(edited));
    // both versions stay on disk under their own hash
    expect(readFileSync(store.pathOf('bureau.txt', sha256Of(v1))).equals(v1)).toBe(true);
    expect(readFileSync(store.pathOf('bureau.txt', sha256Of(edited))).equals(edited)).toBe(true);

    const original = await fetch(`${url}/api/documents/${encodeURIComponent('document:bureau.txt')}/original`);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-disposition')).toContain('bureau.txt');
    expect(Buffer.from(await original.arrayBuffer()).equals(edited)).toBe(true);
    // the details of a post say which document it came from, by id, so the panel can link to the original
    const anyPost = (await db.run("MATCH (p:Post {doc: 'bureau.txt'}) RETURN p.id AS id LIMIT 1")).records[0]!.get('id') as string;
    const details = await getJson(`${url}/api/nodes/${encodeURIComponent(anyPost)}`);
    expect(details.body.source).toMatchObject({ document: 'bureau.txt', documentId: 'document:bureau.txt', sha256: sha256Of(edited) });

    // a document imported without the store (by an older release) has no original to give
    const dir = mkdtempSync(path.join(tmpdir(), 'bg-unkept-'));
    writeFileSync(path.join(dir, 'unkept.txt'), v1);
    await importFiles(db, [path.join(dir, 'unkept.txt')]);
    const missing = await fetch(`${url}/api/documents/${encodeURIComponent('document:unkept.txt')}/original`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('import it again');
    expect((await fetch(`${url}/api/documents/${encodeURIComponent('document:nothing.txt')}/original`)).status).toBe(404);
  });

  it('rebuilds the same graph from the store, and refuses when the store lacks a document of the graph', async () => {
    const url = await start();
    await importAndKeep(db, seedFiles(), { store, audit, by: 'test' });
    const before = await dump(db);
    expect(before.length).toBeGreaterThan(3000);
    const res = await fetch(`${url}/api/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { file: string; outcome: string }[] };
    expect(body.results.map((r) => [r.file, r.outcome])).toEqual(seedFiles().map((f) => [path.basename(f), 'created']));
    expect(await dump(db)).toEqual(before);
    expect(await count(db, "MATCH (i:Import) WHERE i.action IN ['import', 'rebuild'] RETURN count(i) AS n")).toBe(2);

    const dir = mkdtempSync(path.join(tmpdir(), 'bg-unkept-'));
    writeFileSync(path.join(dir, 'only-in-graph.txt'), readFileSync(SEED_001));
    await importFiles(db, [path.join(dir, 'only-in-graph.txt')]);
    const withExtra = await dump(db);
    const refused = await fetch(`${url}/api/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('only-in-graph.txt');
    expect(await dump(db)).toEqual(withExtra);
  });

  it('closes reads with READ_TOKEN, and refuses every write when the server has no ADMIN_TOKEN', async () => {
    const closed = await start({ tokens: { admin: ADMIN, read: READ } });
    expect((await fetch(`${closed}/api/units`)).status).toBe(401);
    expect((await fetch(`${closed}/api/units`, { headers: { authorization: `Bearer ${READ}` } })).status).toBe(200);
    expect((await fetch(`${closed}/api/units`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);
    expect((await fetch(`${closed}/api/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${READ}` } })).status).toBe(401);
    // a monitor needs no token
    expect((await fetch(`${closed}/healthz`)).status).toBe(200);

    const readOnly = await start({ tokens: {} });
    expect((await fetch(`${readOnly}/api/units`)).status).toBe(200);
    // a proxy's own login (Basic) is no token of ours, and an open installation ignores it
    expect((await fetch(`${readOnly}/api/units`, { headers: { authorization: 'Basic dXNlcjpwdw==' } })).status).toBe(200);
    const write = await fetch(`${readOnly}/api/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { error: { message: string } }).error.message).toContain('no ADMIN_TOKEN');
    expect(auditLines().map((e) => [e.action, e.outcome])).toEqual([
      ['rebuild', 'refused'],
      ['rebuild', 'refused'],
    ]);
  });

  it('serves the page, its assets, the API and the docs under BASE_PATH', async () => {
    const client = path.join(data, 'client');
    mkdirSync(path.join(client, 'assets'), { recursive: true });
    writeFileSync(path.join(client, 'index.html'), '<!doctype html><html><head><script src="./assets/app.js"></script></head><body></body></html>');
    writeFileSync(path.join(client, 'assets/app.js'), 'console.log(1)');
    await importFiles(db, [SEED_001]);
    const url = await start({ basePath: '/bureau-graph', clientDir: client });
    const page = await fetch(`${url}/bureau-graph/org`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<base href="/bureau-graph/" />');
    expect((await fetch(`${url}/bureau-graph/assets/app.js`)).status).toBe(200);
    expect((await getJson(`${url}/bureau-graph/api/units`)).status).toBe(200);
    expect((await fetch(`${url}/bureau-graph/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/api/units`)).status).toBe(404);
    const doc = (await (await fetch(`${url}/bureau-graph/api/openapi.json`)).json()) as { servers: { url: string }[]; paths: Record<string, unknown> };
    expect(doc.servers).toEqual([{ url: '/bureau-graph' }]);
    expect(Object.keys(doc.paths)).toContain('/api/documents');
    const docs = await fetch(`${url}/bureau-graph/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
    const root = await fetch(`${url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/bureau-graph/');
  });

  it('serves https itself from TLS_CERT and TLS_KEY, and stops at start naming a wrong setting', async () => {
    const tls = path.resolve('test/fixtures/tls');
    const failing = async (extra: Record<string, string>) => {
      const child = spawn(tsx, ['server/main.ts'], { env: commandEnv({ PORT: '0', SKIP_SEED_IMPORT: 'true', ...extra }), stdio: ['ignore', 'pipe', 'pipe'] });
      const out = collect(child);
      const code = await new Promise<number | null>((r) => child.once('exit', r));
      return { code, text: out.text };
    };
    const mismatched = await failing({ TLS_CERT: path.join(tls, 'cert.pem'), TLS_KEY: path.join(tls, 'other-key.pem') });
    expect(mismatched.code).toBe(1);
    expect(mismatched.text).toMatch(/^bureau-graph: TLS_KEY: .*other-key\.pem is not the private key of the certificate/m);
    const missing = await failing({ TLS_CERT: path.join(tls, 'nope.pem'), TLS_KEY: path.join(tls, 'key.pem') });
    expect(missing.text).toMatch(/TLS_CERT: cannot read .*nope\.pem \(ENOENT\)/);
    const noSlash = await failing({ BASE_PATH: 'bureau-graph' });
    expect(noSlash.text).toContain('BASE_PATH: must start with a slash');
    for (const r of [missing, noSlash]) expect(r.text).not.toMatch(/\n\s+at /);

    const port = await freePort();
    const child = spawn(tsx, ['server/main.ts'], {
      env: commandEnv({ PORT: String(port), SKIP_SEED_IMPORT: 'true', TLS_CERT: path.join(tls, 'cert.pem'), TLS_KEY: path.join(tls, 'key.pem') }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = collect(child);
    try {
      await waitFor(() => out.text.includes('is serving'), 300_000);
      expect(out.text).toContain(`is serving https://127.0.0.1:${port}/`);
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port, path: '/healthz', ca: readFileSync(path.join(tls, 'cert.pem')), servername: 'localhost' }, (res) => {
            res.resume();
            resolve({ status: res.statusCode, ...res.headers });
          })
          .on('error', reject);
      });
      expect(headers.status).toBe(200);
      expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(headers['content-security-policy']).toContain('upgrade-insecure-requests');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });

  it.runIf(existsSync('dist/client/index.html'))(
    'serves the built client with start:prod, and the health check reports ready, not ready and down',
    async () => {
      const health = async (port: number) => {
        const child = spawn(tsx, ['scripts/health.ts'], { env: commandEnv({ PORT: String(port), BASE_PATH: '/bg' }), stdio: ['ignore', 'pipe', 'pipe'] });
        const out = collect(child);
        const code = await new Promise<number | null>((r) => child.once('exit', r));
        return { code, text: out.text.trim() };
      };
      const port = await freePort();
      const down = await health(port);
      expect(down.code).toBe(2);
      expect(down.text).toMatch(new RegExp(`^DOWN: http://127.0.0.1:${port}/bg/readyz`));

      const child = spawn(tsx, ['server/main.ts', '--prod'], {
        env: commandEnv({ PORT: String(port), SKIP_SEED_IMPORT: 'true', BASE_PATH: '/bg' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out = collect(child);
      try {
        await waitFor(() => out.text.includes('is serving'), 300_000);
        const page = await fetch(`http://127.0.0.1:${port}/bg/org`);
        expect(await page.text()).toContain('<base href="/bg/" />');
        // an empty graph: the app answers, but has nothing to show yet
        expect(await health(port)).toMatchObject({ code: 1, text: expect.stringMatching(/^NOT READY: .* answered 503/) });
        await importFiles(db, [SEED_001]);
        expect(await health(port)).toMatchObject({ code: 0, text: expect.stringMatching(/^OK: .* answered 200 .*"documents":1/) });
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  );
});
