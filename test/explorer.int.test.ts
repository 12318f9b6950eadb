/** What the explorer draws, from the API on the imported seeds: the overview, org charts, the duplicates and workflow matrices. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../server/db/driver.ts';
import { importFiles, seedFiles } from '../server/load/import.ts';
import { unitId } from '../server/model/ids.ts';
import { getJson, startApp } from './helpers/app.ts';
import { clearGraph, openTestDb } from './helpers/db.ts';

const q = (s: string) => encodeURIComponent(s);
const HOUSING = unitId('山亭区住房和城乡建设局', null);
const LAND = unitId('山亭区自然资源局', null);
const CITY = unitId('市自然资源和规划局', null);

describe('the explorer API on the imported seeds', () => {
  let db: Db;
  let app: Awaited<ReturnType<typeof startApp>>;
  const get = (path: string) => getJson(app.url + path);

  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
    await importFiles(db, seedFiles());
    app = await startApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('/api/overview: the city bureau under 市, the two district bureaus under 山亭区, each with what its units hold', async () => {
    const { status, body } = await get('/api/overview');
    expect(status).toBe(200);
    expect(body.regions.map((r: any) => [r.name, r.level, r.bureaus.map((b: any) => b.name)])).toEqual([
      ['市', 'city', ['市自然资源和规划局']],
      ['山亭区', 'district', ['山亭区住房和城乡建设局', '山亭区自然资源局']],
    ]);
    expect(body.totals).toMatchObject({ bureaus: 3, posts: 66 });
    // each bureau's posts are those of its own units and the units under them, as the unit tree counts them
    const units = (await get('/api/units')).body.units;
    const postsUnder = (u: any): number => u.posts + u.children.reduce((n: number, c: any) => n + postsUnder(c), 0);
    const bureaus = body.regions.flatMap((r: any) => r.bureaus);
    for (const b of bureaus) expect(b.posts).toBe(postsUnder(units.find((u: any) => u.id === b.id)));
    // the city's tables name no one: no people, no load; the housing bureau has the seeds' one vacant post
    expect(bureaus.find((b: any) => b.id === CITY)).toMatchObject({ people: 0, load: 0, vacant: 0 });
    expect(bureaus.find((b: any) => b.id === HOUSING)).toMatchObject({ vacant: 1 });
    // 刘志珠, the most loaded person of the seeds, works in the housing bureau (seed 004)
    const top = (await get('/api/people/overload?limit=1')).body.people[0];
    expect(top.name).toBe('刘志珠');
    expect(bureaus.find((b: any) => b.id === HOUSING).load).toBe(top.score);
    expect(bureaus.find((b: any) => b.id === LAND).load).toBeLessThan(top.score);
    // the district and city planning duty is one duty: both bureaus count the pair
    expect(bureaus.find((b: any) => b.id === CITY).duplicates).toBeGreaterThan(0);
  });

  it("/api/org/chart: the housing bureau's units and posts, with staff, items, vacancy, load and reporting lines", async () => {
    const { status, body } = await get(`/api/org/chart?unit=${q(HOUSING)}`);
    expect(status).toBe(200);
    expect(body.root).toEqual({ id: HOUSING, name: '山亭区住房和城乡建设局', kind: 'bureau' });
    expect(body.units.filter((u: any) => u.parent === HOUSING).map((u: any) => u.name)).toEqual(
      expect.arrayContaining(['山亭区住房保障服务中心', '山亭区建筑业发展服务中心']),
    );
    const overview = (await get('/api/overview')).body.regions.flatMap((r: any) => r.bureaus);
    expect(body.posts).toHaveLength(overview.find((b: any) => b.id === HOUSING).posts);
    expect(body.posts.filter((p: any) => p.vacant)).toHaveLength(1);
    expect(body.posts.every((p: any) => body.units.some((u: any) => u.id === p.unit))).toBe(true);
    // a card's staff: whoever leads an item of the post is listed with how many
    const staffed = body.posts.find((p: any) => p.staff.some((s: any) => s.lead > 0));
    expect(staffed.items.length).toBeGreaterThan(0);
    expect(staffed.load).toBeGreaterThan(0);
    expect(staffed.load).toBeLessThanOrEqual(body.maxLoad);
    expect(body.reporting.length).toBeGreaterThan(0);
    expect(body.reporting.every((r: any) => r.basis.length > 0 && body.posts.some((p: any) => p.id === r.to))).toBe(true);
  });

  it('/api/org/chart: re-rooted at a centre, the chart holds the centre alone and names its bureau', async () => {
    const centre = unitId('山亭区建筑业发展服务中心', '山亭区住房和城乡建设局');
    const { body } = await get(`/api/org/chart?unit=${q(centre)}`);
    expect(body.root).toMatchObject({ id: centre, kind: 'centre' });
    expect(body.bureau).toEqual({ id: HOUSING, name: '山亭区住房和城乡建设局' });
    expect(body.units[0]).toMatchObject({ id: centre, parent: null });
    expect(body.posts.length).toBeGreaterThan(0);
    expect(body.posts.every((p: any) => body.units.some((u: any) => u.id === p.unit))).toBe(true);
  });

  it('/api/org/chart: an unknown unit is a 404 that names it, a malformed id a 400', async () => {
    const missing = await get(`/api/org/chart?unit=${q('unit:没有这个局')}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('unit:没有这个局');
    expect((await get('/api/org/chart?unit=nonsense')).status).toBe(400);
    expect((await get('/api/org/chart')).status).toBe(400);
  });

  it("/api/duplicates/matrix: the housing bureau and its building centre share the four posts' duties", async () => {
    const { body } = await get('/api/duplicates/matrix');
    const at = (name: string) => body.owners.findIndex((o: any) => o.name === name);
    const [a, b] = [at('山亭区住房和城乡建设局'), at('山亭区建筑业发展服务中心')].sort((x, y) => x - y);
    expect(body.owners[at('山亭区建筑业发展服务中心')].kind).toBe('centre');
    const cell = body.cells.find((c: any) => c.a === a && c.b === b);
    // 建筑市场, 招投标, 建筑节能, 人才培训: 管理岗 in the bureau, 服务岗 in the centre
    expect(cell.pairs).toBeGreaterThanOrEqual(4);
    expect(body.cells.every((c: any) => c.a <= c.b && c.pairs >= c.confirmed + c.rejected)).toBe(true);
    const likely = (await get('/api/duplicates?limit=500')).body.counts.likely;
    expect(body.cells.reduce((n: number, c: any) => n + c.pairs, 0)).toBe(likely);
  });

  it('/api/duplicates?ownerA&ownerB: exactly the pairs the matrix counts in a cell, each between its two owners', async () => {
    const { body: m } = await get('/api/duplicates/matrix');
    // every seed bureau's name gives its region: 山亭区 for the district's, 市 for the city's department
    const regionOf = (name: string) => m.owners.find((o: any) => o.name === name).region;
    expect([regionOf('山亭区住房和城乡建设局'), regionOf('山亭区住房保障服务中心'), regionOf('市自然资源和规划局')]).toEqual(['山亭区', '山亭区', '市']);
    const [zj, centre] = ['山亭区住房和城乡建设局', '山亭区住房保障服务中心'].map((n) => m.owners.find((o: any) => o.name === n).id);
    const cell = m.cells.find((c: any) => [m.owners[c.a].id, m.owners[c.b].id].sort().join() === [zj, centre].sort().join());
    const { status, body } = await get(`/api/duplicates?limit=500&ownerA=${q(zj)}&ownerB=${q(centre)}`);
    expect(status).toBe(200);
    expect(body.pairs).toHaveLength(cell.pairs);
    // the centre's duties against the bureau's own: one side in the centre, the other in the bureau's units
    for (const p of body.pairs) expect([p.a.unit, p.b.unit]).toContain('山亭区住房保障服务中心');
    for (const p of body.pairs) expect([p.a.bureau, p.b.bureau]).toEqual(['山亭区住房和城乡建设局', '山亭区住房和城乡建设局']);
    expect(body.pairs.map((p: any) => p.score)).toEqual([...body.pairs.map((p: any) => p.score)].sort((x: number, y: number) => y - x));
  });

  it('/api/duplicates?region: the pairs with a side in a bureau or centre of that region, as many as its cells count', async () => {
    const { body: m } = await get('/api/duplicates/matrix');
    const touching = (region: string) =>
      m.cells.filter((c: any) => m.owners[c.a].region === region || m.owners[c.b].region === region).reduce((n: number, c: any) => n + c.pairs, 0);
    // 市自然资源和规划局 (seeds 001–003) against the district's two bureaus: the city's planning duties
    const city = (await get(`/api/duplicates?limit=500&region=${q('市')}`)).body;
    expect(city.pairs.length).toBeGreaterThan(0);
    expect(city.pairs).toHaveLength(touching('市'));
    for (const p of city.pairs) expect([p.a.bureau, p.b.bureau]).toContain('市自然资源和规划局');
    expect((await get(`/api/duplicates?limit=500&region=${q('山亭区')}`)).body.pairs).toHaveLength(touching('山亭区'));
    expect((await get(`/api/duplicates?limit=500&region=${q('没有这个区')}`)).body.pairs).toEqual([]);
    // every seed bureau's name gives a region: none is left for '-'
    expect((await get('/api/duplicates?limit=500&region=-')).body.pairs).toEqual([]);
    // with the housekeeping pairs too: the city's among all stored pairs (fewer than 500 on the seeds)
    const stored = (await get('/api/duplicates?limit=500&show=all')).body.pairs;
    expect(stored.length).toBeLessThan(500);
    const cityAll = (await get(`/api/duplicates?limit=500&show=all&region=${q('市')}`)).body.pairs;
    expect(cityAll.map((p: any) => p.key).sort()).toEqual(
      stored
        .filter((p: any) => [p.a.bureau, p.b.bureau].includes('市自然资源和规划局'))
        .map((p: any) => p.key)
        .sort(),
    );
  });

  it("/api/workflows/matrix: the land bureau's three posts that follow 00-1", async () => {
    const { body } = await get(`/api/workflows/matrix?bureau=${q(LAND)}`);
    const w = body.workflows.find((x: any) => x.code === '00-1');
    expect(body.cells.filter((c: any) => c.workflow === w.id)).toHaveLength(3);
    expect(body.cells.every((c: any) => c.items > 0 && body.posts.some((p: any) => p.id === c.post))).toBe(true);
    expect((await get(`/api/workflows/matrix?bureau=${q('unit:没有这个局')}`)).status).toBe(404);
  });

  it('/api/people/overload: the index in parts, a threshold, and people of one region or bureau only', async () => {
    const all = (await get('/api/people/overload?limit=500')).body;
    expect(all.threshold).toBeGreaterThan(0);
    expect(all.people.filter((p: any) => p.score >= all.threshold).length).toBeLessThanOrEqual(Math.ceil(all.total / 10) + 1);
    for (const p of all.people) expect(p.parts.reduce((n: number, x: any) => n + x.points, 0)).toBeCloseTo(p.score, 1);
    // every named person of the seeds works in a 山亭区 bureau; the city names no one
    expect((await get(`/api/people/overload?region=${q('山亭区')}`)).body.total).toBe(all.total);
    expect((await get(`/api/people/overload?region=${q('市')}`)).body.total).toBe(0);
    const housing = (await get(`/api/people/overload?limit=500&bureau=${q(HOUSING)}`)).body;
    expect(housing.total).toBeGreaterThan(0);
    expect(housing.total).toBeLessThan(all.total);
    expect(housing.people.every((p: any) => p.bureau === '山亭区住房和城乡建设局')).toBe(true);
    expect((await get(`/api/people/overload?bureau=${q('unit:没有这个局')}`)).status).toBe(404);
  });
});
