/** The seeds imported into the real Neo4j: twice, changed, and refused; facts checked with Cypher. */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Db } from '../server/db/driver.ts';
import { importFiles, ImportRefused, seedFiles } from '../server/load/import.ts';
import { clearGraph, openTestDb } from './helpers/db.ts';

const run = promisify(execFile);

async function counts(db: Db): Promise<{ nodes: number; rels: number; byLabel: Record<string, number> }> {
  const nodes = (await db.run('MATCH (n) RETURN count(n) AS n')).records[0]!.get('n') as number;
  const rels = (await db.run('MATCH ()-[r]->() RETURN count(r) AS n')).records[0]!.get('n') as number;
  const labels = await db.run('MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS n ORDER BY l');
  return { nodes, rels, byLabel: Object.fromEntries(labels.records.map((r) => [r.get('l'), r.get('n')])) };
}

const one = async (db: Db, cypher: string, params: Record<string, unknown> = {}) => (await db.run(cypher, params)).records.map((r) => r.toObject());

/** The steps 林草资源培育业务岗 (a forestry centre's post) writes out, as the chain the graph holds. */
const forestrySteps = (db: Db) =>
  one(
    db,
    `MATCH (:Post {title: '林草资源培育业务岗'})-[:HAS_ITEM]->()-[:FOLLOWS]->(w)-[:FIRST_STEP]->(s)
     MATCH path = (s)-[:NEXT*0..]->(last) WHERE NOT (last)-[:NEXT]->()
     RETURN [n IN nodes(path) | n.text] AS steps`,
  );

describe('importing the seeds', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  // each test starts from the five seeds just imported, whatever the tests before it did
  beforeEach(async () => {
    await clearGraph(db);
    await importFiles(db, seedFiles());
  });
  afterAll(async () => db?.close());

  it('imports all five, and again without changing a node or relationship', async () => {
    await clearGraph(db);
    const first = await importFiles(db, seedFiles());
    expect(first.map((r) => r.outcome)).toEqual(['created', 'created', 'created', 'created', 'created']);
    const before = await counts(db);
    const second = await importFiles(db, seedFiles());
    expect(second.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(await counts(db)).toEqual(before);
    expect(before.byLabel).toMatchObject({ Document: 5, Post: 66, WorkItem: 172 });
  });

  it('counts the 16 work items 王金峰 leads, and the one he assists', async () => {
    const rows = await one(
      db,
      `MATCH (p:Person {name: '王金峰'}) RETURN p.bureau AS bureau, COUNT { (p)-[:LEADS]->() } AS leads, COUNT { (p)-[:ASSISTS]->() } AS assists`,
    );
    expect(rows).toEqual([{ bureau: '山亭区自然资源局', leads: 16, assists: 1 }]);
  });

  it('puts the three city departments under one bureau node', async () => {
    const rows = await one(
      db,
      `MATCH (d:Unit {kind: 'department'})-[:PART_OF]->(b:Unit) RETURN b.name AS bureau, b.kind AS kind, collect(d.name) AS departments`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ bureau: '市自然资源和规划局', kind: 'bureau' });
    expect((rows[0]!.departments as string[]).sort()).toEqual(['国土空间规划科', '耕地保护和生态修复科', '自然资源所有者权益和开发利用科'].sort());
  });

  it('keeps 00-1 of each bureau apart', async () => {
    const rows = await one(db, `MATCH (w:Workflow {code: '00-1'}) RETURN w.bureau AS bureau, w.printed AS printed, w.title AS title ORDER BY bureau`);
    expect(rows).toEqual([
      { bureau: '山亭区住房和城乡建设局', printed: true, title: '“三重一大”议事流程图' },
      { bureau: '山亭区自然资源局', printed: false, title: null },
    ]);
  });

  it('makes one person of 韩 山 and 韩山, and links centres, oversight and steps', async () => {
    expect(await one(db, `MATCH (p:Person {name: '韩山'}) RETURN count(p) AS n`)).toEqual([{ n: 1 }]);
    const oversees = await one(
      db,
      `MATCH (p:Post {title: '部门领导副职岗位2', doc: '000_ae071096d0a343be.txt'})-[:OVERSEES]->(u:Unit) RETURN u.name AS unit, u.kind AS kind ORDER BY unit`,
    );
    expect(oversees).toContainEqual({ unit: '山亭区林业资源发展中心', kind: 'centre' });
    expect(oversees).toContainEqual({ unit: '规划股', kind: 'section' });
    const steps = await forestrySteps(db);
    expect(steps).toEqual([{ steps: ['造林作业设计', '公开招标', '作业施工', '检查验收接到任务', '提供技术服务。'] }]);
  });

  it('points every fact back to its document and lines', async () => {
    const item = await one(
      db,
      `MATCH (i:WorkItem {title: '各级收文及公文督办'})-[s:SOURCED_FROM]->(d:Document) MATCH (i)<-[:HAS_ITEM]-(p:Post) RETURN d.name AS doc, s.lineStart AS line, p.title AS post`,
    );
    expect(item).toEqual([{ doc: '000_ae071096d0a343be.txt', line: 28, post: '业务岗2: 公文及日常政务岗' }]);
    const unsourced = await one(db, `MATCH (n) WHERE (n:Post OR n:WorkItem OR n:Duty OR n:Step) AND NOT (n)-[:SOURCED_FROM]->(:Document) RETURN count(n) AS n`);
    expect(unsourced).toEqual([{ n: 0 }]);
  });

  it("replaces a changed document's part of the graph and nothing else", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bg-'));
    const file = path.join(dir, '003_90b0739c8a746637.txt');
    const before = await counts(db);
    // the changed edition drops the last post (业务岗4) of 国土空间规划科
    const text = readFileSync(seedFiles()[3]!, 'utf8').split('\n');
    writeFileSync(file, text.slice(0, 17).join('\n') + '\n');
    expect((await importFiles(db, [file]))[0]!.outcome).toBe('replaced');
    const posts = await one(db, `MATCH (p:Post {doc: '003_90b0739c8a746637.txt'}) RETURN count(p) AS n`);
    expect(posts).toEqual([{ n: 5 }]);
    expect((await counts(db)).byLabel.Post).toBe(before.byLabel.Post! - 1);
    copyFileSync(seedFiles()[3]!, file);
    expect((await importFiles(db, [file]))[0]!.outcome).toBe('replaced');
    expect(await counts(db)).toEqual(before);
  });

  it('writes the same graph one document per transaction as all five in one', async () => {
    const together = await counts(db);
    await clearGraph(db);
    const alone = await importFiles(db, seedFiles(), { batchElements: 1 });
    expect(alone.map((r) => r.outcome)).toEqual(['created', 'created', 'created', 'created', 'created']);
    expect(await counts(db)).toEqual(together);
  });

  it('gives each document of a batch its own outcome', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bg-'));
    const changed = path.join(dir, '003_90b0739c8a746637.txt');
    writeFileSync(changed, readFileSync(seedFiles()[3]!, 'utf8').split('\n').slice(0, 17).join('\n') + '\n');
    const results = await importFiles(db, [seedFiles()[0]!, changed], { batchElements: 1e9 });
    expect(results.map((r) => [r.file, r.outcome])).toEqual([
      ['000_ae071096d0a343be.txt', 'unchanged'],
      ['003_90b0739c8a746637.txt', 'replaced'],
    ]);
    expect(await one(db, `MATCH (p:Post {doc: '003_90b0739c8a746637.txt'}) RETURN count(p) AS n`)).toEqual([{ n: 5 }]);
  });

  it('replaces several documents in one transaction, written steps, flowcharts and section heads included, leaving nothing behind', async () => {
    const before = await counts(db);
    const dir = mkdtempSync(path.join(tmpdir(), 'bg-'));
    // 000 (a centre's written steps) and 004 (printed flowcharts, section heads) with one more line: new bytes, same tables
    const files = [seedFiles()[0]!, seedFiles()[4]!].map((f) => {
      const to = path.join(dir, path.basename(f));
      writeFileSync(to, readFileSync(f, 'utf8') + '\n');
      return to;
    });
    const results = await importFiles(db, files, { batchElements: 1e9 });
    expect(results.map((r) => r.outcome)).toEqual(['replaced', 'replaced']);
    expect(await counts(db)).toEqual(before);
    expect(await one(db, 'MATCH (n:ReplacedPart) RETURN count(n) AS n')).toEqual([{ n: 0 }]);
    const found = await one(
      db,
      "CALL db.index.fulltext.queryNodes('search', '各级收文及公文督办') YIELD node WHERE node.title = '各级收文及公文督办' RETURN count(node) AS n",
    );
    expect(found).toEqual([{ n: 1 }]);
    const steps = await forestrySteps(db);
    expect(steps).toEqual([{ steps: ['造林作业设计', '公开招标', '作业施工', '检查验收接到任务', '提供技术服务。'] }]);
  });

  it('refuses two files of the same name from different folders', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bg-'));
    copyFileSync(seedFiles()[0]!, path.join(dir, path.basename(seedFiles()[0]!)));
    const before = await counts(db);
    await expect(importFiles(db, [seedFiles()[0]!, path.join(dir, path.basename(seedFiles()[0]!))])).rejects.toThrow(/has the same file name as .*seeds/);
    expect(await counts(db)).toEqual(before);
  });

  it('refuses a batch with a broken file before writing anything', async () => {
    const before = await counts(db);
    const dir = mkdtempSync(path.join(tmpdir(), 'bg-'));
    writeFileSync(path.join(dir, 'empty.txt'), '');
    await expect(importFiles(db, [seedFiles()[0]!, path.join(dir, 'empty.txt')])).rejects.toBeInstanceOf(ImportRefused);
    expect(await counts(db)).toEqual(before);
  });
});

describe('npm run import with bad files', () => {
  let db: Db;
  let dir: string;
  beforeAll(async () => {
    db = await openTestDb();
    dir = mkdtempSync(path.join(tmpdir(), 'bg-bad-'));
    const table = readFileSync(seedFiles()[1]!, 'utf8');
    writeFileSync(path.join(dir, 'empty.txt'), '');
    writeFileSync(path.join(dir, 'binary.txt'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]));
    // 序号\t岗位名称 in GBK
    writeFileSync(path.join(dir, 'gbk.txt'), Buffer.from([0xd0, 0xf2, 0xba, 0xc5, 0x09, 0xb8, 0xda, 0xce, 0xbb, 0xc3, 0xfb, 0xb3, 0xc6, 0x0a]));
    writeFileSync(path.join(dir, 'page.txt'), '<!DOCTYPE html>\n<html><head><title>定岗定责</title></head><body></body></html>\n');
    writeFileSync(path.join(dir, 'cut.txt'), table.slice(0, table.indexOf('详见09-2-1') - 40));
  });
  afterAll(async () => db?.close());

  it.each([
    ['empty.txt', /^import: empty\.txt: the file is empty$/],
    ['binary.txt', /^import: binary\.txt: the file is binary, not text$/],
    // GBK is read now: a header without any post under it is still no table
    ['gbk.txt', /^import: gbk\.txt: no 定岗定责 table found: no table has a header row with 岗位名称/],
    ['page.txt', /^import: page\.txt: no 定岗定责 table found: the document has no table$/],
    ['cut.txt', /^import: cut\.txt:11: the table is cut off/],
  ])('%s: one line naming the file, exit 1, database unchanged', async (name, message) => {
    const before = await counts(db);
    const target = inject('neo4j');
    const env = { ...process.env, NEO4J_URI: target.uri, NEO4J_USER: target.user, NEO4J_PASSWORD: target.password, NEO4J_DATABASE: target.database };
    const err = await run(path.resolve('node_modules/.bin/tsx'), ['server/load/cli.ts', path.join(dir, name)], { env }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    const lines = err!.stderr.trim().split('\n');
    expect(lines[0]).toMatch(message);
    expect(lines).toEqual([lines[0], 'import: nothing was written']);
    expect(await counts(db)).toEqual(before);
  });
});
