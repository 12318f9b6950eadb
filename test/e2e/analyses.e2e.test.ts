/**
 * The analysis views on the seeds in a browser: each draws its chart at once, with no click, and carries the same data
 * as a table reachable by keyboard; a click on the chart narrows or opens what it points at; and axe finds no serious
 * or critical accessibility violation on any of them.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/driver.ts';
import { importFiles, seedFiles } from '../../server/load/import.ts';
import { hasChromium, launch } from '../../scripts/chromium.ts';
import { startClientApp } from '../helpers/app.ts';
import { clearGraph, openTestDb } from '../helpers/db.ts';

// E2E_CLIENT_DIR: a client built elsewhere, when dist/client is being rebuilt by someone else meanwhile
const ZJ = '山亭区住房和城乡建设局';
/** seed 004: the centre 住建局 runs for 住房保障, whose posts repeat duties of the bureau's 房地产 posts */
const CENTRE = '山亭区住房保障服务中心';

describe.runIf(hasChromium)('the analysis views', () => {
  let db: Db;
  let browser: Browser;
  let close: () => Promise<void>;
  let url: string;
  let page: Page;
  const errors: string[] = [];

  const text = async (sel: string) => ((await page.textContent(sel)) ?? '').trim();
  /** The texts of an ECharts chart drawn as SVG: its axis labels and cell labels. */
  const chartTexts = (testid: string) => page.locator(`[data-testid=${testid}] svg text`).allTextContents();
  /** Waits until the chart `testid` is drawn (ECharts wrote its SVG). */
  const drawn = (testid: string) => page.locator(`[data-testid=${testid}] svg text`).first().waitFor();
  /** The rows of a table alternative, as lists of cell texts. */
  const rows = (testid: string) =>
    page.$$eval(`[data-testid=${testid}] tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));

  async function seriousViolations(): Promise<string[]> {
    const r = await new AxeBuilder({ page }).analyze();
    expect(r.passes.length).toBeGreaterThan(0);
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
    await importFiles(db, seedFiles());
    ({ url, close } = await startClientApp(db));
    browser = await launch();
    // axe analyses a page of a context made for it, not one browser.newPage() made
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.setDefaultTimeout(300_000);
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
    await db?.close();
  });

  describe('workload', () => {
    it('ranks everyone at once, 刘志珠 on top with why, in Chinese', async () => {
      await page.goto(`${url}/workload`);
      await drawn('workload-chart');
      // 刘志珠 (seed 004) leads 12 work items in 9 posts of 住建局 and its 建筑业发展服务中心: the highest index
      const labels = await chartTexts('workload-chart');
      expect(labels).toContain('刘志珠');
      expect(labels.indexOf('刘志珠')).toBeLessThan(labels.indexOf('王金峰'));
      const [first] = await rows('overload-table');
      expect(first![0]).toBe('刘志珠');
      expect(first![1]).toBe(ZJ);
      expect(first).toContain('牵头 12 项事项，跨 9 个岗位、2 个单位');
      // the threshold is drawn as a line labelled with its value
      expect(labels.some((l) => /^阈值 \d+(\.\d+)?$/.test(l))).toBe(true);
      expect(await text('[data-testid=workload-summary]')).toMatch(/^显示 \d+ \/ \d+ 人；超负荷阈值/);
    });

    it("draws the top person's bureau as people × posts, with what each leads and assists", async () => {
      await drawn('staff-heatmap');
      expect(await text('[data-testid=staff-section] h3')).toBe(`人员 × 岗位：${ZJ}`);
      const staff = await rows('staff-table');
      const liu = staff.filter((r) => r[0] === '刘志珠');
      // the same 12 items in 9 posts as the ranking, counted post by post from the org chart
      expect(liu).toHaveLength(9);
      expect(liu.reduce((n, r) => n + Number(r[3]), 0)).toBe(12);
      // seed 004 line 844: workflow 08 of 业务岗位7、建筑市场管理岗, led by 刘志珠 and assisted by 齐继军
      expect(liu.find((r) => r[1] === '业务岗位7、建筑市场管理岗')![3]).not.toBe('0');
      expect(Number(staff.find((r) => r[0] === '齐继军' && r[1] === '业务岗位7、建筑市场管理岗')![4])).toBeGreaterThan(0);
      expect(await chartTexts('staff-heatmap')).toContain('齐继军');
    });

    it("opens a person's card from the table by keyboard, and their network on the canvas", async () => {
      await page.focus('[data-testid=overload-table-toggle]');
      await page.keyboard.press('Enter');
      await page.focus('[data-testid=overload-table] tbody tr:first-child button');
      await page.keyboard.press('Enter');
      await page.waitForURL(/person=/);
      await page.waitForSelector('[data-testid=person-card]');
      expect(await text('[data-testid=person-name]')).toBe('刘志珠');
      expect(await text('[data-testid=person-reason]')).toBe('牵头 12 项事项，跨 9 个岗位、2 个单位');
      expect(await page.locator('[data-testid=person-posts] li').count()).toBe(9);
      expect(await page.locator('[data-testid=person-leads] li').count()).toBe(12);
      await page.click('[data-testid=person-network]');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=graph-status]')?.getAttribute('data-nodes')) > 10);
      expect(await page.isHidden('[data-testid=board]')).toBe(true);
      await page.click('[data-testid=back-to-charts]');
      await page.waitForSelector('[data-testid=person-card]');
    });

    it('says the same in English', async () => {
      await page.goto(`${url}/workload?lang=en`);
      await drawn('workload-chart');
      const [first] = await rows('overload-table');
      expect(first![0]).toBe('刘志珠');
      expect(first).toContain('leads 12 work items in 9 posts across 2 units');
      expect(await chartTexts('workload-chart')).toContain('lead items');
      expect(await text('[data-testid=staff-section] h3')).toBe(`People × posts: ${ZJ}`);
    });

    it('narrows the ranking to a bureau and to a region', async () => {
      await page.goto(`${url}/workload?bureau=${encodeURIComponent('unit:山亭区自然资源局')}`);
      await drawn('workload-chart');
      const mine = await rows('overload-table');
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((r) => r[1] === '山亭区自然资源局')).toBe(true);
      // 王金峰 leads 16 items of 自然资源局 in two posts (seed 000): its highest index
      expect(mine[0]![0]).toBe('王金峰');
      await page.selectOption('[data-testid=region-filter]', '市');
      await page.waitForURL(/region=/);
      // 市自然资源和规划局's tables name no one (seeds 001–003): no one to rank in the city
      await page.waitForSelector('[data-testid=workload] >> text=没有符合条件的人员');
    });

    it('has no serious accessibility violation', async () => {
      await page.goto(`${url}/workload`);
      await drawn('staff-heatmap');
      expect(await seriousViolations()).toEqual([]);
    });
  });

  describe('duplicates', () => {
    it('opens on the bureau × bureau matrix, with a cell for 住建局 and its 住房保障服务中心', async () => {
      await page.goto(`${url}/duplicates`);
      await drawn('dup-matrix');
      const labels = await chartTexts('dup-matrix');
      expect(labels.some((l) => l.startsWith(ZJ))).toBe(true);
      expect(labels.some((l) => l.startsWith(CENTRE))).toBe(true);
      const cells = await rows('dup-matrix-table');
      const cell = cells.find((r) => r[0] === `${ZJ} ↔ ${CENTRE}` || r[0] === `${CENTRE} ↔ ${ZJ}`);
      expect(Number(cell![1])).toBeGreaterThan(0);
    });

    it('lists only the pairs between the two when that cell is clicked', async () => {
      const cell = (await rows('dup-matrix-table')).find((r) => r[0]!.includes(ZJ) && r[0]!.includes(CENTRE))!;
      const count = Number(cell[1]);
      // the cell's count is drawn in the cell, in both halves of the matrix
      await page
        .locator('[data-testid=dup-matrix] svg text', { hasText: new RegExp(`^${count}$`) })
        .first()
        .click();
      await page.waitForURL(/da=.*db=/);
      await page.waitForSelector('[data-testid=dup-owner-filter]');
      const listed = page.locator('[data-testid=dup-list] > li');
      expect(await listed.count()).toBe(count);
      for (const place of await listed.locator(':scope > div.small').allTextContents()) expect(place.split(' ↔ ').sort()).toEqual([ZJ, CENTRE].sort());
      // seed 004: the centre's 住房保障服务岗 "承担房地产市场监督管理辅助工作" and the bureau's 房地产业政策审核岗
      expect(await listed.filter({ hasText: '承担房地产市场监督管理辅助工作' }).filter({ hasText: '负责房地产市场和物业服务市场监督管理工作' }).count()).toBe(
        1,
      );
      // one group: the heading of the two
      expect(await page.locator('[data-testid=dup-group]').allTextContents()).toEqual([`${ZJ} ↔ ${CENTRE}（${count}）`]);
      await page.click('[data-testid=dup-owner-clear]');
      await page.waitForURL((u) => !u.searchParams.has('da'));
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=dup-list] > li').length > n, count);
    });

    it('narrows the list from the table by keyboard too, and compares a pair on the canvas', async () => {
      await page.focus('[data-testid=dup-matrix-table-toggle]');
      await page.keyboard.press('Enter');
      const button = page.locator('[data-testid=dup-cell]', { hasText: CENTRE }).filter({ hasText: ZJ });
      await button.focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=dup-owner-filter]');
      await page.locator('[data-testid=dup-list] > li').first().locator('a').click();
      await page.waitForSelector('[data-testid=dup-compare] mark');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=graph-status]')?.getAttribute('data-nodes')) >= 4);
      expect(await page.isHidden('[data-testid=board]')).toBe(true);
      await page.click('[data-testid=back-to-matrix]');
      await drawn('dup-matrix');
    });

    it('has no serious accessibility violation', async () => {
      await page.goto(`${url}/duplicates`);
      await drawn('dup-matrix');
      expect(await seriousViolations()).toEqual([]);
    });
  });

  describe('workflows', () => {
    it("draws the largest bureau's posts × workflows at once", async () => {
      await page.goto(`${url}/workflows`);
      await drawn('wf-matrix');
      // 山亭区自然资源局 has the most posts (28, seed 000); its leaders' posts follow 00-1 to 00-5
      expect(await text('[data-testid=workflows] h3')).toBe('岗位 × 工作流程：山亭区自然资源局');
      const wf = await rows('wf-table');
      expect(wf[0]![0]).toBe('00-1');
      expect(wf[0]![3]!.split('、')).toEqual(expect.arrayContaining(['部门领导正职岗位', '部门领导副职岗位1', '部门领导副职岗位2']));
      expect(await chartTexts('wf-matrix')).toContain('00-1');
      // the groups sharing a workflow stay beside it
      expect(await text('[data-testid=wf-groups]')).toContain('00-1');
    });

    it('shows a workflow clicked in the matrix', async () => {
      await page.locator('[data-testid=wf-matrix] svg text', { hasText: /^1$/ }).first().click();
      await page.waitForURL(/wf=/);
      await page.waitForSelector('[data-testid=wf-detail]');
      expect(await page.locator('[data-testid=wf-following] li').count()).toBeGreaterThan(0);
    });

    it("draws a written workflow's steps as a chain, picked by keyboard", async () => {
      await page.goto(`${url}/workflows?bureau=${encodeURIComponent(`unit:${ZJ}`)}`);
      await drawn('wf-matrix');
      await page.focus('[data-testid=wf-table-toggle]');
      await page.keyboard.press('Enter');
      // seed 004: 建筑业发展服务中心's 业务岗位1、建筑市场服务岗 writes its workflow out in 8 steps
      const row = page.locator('[data-testid=wf-table] tbody tr', { hasText: '业务岗位1、建筑市场服务岗' });
      await row.locator('button').focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=wf-chain]');
      const steps = await page.locator('[data-testid=wf-chain] > li').allTextContents();
      expect(steps).toHaveLength(8);
      expect(steps[0]).toContain('收到市、区及住建局相关工作通知工作安排');
      expect(steps[7]).toContain('进行工作经验总结');
    });

    it('has no serious accessibility violation', async () => {
      await page.goto(`${url}/workflows?bureau=${encodeURIComponent(`unit:${ZJ}`)}`);
      await drawn('wf-matrix');
      expect(await seriousViolations()).toEqual([]);
    });
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
