/** Every route against the seeds in the real Neo4j: happy path, bad input, unknown ids, Neo4j stopped and back. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { INSTANCES, startLocalNeo4j, stopLocalNeo4j } from '../server/db/local-neo4j/index.ts';
import { Db } from '../server/db/driver.ts';
import { importFiles, seedFiles } from '../server/load/import.ts';
import { markGraphChanged } from '../server/db/queries/meta.ts';
import { GraphCache } from '../server/services/cache.ts';
import { getJson, startApp, waitFor } from './helpers/app.ts';
import { clearGraph, openTestDb } from './helpers/db.ts';

const q = (s: string) => encodeURIComponent(s);
const WANG = 'person:山亭区自然资源局/王金峰';

describe('the API on the imported seeds', () => {
  let db: Db;
  let api: Db;
  let app: Awaited<ReturnType<typeof startApp>>;
  const get = (path: string) => getJson(app.url + path);

  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
    await importFiles(db, seedFiles());
    api = new Db(inject('neo4j'), { failFast: true });
    app = await startApp(api);
  });
  afterAll(async () => {
    await app?.close();
    await api?.close();
    await db?.close();
  });

  it('/healthz and /readyz', async () => {
    expect((await get('/healthz')).body).toEqual({ status: 'ok' });
    expect(await get('/readyz')).toMatchObject({ status: 200, body: { database: 'reachable', documents: 5 } });
  });

  it('/api/units: two district bureaus and the city bureau with its three departments', async () => {
    const { body } = await get('/api/units');
    const roots = body.units
      .filter((u: any) => u.kind === 'bureau')
      .map((u: any) => u.name)
      .sort();
    expect(roots).toEqual(['山亭区住房和城乡建设局', '山亭区自然资源局', '市自然资源和规划局']);
    const city = body.units.find((u: any) => u.name === '市自然资源和规划局');
    expect(city.children.map((c: any) => c.name).sort()).toEqual(['国土空间规划科', '耕地保护和生态修复科', '自然资源所有者权益和开发利用科']);
    const land = body.units.find((u: any) => u.name === '山亭区自然资源局');
    expect(land).toMatchObject({ posts: 15, vacantPosts: 0 });
  });

  it("/api/graph: the organisation, and a post's neighbourhood", async () => {
    const all = await get('/api/graph');
    expect(all.body.truncated).toBe(false);
    expect(all.body.elements.nodes.filter((n: any) => n.data.type === 'Post')).toHaveLength(66);
    expect(all.body.elements.edges.some((e: any) => e.data.type === 'REPORTS_TO')).toBe(true);
    const focus = 'post:000_ae071096d0a343be.txt/山亭区自然资源局/9';
    const near = await get(`/api/graph?focus=${q(focus)}&depth=2&types=WorkItem,Person`);
    const people = near.body.elements.nodes
      .filter((n: any) => n.data.type === 'Person')
      .map((n: any) => n.data.label)
      .sort();
    expect(people).toEqual(['杜振江', '王金峰']);
    const capped = await get(`/api/graph?focus=${q(focus)}&depth=3&limit=5`);
    expect(capped.body.truncated).toBe(true);
    expect(capped.body.elements.nodes.length).toBeLessThanOrEqual(6);
  });

  it('/api/nodes/:id: a work item with its original line', async () => {
    const { body } = await get(`/api/nodes/${q('post:000_ae071096d0a343be.txt/山亭区自然资源局/5/item/1')}`);
    expect(body.name).toBe('各级收文及公文督办');
    expect(body.source.document).toBe('000_ae071096d0a343be.txt');
    expect(body.source.lines).toEqual([28, 28]);
    expect(body.source.text[0]).toContain('一、各级收文及公文督办');
    expect(body.neighbours).toContainEqual(expect.objectContaining({ type: 'LEADS', direction: 'in', name: '郑博文' }));
  });

  it('/api/org/reporting: deputies, the posts and centres each oversees, and the posts left unplaced', async () => {
    const { body } = await get('/api/org/reporting');
    const to = (unit: string, post: string) =>
      body.edges
        .filter((e: any) => e.to.unit === unit && e.to.post === post)
        .map((e: any) => `${e.from.unit}/${e.from.post}`)
        .sort();
    // 裴忠孝 (副职2 of the land bureau): the forestry centre he 分管, and the posts led by people on his assistant list
    expect(to('山亭区自然资源局', '部门领导副职岗位2')).toEqual(
      [
        '山亭区林业资源发展中心/产业技术推广业务岗',
        '山亭区林业资源发展中心/林草资源保护业务岗',
        '山亭区林业资源发展中心/林草资源培育业务岗',
        '山亭区林业资源发展中心/种质资源业务岗',
        '山亭区自然资源局/业务岗12: 林业保护和管理业务岗位',
        '山亭区自然资源局/业务岗5：自然资源基础调查监测评价岗',
        '山亭区自然资源局/业务岗6: 地理国情监测评价和测绘管理岗',
        '山亭区自然资源局/业务岗7: 国土空间规划和规划管理岗',
      ].sort(),
    );
    // 王辉 holds 副职1 of the housing bureau and leads these posts himself
    expect(to('山亭区住房和城乡建设局', '部门领导副职岗位1')).toEqual(
      ['业务岗位11、城镇化岗', '业务岗位12、农房建设岗', '业务岗位13、农厕改造岗', '业务岗位3、城市建设管理岗']
        .map((p) => `山亭区住房和城乡建设局/${p}`)
        .sort(),
    );
    const vacantDeputy = body.edges.filter((e: any) => e.to.post === '部门领导副职岗位2' && e.to.unit === '山亭区住房和城乡建设局');
    expect(vacantDeputy.every((e: any) => e.rules.includes('section-head'))).toBe(true);
    expect(vacantDeputy.map((e: any) => e.from.post)).toContain('业务岗位1、综合管理岗');
    expect(vacantDeputy[0].to.person).toBeNull();
    expect(body.edges.find((e: any) => e.from.post === '部门领导副职岗位1' && e.from.unit === '山亭区自然资源局')).toMatchObject({
      to: { post: '部门领导正职岗位', person: '张亚' },
      rules: ['deputy-principal'],
    });
    expect(body.oversight).toContainEqual(
      expect.objectContaining({
        from: expect.objectContaining({ post: '部门领导副职岗位1', person: '吕奉华' }),
        to: expect.objectContaining({ unit: '执法大队', kind: 'section' }),
      }),
    );
    expect(body.unplaced.map((p: any) => p.post)).toContain('业务岗1: 财务岗');
    expect(body.edges.every((e: any) => /\.txt:\d+/.test(e.basis))).toBe(true);
  });

  it('/api/people/overload: 刘志珠 tops the list, and says why', async () => {
    const { body } = await get('/api/people/overload?limit=5');
    expect(body.people[0]).toMatchObject({ name: '刘志珠', leadItems: 12, assistItems: 0 });
    // six workflows: codes 02-1 and 08 (seed 004 lines 335, 844) and the written steps of his four centre posts;
    // 12×1 led + 9×2 posts + 2×3 units + 6×0.5 workflows
    expect(body.people[0].parts.filter((x: any) => x.count > 0).map((x: any) => `${x.part} ${x.count}`)).toEqual([
      'lead 12',
      'posts 9',
      'units 2',
      'workflows 6',
    ]);
    expect(body.people[0].score).toBe(39);
    expect(body.people.map((p: any) => p.score)).toEqual([...body.people.map((p: any) => p.score)].sort((a, b) => b - a));
    expect(body.itemsWithoutLead).toBe(2);
    // weights change the order: counting only led items puts 王金峰 (16) first
    const byLeads = await get('/api/people/overload?limit=1&lead=1&assist=0&post=0&unit=0&workflow=0');
    expect(byLeads.body.people[0]).toMatchObject({ name: '王金峰', score: 16 });
  });

  it('/api/duplicates: the city and the district planning duty are one duty', async () => {
    const { body } = await get('/api/duplicates?crossBureauOnly=true&limit=500');
    const pair = body.pairs.find((p: any) => [p.a.text, p.b.text].sort().join('|') === '区国土空间规划的编制和衔接工作|市国土空间规划的编制和衔接工作');
    expect(pair).toMatchObject({ score: 1, scope: 'cross-bureau', likely: true, grain: 'statement' });
    expect(
      pair.a.marked
        .filter((s: any) => s.differs)
        .map((s: any) => s.text)
        .join('') +
        pair.b.marked
          .filter((s: any) => s.differs)
          .map((s: any) => s.text)
          .join(''),
    ).toMatch(/^(区市|市区)$/);
    expect(pair.shared).toEqual(['国土空间规划的编制和衔接工作']);
    expect(body.pairs.every((p: any) => p.scope === 'cross-bureau' && p.likely)).toBe(true);
    expect(body.clusters.length).toBeGreaterThan(0);
    expect(body.clusters.every((c: any) => c.keys.length >= c.size - 1)).toBe(true);
    const strict = await get('/api/duplicates?minScore=0.99&limit=3');
    expect(strict.body.pairs).toHaveLength(3);
    expect(strict.body.pairs.every((p: any) => p.score >= 0.99)).toBe(true);
  });

  it('/api/workflows/shared: 00-1 groups stay inside one bureau', async () => {
    const { body } = await get('/api/workflows/shared');
    const groups = body.groups.filter((g: any) => g.kind === 'code' && g.key === '00-1');
    expect(groups.map((g: any) => g.bureau).sort()).toEqual(['山亭区住房和城乡建设局', '山亭区自然资源局']);
    for (const g of groups) {
      const units = new Set(g.posts.map((p: any) => p.unit));
      expect([...units]).toEqual([g.bureau]);
    }
    expect(groups.find((g: any) => g.bureau === '山亭区自然资源局').posts).toHaveLength(3);
    const steps = body.groups.find((g: any) => g.kind === 'steps' && g.posts.some((p: any) => p.unit === '山亭区住房保障服务中心'));
    expect(steps.posts.length).toBeGreaterThanOrEqual(3);
    // the forestry centre writes one procedure three times, two of them behind a label (产业技术推广：…, 种质资源培育：…)
    const forestry = body.groups.find((g: any) => g.kind === 'nearly-same' && g.posts.every((p: any) => p.unit === '山亭区林业资源发展中心'));
    expect(forestry.posts.map((p: any) => p.post).sort()).toEqual(['产业技术推广业务岗', '林草资源保护业务岗', '种质资源业务岗']);
  });

  it('pages the unit tree, reporting lines and shared workflows, and the pages add up to the whole', async () => {
    const units = await get('/api/units?limit=1&offset=1');
    expect(units.body).toMatchObject({ total: 3, offset: 1 });
    expect(units.body.units.map((u: any) => u.id)).toEqual([(await get('/api/units')).body.units[1].id]);
    const whole = (await get('/api/org/reporting')).body;
    expect(whole.totals).toEqual({ edges: 34, oversight: 14, unplaced: 27 });
    const pages = await Promise.all([0, 10, 20, 30].map((o) => get(`/api/org/reporting?limit=10&offset=${o}`)));
    expect(pages.flatMap((p) => p.body.edges)).toEqual(whole.edges);
    expect(pages.map((p) => p.body.truncated)).toEqual([true, true, true, false]);
    const shared = (await get('/api/workflows/shared?limit=2')).body;
    expect(shared.groups).toHaveLength(2);
    expect(shared.total).toBe((await get('/api/workflows/shared')).body.groups.length);
    expect((await get('/api/units?offset=-1')).status).toBe(400);
  });

  it('answers 304 to a client that already has the answer', async () => {
    const first = await fetch(app.url + '/api/people/overload?limit=5');
    const tag = first.headers.get('etag');
    expect(tag).toBeTruthy();
    // as a browser revalidates (fetch itself would add Cache-Control: no-cache, which asks for the full answer)
    const again = await fetch(app.url + '/api/people/overload?limit=5', { headers: { 'if-none-match': tag!, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
  });

  it('computes the analyses ahead when the graph changes, without a request', async () => {
    const cache = new GraphCache(api);
    let computed = 0;
    cache.onNewVersion(() => computed++, 200);
    await waitFor(() => computed === 1, 60_000);
    await db.query(markGraphChanged, {});
    await waitFor(() => computed === 2, 60_000);
    cache.close();
  });

  it('/api/search and /api/path', async () => {
    const s = await get(`/api/search?q=${q('王金峰')}`);
    expect(s.body.results[0]).toMatchObject({ id: WANG, label: 'Person' });
    const planning = await get(`/api/search?q=${q('国土空间规划')}&limit=50`);
    expect(planning.body.results.length).toBeGreaterThan(5);
    const p = await get(`/api/path?from=${q(WANG)}&to=${q('person:山亭区自然资源局/张亚')}`);
    expect(p.body.found).toBe(true);
    expect(p.body.order[0]).toBe(WANG);
    expect(p.body.order.at(-1)).toBe('person:山亭区自然资源局/张亚');
  });

  it('/api/quality, exports and the OpenAPI document', async () => {
    const qual = await get('/api/quality');
    expect(qual.body.vacantPosts).toEqual([expect.objectContaining({ post: '部门领导副职岗位2', doc: '004_7b182d738f404b3f.txt', lines: [70, 96] })]);
    const graphml = await get('/api/export/graphml');
    expect(graphml.headers.get('content-type')).toContain('application/graphml+xml');
    expect(graphml.body).toContain(`<node id="${WANG}">`);
    const csv = Buffer.from(await (await fetch(app.url + '/api/export/csv?kind=edges')).arrayBuffer());
    // a byte-order mark first, so spreadsheet programs read the Chinese as UTF-8
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8', 3).split('\n')[0]).toBe('source,type,target,basis,score');
    const openapi = await get('/api/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/graph',
        '/api/nodes/{id}',
        '/api/org/reporting',
        '/api/people/overload',
        '/api/duplicates',
        '/api/duplicates/marks',
        '/api/duplicates/boundary',
        '/api/workflows/shared',
        '/api/search',
        '/api/path',
      ]),
    );
    expect((await fetch(app.url + '/api/docs/')).status).toBe(200);
  });

  it.each([
    ['/api/graph?depth=0', 'depth'],
    ['/api/graph?types=Post,Robot', 'types'],
    ['/api/people/overload?limit=-1', 'limit'],
    ['/api/people/overload?lead=abc', 'lead'],
    ['/api/duplicates?minScore=2', 'minScore'],
    ['/api/duplicates?crossBureauOnly=maybe', 'crossBureauOnly'],
    ['/api/duplicates?mark=perhaps', 'mark'],
    ['/api/duplicates/boundary?format=pdf', 'format'],
    ['/api/search', 'q'],
    [`/api/search?q=${'x'.repeat(101)}`, 'q'],
    ['/api/nodes/nonsense', 'id'],
    ['/api/path?from=person%3Ax', 'to'],
  ])('400 for %s, naming "%s"', async (path, field) => {
    const r = await get(path);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_input');
    expect(r.body.error.message).toContain(`"${field}"`);
  });

  it.each([`/api/nodes/${q('post:nope/1')}`, `/api/graph?focus=${q('unit:不存在')}`, `/api/path?from=${q(WANG)}&to=${q('person:x/y')}`, '/api/nothing-here'])(
    '404 for %s',
    async (path) => {
      const r = await get(path);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    },
  );

  it.runIf(inject('neo4j').how === 'local server')('503 with Retry-After while Neo4j is stopped, and answers again once it is back', async () => {
    await stopLocalNeo4j('test');
    try {
      const down = await get('/api/units');
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBeTruthy();
      expect(down.body.error.code).toBe('database_unavailable');
      expect((await get('/healthz')).status).toBe(200);
      expect((await get('/readyz')).status).toBe(503);
    } finally {
      await startLocalNeo4j({ instance: 'test', ...INSTANCES.test!, password: inject('neo4j').password });
    }
    let status = 0;
    for (let i = 0; i < 240 && status !== 200; i++) {
      status = (await get('/api/units')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe(200);
  });
});
