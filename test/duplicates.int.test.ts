/**
 * Duplicated duties on the seeds in the real Neo4j, by meaning and wording: the pairs a careful reader marks, the
 * housekeeping ranked out, review marks that outlive re-imports, the 职责边界清单, meaning switched off, and a
 * document of thousands of near-identical items.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../server/db/driver.ts';
import { importFiles, seedFiles } from '../server/load/import.ts';
import { processMeaning } from '../server/embedding/meaning.ts';
import { PAIRS_PER_NODE } from '../server/services/similar.ts';
import { getJson, startOfficeApp } from './helpers/app.ts';
import { clearGraph, openTestDb } from './helpers/db.ts';

const ADMIN = 'duplicates-test-admin-token-0123456789';
/**
 * The app reads the graph's version at most once a second, since imports may come from another process (as they do
 * here): an answer may be a second old after an import.
 */
const settled = () => new Promise((resolve) => setTimeout(resolve, 1100));
const sideOf = (p: any, unit: string) => (p.a.unit === unit ? p.a : p.b.unit === unit ? p.b : null);
const has = (p: any, a: string, b: string) => [p.a.text, p.b.text].some((t) => t.startsWith(a)) && [p.a.text, p.b.text].some((t) => t.startsWith(b));

describe('duplicated duties by meaning and wording', () => {
  let db: Db;
  let app: Awaited<ReturnType<typeof startOfficeApp>>;
  const get = (p: string) => getJson(app.url + p);
  const mark = (body: object, token: string | null = ADMIN) =>
    fetch(app.url + '/api/duplicates/marks', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const dir = mkdtempSync(path.join(tmpdir(), 'bg-dup-'));

  beforeAll(async () => {
    const meaning = await processMeaning();
    // the model comes from Maven Central: without it this suite says so rather than testing wording alone
    if (!meaning.on) throw new Error(`the embedding model is needed here: ${meaning.reason}`);
    db = await openTestDb();
    await clearGraph(db);
    await importFiles(db, seedFiles(), { meaning });
    app = await startOfficeApp(db, ADMIN);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('says the pairs were found by meaning, with the model', async () => {
    const { body } = await get('/api/duplicates?limit=5');
    expect(body.meaning).toEqual({ on: true, model: 'bge-small-zh-v1.5-q', reason: null });
  });

  it.each([
    ['业务岗位7、建筑市场管理岗', '业务岗位1、建筑市场服务岗'],
    ['业务岗位8、招投标管理岗', '业务岗位2、招投标服务岗'],
    ['业务岗位9、建筑节能管理岗', '业务岗位3、建筑节能服务岗'],
    ['业务岗位10、人才培训管理岗', '业务岗位4、人才培训服务岗'],
  ])('pairs the housing bureau post %s with its own centre’s %s (004), though their items never share a title', async (bureauPost, centrePost) => {
    const { body } = await get('/api/duplicates?grain=post&limit=500');
    const pair = body.pairs.find((p: any) => has(p, bureauPost, centrePost));
    expect(pair).toMatchObject({ grain: 'post', scope: 'bureau-centre', likely: true, reason: 'meaning' });
    expect(sideOf(pair, '山亭区住房和城乡建设局')?.post).toBe(bureauPost);
    expect(sideOf(pair, '山亭区建筑业发展服务中心')?.post).toBe(centrePost);
    expect(pair.cosine).toBeGreaterThanOrEqual(0.78);
  });

  it('pairs duties worded differently: the district’s 有偿使用制度建设 and the city’s 拟定我市…有偿使用制度', async () => {
    const { body } = await get('/api/duplicates?grain=statement&limit=500');
    const pair = body.pairs.find((p: any) => has(p, '自然资源有偿使用制度建设', '拟定我市自然资源有偿使用制度'));
    expect(pair).toMatchObject({ scope: 'cross-bureau', likely: true });
    expect(pair.cosine).toBeGreaterThanOrEqual(0.75);
    expect(pair.shared).toContain('自然资源有偿使用制度');
    // both texts with their differences marked
    expect(pair.a.marked.some((s: any) => s.differs)).toBe(true);
    expect(pair.a.marked.map((s: any) => s.text).join('')).toBe(pair.a.text);
  });

  it('joins the district’s 造林绿化 duties and the forestry centre’s 林草资源培育 duties (000), which share almost no words', async () => {
    const { body } = await get('/api/duplicates?grain=statement&limit=500');
    const pairs = body.pairs.filter((p: any) => sideOf(p, '山亭区林业资源发展中心') && sideOf(p, '山亭区自然资源局'));
    const forestry = pairs.filter((p: any) => sideOf(p, '山亭区林业资源发展中心').text.startsWith('担全区森林、草原（地）资源保护'));
    expect(forestry.map((p: any) => sideOf(p, '山亭区自然资源局').text)).toContain('负责全区植树造林、封山育林、退耕还林还草等工作。');
    expect(forestry.every((p: any) => p.scope === 'bureau-centre' && p.lexical < 0.5)).toBe(true);
  });

  it('ranks housekeeping out of the list and keeps it with show=all', async () => {
    const likely = (await get('/api/duplicates?limit=500')).body;
    expect(likely.counts.housekeeping).toBeGreaterThan(0);
    expect(likely.pairs.some((p: any) => p.housekeeping === true)).toBe(false);
    expect(likely.pairs.some((p: any) => /其[他它]工作|全面工作/.test(p.a.text + p.b.text))).toBe(false);
    const all = (await get('/api/duplicates?show=all&limit=500')).body;
    const chores = all.pairs.filter((p: any) => p.housekeeping);
    expect(chores.length).toBe(likely.counts.housekeeping);
    expect(chores.every((p: any) => p.reason === 'housekeeping' && !p.likely)).toBe(true);
    // the city's planning section and the housing bureau each close with 其他工作 for their own office: not one public function
    expect(chores.some((p: any) => /其[他它]/.test(p.a.text) && /其[他它]/.test(p.b.text))).toBe(true);
    // the district's own personnel work and the housing bureau's
    expect(chores.some((p: any) => has(p, '事业单位人事管理工作', '人事管理工作'))).toBe(true);
  });

  it('keeps review marks behind the admin token, filters by them and lists them', async () => {
    const { body } = await get('/api/duplicates?grain=post&limit=500');
    const pair = body.pairs.find((p: any) => has(p, '业务岗位7、建筑市场管理岗', '业务岗位1、建筑市场服务岗'));
    expect((await mark({ keys: [pair.key], verdict: 'duplicate' }, null)).status).toBe(401);
    const unknown = await mark({ keys: ['nonsense'], verdict: 'duplicate' });
    expect(unknown.status).toBe(404);
    const refused: any = await unknown.json();
    expect(refused.error.message).toContain('nonsense');
    expect((await mark({ keys: [pair.key], verdict: 'maybe' })).status).toBe(400);
    const ok = await mark({ keys: [pair.key], verdict: 'duplicate', note: '局与中心均承担建筑市场监管' });
    expect(await ok.json()).toEqual({ marked: 1 });
    const confirmed = (await get('/api/duplicates?mark=duplicate')).body.pairs;
    expect(confirmed.map((p: any) => p.key)).toEqual([pair.key]);
    expect(confirmed[0].mark).toMatchObject({ verdict: 'duplicate', note: '局与中心均承担建筑市场监管', by: 'ADMIN_TOKEN' });
    expect((await get('/api/duplicates?mark=unmarked&grain=post&limit=500')).body.pairs.some((p: any) => p.key === pair.key)).toBe(false);
  });

  it('exports the 职责边界清单 as XLSX and CSV, the confirmed duty with its units and a suggested lead', async () => {
    const res = await fetch(app.url + '/api/duplicates/boundary?format=xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell('A1').text).toBe('职责边界清单');
    const header = sheet.getRow(4).values as string[];
    expect(header).toEqual(expect.arrayContaining(['职责事项', '涉及单位', '牵头单位（建议）', '配合单位（建议）', '审核']));
    const col = (name: string) => header.indexOf(name);
    const rows = sheet.getRows(5, sheet.rowCount - 4)!.map((r) => r.values as string[]);
    const places = (r: string[]) => String(r[col('岗位及原文（来源）')]);
    // two whole posts are a row of their own, named by the shorter title
    const titles = ['业务岗位1、建筑市场服务岗', '业务岗位7、建筑市场管理岗'];
    const market = rows.find((r) => titles.includes(String(r[col('职责事项')])) && titles.every((t) => places(r).includes(t)))!;
    expect(market[col('审核')]).toBe('已确认重复');
    expect(market[col('备注')]).toBe('局与中心均承担建筑市场监管');
    // the bureau manages, its centre assists: the suggestion reads the texts and the kind of unit
    expect(market[col('牵头单位（建议）')]).toBe('山亭区住房和城乡建设局');
    expect(market[col('配合单位（建议）')]).toBe('山亭区住房和城乡建设局/山亭区建筑业发展服务中心');
    expect(places(market)).toMatch(/004_7b182d738f404b3f\.txt 第\d+行/);
    // housekeeping never reaches the list
    expect(rows.some((r) => String(r[col('职责事项')]).startsWith('承担中心日常工作的综合协调'))).toBe(false);
    const csv = await fetch(app.url + '/api/duplicates/boundary?format=csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    // a byte-order mark, so that spreadsheets read the Chinese as UTF-8
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\n')[0]).toContain('职责事项');
    expect(text).toContain('已确认重复');
  });

  it('keeps a mark across a re-import that keeps the pair, and lists it as orphaned when the pair is gone', async () => {
    const source = readFileSync(seedFiles()[4]!, 'utf8');
    const file = path.join(dir, path.basename(seedFiles()[4]!));
    // another post's wording changes: the marked pair stays as it was
    writeFileSync(file, source.replace('负责全区燃气管理工作。', '负责全区燃气行业管理工作。'));
    expect((await importFiles(db, [file]))[0]!.outcome).toBe('replaced');
    await settled();
    expect((await get('/api/duplicates?mark=duplicate')).body.pairs).toHaveLength(1);
    expect((await get('/api/duplicates/reviews')).body.reviews).toMatchObject([{ verdict: 'duplicate', orphaned: false }]);
    // the centre's post is renamed (its title wraps in this export): the pair it was is gone, the mark is not
    expect(source).toContain('业务岗位 1、建筑市\n\n场服务岗');
    writeFileSync(file, source.replace('业务岗位 1、建筑市\n\n场服务岗', '业务岗位 1、建筑市\n\n场监管服务岗'));
    await importFiles(db, [file]);
    await settled();
    expect((await get('/api/duplicates?mark=duplicate')).body.pairs).toHaveLength(0);
    const { reviews } = (await get('/api/duplicates/reviews')).body;
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ verdict: 'duplicate', orphaned: true, note: '局与中心均承担建筑市场监管' });
    expect(reviews[0].sides.map((s: any) => s.post).sort()).toEqual(['业务岗位1、建筑市场服务岗', '业务岗位7、建筑市场管理岗']);
  });

  it('caps the pairs of a document of 3,000 items that differ only by a number, and reports it', async () => {
    const file = path.join(dir, 'repeated.txt');
    const lines = [
      '## 山亭区测试局定岗定责定流程表',
      '',
      '序号\t岗位名称\t工作事项\t岗位职能描述\t岗位责任描述\t工作流程\t负责人\t\t备注',
      '\t\t\t\t\t\t牵头负责人\t辅助人员\t',
    ];
    for (let i = 1; i <= 3000; i++)
      lines.push(`${i}\t业务岗${i}: 测试岗\t一、测绘项目登记管理${i}\t1. 组织管理区级测绘。\t1. 受理责任: 依法受理。\t\t张 会\t李敬翰`);
    writeFileSync(file, lines.join('\n') + '\n');
    const t0 = performance.now();
    await importFiles(db, [file]);
    await settled();
    console.log(`[duplicates] a 3,000-post document of one wording imported and analysed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const edges = await db.run(
      `MATCH (n {doc: 'repeated.txt'})-[r:SIMILAR_TO]-() WITH n, count(r) AS k RETURN count(n) AS nodes, sum(k) AS pairs, max(k) AS most`,
    );
    const [nodes, pairs, most] = ['nodes', 'pairs', 'most'].map((k) => Number(edges.records[0]!.get(k)));
    console.log(`[duplicates] its nodes in pairs: ${nodes}, pairs: ${pairs}, most pairs of one node: ${most}`);
    // 000 has 测绘项目登记管理 too: the 3,000 items join it, each at most PAIRS_PER_NODE times, not thousands
    expect(pairs).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(PAIRS_PER_NODE);
    expect(pairs).toBeLessThan(3000 * 2);
    const { body } = await get('/api/quality');
    const finding = body.parserFindings.find((f: any) => f.kind === 'repeated-duties' && f.doc === 'repeated.txt');
    expect(finding.message).toMatch(/^3000 work items or duties read "测绘项目登记管理\d+"/);
  });

  it('finds pairs by wording alone when meaning is off, and says why', async () => {
    await clearGraph(db);
    await importFiles(db, seedFiles(), { meaning: { on: false, reason: 'could not load the embedding model: test' } });
    await settled();
    const { body } = await get('/api/duplicates?crossBureauOnly=true&limit=500');
    expect(body.meaning).toEqual({ on: false, model: null, reason: 'could not load the embedding model: test' });
    const pair = body.pairs.find((p: any) => has(p, '区国土空间规划的编制和衔接工作', '市国土空间规划的编制和衔接工作'));
    expect(pair).toMatchObject({ cosine: null, reason: 'words', likely: true, score: 1 });
    expect(body.pairs.every((p: any) => p.cosine === null && p.lexical >= 0.5)).toBe(true);
    // posts are compared by meaning only
    expect(body.pairs.some((p: any) => p.grain === 'post')).toBe(false);
  });
});
