/** Hostile input and faults, each proven against the real Neo4j. (The load run is `npm run bench:load`.) */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mulberry32 } from '../server/analyses/duplicates.ts';
import { buildApp } from '../server/app.ts';
import { Db } from '../server/db/driver.ts';
import { importFiles, seedFiles } from '../server/load/import.ts';
import { MAX_BYTES, ParseError, parseFile } from '../server/parse/index.ts';
import { clearGraph, openTestDb } from './helpers/db.ts';
import { collect, commandEnv, freePort, listen, waitFor } from './helpers/app.ts';

const env = () => commandEnv();

const NASTY = [
  "') MATCH (n) DETACH DELETE n //",
  '"}]->(x) RETURN x UNION MATCH (n) RETURN n',
  '$limit',
  '${focus}',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '-99999999999',
  'NaN',
  'null',
  'true',
  '[]',
  '{"a":1}',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\uFFFF\uFFFE',
  '𠀀𠀁🏛️',
  '张亚'.repeat(300),
  'a'.repeat(10_000),
  'unit:' + 'x'.repeat(600),
  'post:000_ae071096d0a343be.txt/山亭区自然资源局/1',
  'person:山亭区自然资源局/王金峰',
  'Unit,Post,Person,WorkItem,Duty,Workflow,Step,Document',
  '*:*',
  'OR 1=1',
  '<script>alert(1)</script>',
];
const ROUTES: [string, string[]][] = [
  ['/api/graph', ['focus', 'depth', 'types', 'limit']],
  ['/api/nodes/', []],
  ['/api/people/overload', ['limit', 'lead', 'assist', 'post', 'unit', 'workflow']],
  ['/api/duplicates', ['minScore', 'limit', 'crossBureauOnly', 'show', 'grain', 'mark']],
  ['/api/duplicates/boundary', ['format']],
  ['/api/search', ['q', 'limit']],
  ['/api/path', ['from', 'to']],
  ['/api/export/csv', ['kind']],
  ['/api/units', ['x']],
  ['/api/org/reporting', ['y']],
];

describe('hostile input and faults', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
    await importFiles(db, seedFiles());
  });
  afterAll(async () => db?.close());

  it('answers 2,000 random and malicious requests without a 5xx, and the graph is untouched', async () => {
    const before = (await db.run('MATCH (n) RETURN count(n) AS n')).records[0]!.get('n');
    const app = await listen(buildApp({ db, logger: pino({ level: 'silent' }), clientDir: '/nonexistent', rateLimitPerMinute: 1_000_000 }));
    // seeded, so a failing run can be replayed
    const rand = mulberry32(20261123);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    const statuses = new Map<number, number>();
    let largest = 0;
    try {
      for (let i = 0; i < 2000; i++) {
        const [route, keys] = pick(ROUTES);
        const value = () => (rand() < 0.7 ? pick(NASTY) : String(Math.floor((rand() - 0.5) * 10 ** Math.floor(rand() * 12))));
        let url = route === '/api/nodes/' ? route + encodeURIComponent(value()) : route;
        const params = new URLSearchParams();
        for (const k of keys) if (rand() < 0.7) params.set(k, value());
        if (params.size) url += `?${params}`;
        const res = await fetch(app.url + url);
        const body = await res.arrayBuffer();
        largest = Math.max(largest, body.byteLength);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500 && res.status !== 503) throw new Error(`${res.status} for ${url}: ${Buffer.from(body).toString().slice(0, 300)}`);
      }
    } finally {
      await app.close();
    }
    console.log(
      `[fuzz] 2000 requests: ${[...statuses]
        .sort()
        .map(([k, v]) => `${v}×${k}`)
        .join(', ')}; largest body ${largest} bytes`,
    );
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(500);
    expect(statuses.get(200)).toBeGreaterThan(50);
    expect(largest).toBeLessThan(5_000_000);
    expect((await db.run('MATCH (n) RETURN count(n) AS n')).records[0]!.get('n')).toBe(before);
  });

  it('sends security headers, keeps CORS off unless allow-listed, limits rate, and echoes request ids', async () => {
    const closed = await listen(buildApp({ db, logger: pino({ level: 'silent' }), clientDir: '/nonexistent', rateLimitPerMinute: 3 }));
    const open = await listen(buildApp({ db, logger: pino({ level: 'silent' }), clientDir: '/nonexistent', corsOrigins: ['https://intranet.example'] }));
    try {
      const r = await fetch(closed.url + '/api/units', { headers: { origin: 'https://elsewhere.example', 'x-request-id': 'abc-123' } });
      expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
      expect(r.headers.get('x-request-id')).toBe('abc-123');
      expect(r.headers.get('x-powered-by')).toBeNull();
      await fetch(closed.url + '/api/units');
      await fetch(closed.url + '/api/units');
      const limited = await fetch(closed.url + '/api/units');
      expect(limited.status).toBe(429);
      expect((await limited.json()).error.code).toBe('rate_limited');
      const allowed = await fetch(open.url + '/api/units', { headers: { origin: 'https://intranet.example' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://intranet.example');
      const refused = await fetch(open.url + '/api/units', { headers: { origin: 'https://elsewhere.example' } });
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      const post = await fetch(open.url + '/api/units', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ x: 'y'.repeat(200_000) }),
      });
      expect(post.status).toBe(413);
    } finally {
      await closed.close();
      await open.close();
    }
  });

  it('asks browsers for https (HSTS, upgrade-insecure-requests) only where the page is served over https', async () => {
    const direct = await listen(buildApp({ db, logger: pino({ level: 'silent' }), clientDir: '/nonexistent' }));
    const proxied = await listen(buildApp({ db, logger: pino({ level: 'silent' }), clientDir: '/nonexistent', trustProxy: true }));
    try {
      const plain = await fetch(direct.url + '/healthz');
      expect(plain.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(plain.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
      expect(plain.headers.get('strict-transport-security')).toBeNull();
      // a reverse proxy that terminates TLS says so in X-Forwarded-Proto; believed only with TRUST_PROXY
      const behindTls = await fetch(proxied.url + '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
      expect(behindTls.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
      expect(behindTls.headers.get('strict-transport-security')).toContain('max-age=');
      const untrusted = await fetch(direct.url + '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
      expect(untrusted.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await direct.close();
      await proxied.close();
    }
  });

  it('drains requests and closes the driver on SIGTERM', async () => {
    // a graph whose GraphML runs to megabytes: more than the sockets hold, so its answer is still being sent when
    // the signal comes, as long as the client reads nothing yet (fetch leaves the body unread until asked)
    const dir = mkdtempSync(path.join(tmpdir(), 'bg-drain-'));
    writeFileSync(path.join(dir, 'drain.txt'), bigTable(4000));
    await importFiles(db, [path.join(dir, 'drain.txt')]);
    const port = await freePort();
    // node itself with tsx as a loader, as the systemd unit starts it (docs/deploy): tsx's launcher relays a SIGTERM
    // and SIGKILLs the server when it does not say within 30 ms that it got it, which a busy machine can miss
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...env(), PORT: String(port), SKIP_SEED_IMPORT: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = collect(child);
    await waitFor(() => out.text.includes('is serving'), 300_000);
    const res = await fetch(`http://127.0.0.1:${port}/api/export/graphml`);
    child.kill('SIGTERM');
    // the server's own log says what went wrong should the export fail
    if (res.status !== 200) console.log(`[drain] ${res.status}: ${await res.text()}\n${out.text.slice(-3000)}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body.length).toBeGreaterThan(8_000_000);
    expect(body.endsWith('</graphml>\n')).toBe(true);
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(0);
    expect(out.text).toContain('SIGTERM: draining requests');
    expect(out.text).toContain('"msg":"stopped"');
    expect(out.text).not.toContain(inject('neo4j').password);
  });

  it('leaves the old or the new version of a document after kill -9 mid-import, never a mix, and converges', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bg-kill-'));
    const file = path.join(dir, 'big.txt');
    const seed = readFileSync(seedFiles()[0]!, 'utf8').split('\n');
    writeFileSync(file, seed.join('\n'));
    await importFiles(db, [file]);
    const posts = async () => (await db.run("MATCH (p:Post {doc: 'big.txt'}) RETURN count(p) AS n")).records[0]!.get('n') as number;
    const oldCount = await posts();
    expect(oldCount).toBe(28);
    writeFileSync(file, bigTable(3000));
    // node itself with tsx as a loader, so the kill reaches the importer (tsx's launcher would leave it running)
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/load/cli.ts', file], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out = collect(child);
    await waitFor(() => out.text.includes('writing 1/1 big.txt'), 300_000);
    await new Promise((r) => setTimeout(r, 400));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const after = await posts();
    console.log(`[kill -9] after the kill the document has ${after} posts (old version ${oldCount}, new 3000)`);
    expect([oldCount, 3000]).toContain(after);
    await importFiles(db, [file]);
    expect(await posts()).toBe(3000);
    const orphans = await db.run("MATCH (i:WorkItem {doc: 'big.txt'}) WHERE NOT (i)<-[:HAS_ITEM]-(:Post) RETURN count(i) AS n");
    expect(orphans.records[0]!.get('n')).toBe(0);
  });

  it('reads a document of 10,000 posts, and refuses one over the size limit without reading it all', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bg-big-'));
    writeFileSync(path.join(dir, 'tenk.txt'), bigTable(10_000));
    const doc = await parseFile(path.join(dir, 'tenk.txt'));
    expect(doc.units[0]!.posts).toHaveLength(10_000);
    expect(doc.units[0]!.posts[9999]!.workItems[1]!.leads).toEqual(['王金峰']);
    const huge = path.join(dir, 'huge.txt');
    writeFileSync(huge, Buffer.alloc(MAX_BYTES + 30 * 1024 * 1024, 0x41));
    await expect(parseFile(huge)).rejects.toThrow(ParseError);
    await expect(parseFile(huge)).rejects.toThrow(/huge\.txt: the file has 80\.0 MiB; documents over 50 MiB are refused/);
  });
});

/** A bureau table with `n` posts of two items each, in the tab-table layout. */
function bigTable(n: number): string {
  const lines = [
    '## 山亭区测试局定岗定责定流程表',
    '',
    '序号\t岗位名称\t工作事项\t岗位职能描述\t岗位责任描述\t工作流程\t负责人\t\t备注',
    '\t\t\t\t\t\t牵头负责人\t辅助人员\t',
  ];
  for (let i = 1; i <= n; i++) {
    lines.push(`${i}\t业务岗${i}: 测试岗\t一、测绘项目登记管理${i}\t1. 组织管理区级测绘。\t1. 受理责任: 依法受理。\t9-6-3\t张 会\t李敬翰`);
    lines.push(`\t\t二、地图审核管理${i}\t承担地图审核。\t1. 审核责任: 审核。\t\t王金峰\t杜振江`);
  }
  return lines.join('\n') + '\n';
}
