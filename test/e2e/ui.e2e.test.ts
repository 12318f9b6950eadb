/** The built client against the real server and the seeds in Neo4j, in headless Chromium. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../server/db/driver.ts';
import { importFiles, seedFiles } from '../../server/load/import.ts';
import { hasChromium, launch } from '../../scripts/chromium.ts';
import { openPage } from '../helpers/page.ts';
import { startClientApp } from '../helpers/app.ts';
import { clearGraph, openTestDb } from '../helpers/db.ts';

const statusNodes = (page: Page) => page.getAttribute('[data-testid=graph-status]', 'data-nodes').then(Number);

describe.runIf(hasChromium)('the explorer in a browser', () => {
  let db: Db;
  let browser: Browser;
  let url: string;
  let close: () => Promise<void>;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
    await importFiles(db, seedFiles());
    ({ url, close } = await startClientApp(db));
    browser = await launch();
    page = await openPage(browser);
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
    await db?.close();
  });

  it("lands on the overview; the organisation shows the first bureau's chart, a box per unit and a card per post", async () => {
    await page.goto(url + '/');
    await page.waitForURL(/\/overview$/);
    expect(await page.textContent('[data-testid=nav-org]')).toBe('组织结构');
    await page.click('[data-testid=nav-org]');
    await page.waitForSelector('[data-testid=post-card]');
    // cities come first in the tree: 市自然资源和规划局, whose three 科 are seeds 001 (耕地保护和生态修复科, 4 posts),
    // 002 (自然资源所有者权益和开发利用科, 5 posts) and 003 (国土空间规划科, 6 posts)
    expect(await page.textContent('[data-testid=org-unit] .oc-unit-name')).toBe('市自然资源和规划局');
    const units = await page.$$eval('[data-testid=org-unit] > header .oc-unit-name', (e) => e.map((x) => x.textContent));
    expect(units.slice(1).sort()).toEqual(['国土空间规划科', '耕地保护和生态修复科', '自然资源所有者权益和开发利用科'].sort());
    expect(await page.locator('[data-testid=post-card]').count()).toBe(15);
    // the city's tables have no 负责人 columns: nobody named, and no post called vacant for it
    expect(await page.locator('[data-testid=vacant-mark]').count()).toBe(0);
  });

  it('picks another bureau in the side tree: its chart, with the vacant deputy of seed 004', async () => {
    await page.locator('[data-testid=nav-bureau]', { hasText: '山亭区住房和城乡建设局' }).click();
    await page.waitForURL(/bureau=unit%3A/);
    await page.waitForFunction(() => document.querySelector('[data-testid=org-unit] .oc-unit-name')?.textContent === '山亭区住房和城乡建设局');
    // 16 posts of the bureau and 3 + 4 of its two centres, two levels open
    expect(await page.locator('[data-testid=post-card]').count()).toBe(23);
    expect(await page.locator('[data-testid=post-card].vacant .oc-card-title').textContent()).toBe('部门领导副职岗位2');
  });

  it('keeps the chart it has, under a banner, while the database is down, and draws the next one when it is back', async () => {
    // the server answers 503 for a chart while its database is unreachable
    await page.route('**/api/org/chart?*', (r) =>
      r.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"message":"database unavailable"}}' }),
    );
    await page.locator('[data-testid=nav-bureau]', { hasText: '山亭区自然资源局' }).click();
    await page.waitForSelector('[data-testid=banner]:not([hidden])');
    // 住建局's chart is still there to read, not covered by a message
    expect(await page.textContent('[data-testid=org-unit] .oc-unit-name')).toBe('山亭区住房和城乡建设局');
    expect(await page.locator('[data-testid=post-card]').count()).toBe(23);
    expect(await page.isHidden('[data-testid=overlay]')).toBe(true);
    await page.unroute('**/api/org/chart?*');
    // retried every 5 s: 自然资源局, 15 posts and 4 + 6 + 3 in its three centres (seed 000), and the banner gone
    await page.waitForFunction(() => document.querySelector('[data-testid=org-unit] .oc-unit-name')?.textContent === '山亭区自然资源局', null, {
      timeout: 15_000,
    });
    expect(await page.locator('[data-testid=post-card]').count()).toBe(28);
    expect(await page.isHidden('[data-testid=banner]')).toBe(true);
    // the browser logs each 503 it was given; nothing else is allowed
    const refused = errors.filter((e) => e.includes('status of 503'));
    expect(refused.length).toBeGreaterThan(0);
    errors.splice(0, errors.length, ...errors.filter((e) => !refused.includes(e)));
  });

  it("shows the workload ranking and a person's load around them", async () => {
    await page.click('[data-testid=nav-workload]');
    // the ranking as a table: 刘志珠 first, the reason said in the page's language
    await page.click('[data-testid=overload-table-toggle]');
    const first = page.locator('[data-testid=overload-table] tbody tr').first();
    await first.waitFor();
    expect(await first.textContent()).toContain('刘志珠');
    expect(await first.textContent()).toContain('牵头 12 项事项，跨 9 个岗位、2 个单位');
    await first.locator('button').first().click();
    await page.click('[data-testid=person-network]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=graph-status]')?.getAttribute('data-nodes')) > 10);
    expect(page.url()).toContain('person=');
  });

  it('compares two duplicated duties side by side with the difference marked', async () => {
    await page.click('[data-testid=nav-duplicates]');
    await page.waitForSelector('[data-testid=dup-list] li');
    await page.check('[data-testid=cross-only]');
    await page.waitForURL(/cross=1/);
    await page.waitForSelector('[data-testid=dup-list] li');
    // the same duty at two levels: seed 000 (山亭区自然资源局) and seed 003 (市自然资源和规划局's 国土空间规划科)
    const pair = page
      .locator('[data-testid=dup-list] > li')
      .filter({ hasText: '区国土空间规划的编制和衔接工作' })
      .filter({ hasText: '市国土空间规划的编制和衔接工作' });
    await pair.locator('a').click();
    await page.waitForSelector('[data-testid=dup-compare] mark');
    const compare = await page.textContent('[data-testid=dup-compare]');
    expect(compare).toContain('山亭区自然资源局 · 业务岗7: 国土空间规划和规划管理岗');
    expect(compare).toContain('国土空间规划科 · 业务岗1：国土空间规划及专项规划工作');
    expect((await page.$$eval('[data-testid=dup-compare] mark', (m) => m.map((x) => x.textContent))).sort()).toEqual(['区', '市']);
    // both work items, their posts and units drawn, and nothing else around them
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=graph-status]')?.getAttribute('data-nodes')) >= 6);
    expect(await statusNodes(page)).toBe(6);
  });

  it('lists posts sharing a workflow and draws steps as a chain', async () => {
    await page.click('[data-testid=nav-workflows]');
    await page.waitForSelector('[data-testid=wf-groups] li');
    expect(await page.textContent('[data-testid=wf-groups]')).toContain('00-1');
    await page.click('[data-testid=wf-groups] li:first-child a');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=graph-status]')?.getAttribute('data-nodes')) > 2);
  });

  it("finds a person and a work item by search, and shows the item's source lines", async () => {
    await page.fill('[data-testid=search]', '王金峰');
    await page.waitForSelector('[data-testid=search-results] li[role=option]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=details-title]');
    await page.waitForFunction(() => document.querySelector('[data-testid=details-title]')?.textContent === '王金峰');
    await page.fill('[data-testid=search]', '各级收文');
    await page.waitForFunction(() => document.querySelector('[data-testid=search-results] li[role=option]')?.textContent?.includes('各级收文及公文督办'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid=details-title]')?.textContent === '各级收文及公文督办');
    expect(await page.textContent('[data-testid=details-source]')).toContain('000_ae071096d0a343be.txt 行 28–28');
  });

  it('switches to English, and back and forward move between views', async () => {
    await page.click('[data-testid=nav-org]');
    await page.waitForSelector('[data-testid=org-chart]');
    await page.click('[data-testid=lang-toggle]');
    await page.waitForFunction(() => document.querySelector('[data-testid=nav-org]')?.textContent === 'Organisation');
    expect(page.url()).toContain('lang=en');
    await page.waitForFunction(() => document.querySelector('[data-testid=expand-all]')?.textContent === 'Expand all');
    await page.click('[data-testid=nav-workload]');
    await page.waitForURL(/\/workload/);
    await page.goBack();
    await page.waitForURL(/\/org/);
    expect(await page.getAttribute('[data-testid=nav-org]', 'class')).toBe('active');
    await page.goForward();
    await page.waitForURL(/\/workload/);
    expect(await page.textContent('[data-testid=nav-workload]')).toBe('Workload');
  });

  it('draws a view of 4,000 elements with the canvas renderer in a browser whose WebGL is software, unless told otherwise', async () => {
    const big = `(async () => {
      const g = await window.bureauGraph();
      const nodes = Array.from({ length: 2000 }, (_, i) => ({ data: { id: 'n' + i, label: 'p' + i, type: 'Post' }, position: { x: (i % 50) * 40, y: Math.floor(i / 50) * 40 } }));
      const edges = Array.from({ length: 2000 }, (_, i) => ({ data: { id: 'e' + i, source: 'n' + i, target: 'n' + ((i + 1) % 2000), type: 'REPORTS_TO' } }));
      g.show({ nodes, edges }, { name: 'preset', fit: true });
      return [g.renderer, g.cy.nodes().length];
    })()`;
    // these tests run chromium with --disable-gpu: WebGL, where there is any, is drawn in software
    await page.goto(url + '/org');
    expect(await page.evaluate(big)).toEqual(['canvas', 2000]);
    await page.goto(url + '/org?renderer=webgl');
    expect(await page.evaluate(big)).toEqual(['webgl', 2000]);
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });

  it('shows a banner, not a blank page, when the database is unreachable', async () => {
    const down = new Db({ uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'x', database: 'neo4j' }, { failFast: true });
    const s = await startClientApp(down);
    const p = await openPage(browser);
    try {
      await p.goto(s.url + '/org');
      await p.waitForSelector('[data-testid=banner]:not([hidden])');
      expect(await p.textContent('[data-testid=banner]')).toBe('数据库暂时无法连接，正在重试…');
      expect(await p.textContent('[data-testid=nav-org]')).toBe('组织结构');
    } finally {
      await p.close();
      await s.close();
      await down.close();
    }
  });
});
