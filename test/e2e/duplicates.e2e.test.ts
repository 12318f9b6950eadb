/**
 * The 职责重复 view on the seeds in a browser, as a 编办 works through it: a pair compared and confirmed with a note
 * behind the admin token, a group of places marked "not duplicates" as a whole, the 职责边界清单 downloaded, and
 * what the view says once the analysis ran without meaning (the banner, and the marks that orphaned).
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launch } from '../../scripts/chromium.ts';
import type { Db } from '../../server/db/driver.ts';
import { importFiles, seedFiles } from '../../server/load/import.ts';
import { refreshAnalyses } from '../../server/services/refresh.ts';
import { startOfficeApp } from '../helpers/app.ts';
import { clearGraph, openTestDb } from '../helpers/db.ts';
import { openPage } from '../helpers/page.ts';

const ADMIN = 'e2e-duplicates-admin-5c09e1';
/** one duty at two levels: seed 000 line 104 (山亭区自然资源局, 业务岗7) and seed 003 line 10 (国土空间规划科, 业务岗1) */
const A = '区国土空间规划的编制和衔接工作';
const B = '市国土空间规划的编制和衔接工作';
const NOTE = '区、市两级的同一职责，建议由市局牵头';
/**
 * 000's 矿产资源业务管理岗 "承担安全生产相关工作。" reads like 住建局's 燃气 and 供热 supervision (seed 004) and
 * 建筑业发展服务中心's building-safety support: four places, and no function in common (docs/duplicate-pairs.md).
 */
const SAFETY = '承担安全生产相关工作。';
const HEATING = '监督指导供热行业的安全生产及服务质量。';

describe.runIf(hasChromium)('the duplicates view', () => {
  let db: Db;
  let browser: Browser;
  let close: () => Promise<void>;
  let url: string;
  let page: Page;
  const errors: string[] = [];

  const text = async (sel: string) => ((await page.textContent(sel)) ?? '').trim();
  const listed = () => page.locator('[data-testid=dup-list] > li');
  /** Waits until the pair list holds `n` pairs. */
  const listOf = (n: number) => page.waitForFunction((count) => document.querySelectorAll('[data-testid=dup-list] > li').length === count, n);

  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
    await importFiles(db, seedFiles());
    ({ url, close } = await startOfficeApp(db, ADMIN));
    browser = await launch();
    page = await openPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    // the first mark is refused for want of the token (a 401 in the console) before the dialog asks for it
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('status of 401') && errors.push(m.text()));
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
    await db?.close();
  });

  it('compares a pair found by meaning and confirms it with a note, behind the admin token', async () => {
    await page.goto(`${url}/duplicates?cross=1`);
    await listed().first().waitFor();
    expect(await text('[data-testid=dup-meaning]')).toContain('bge-small-zh-v1.5-q');
    expect(await page.locator('[data-testid=dup-meaning-off]').count()).toBe(0);
    expect(await text('[data-testid=dup-reviews]')).toContain('共 0 个标记');

    const pair = listed().filter({ hasText: A }).filter({ hasText: B });
    expect(await pair.count()).toBe(1);
    expect(await pair.textContent()).toContain('语义相近');
    expect(await pair.textContent()).toContain('事项与职责');
    expect(await pair.locator('[data-testid=mark-badge]').count()).toBe(0);
    await pair.locator('a').click();
    await page.waitForURL(/pair=/);
    const compare = page.locator('[data-testid=dup-compare]');
    await compare.locator('mark').first().waitFor();
    const shown = (await compare.textContent()) ?? '';
    expect(shown).toContain('山亭区自然资源局 · 业务岗7: 国土空间规划和规划管理岗');
    expect(shown).toContain('国土空间规划科 · 业务岗1：国土空间规划及专项规划工作');
    expect(shown).toContain('000_ae071096d0a343be.txt:104');
    expect(shown).toContain('003_90b0739c8a746637.txt:10');
    expect((await compare.locator('mark').allTextContents()).sort()).toEqual(['区', '市']);
    expect(await compare.locator('.phrase').allTextContents()).toContain('国土空间规划的编制和衔接工作');
    // a leading 区 or 市 names the level, and is left out of the words compared
    expect(await text('[data-testid=dup-jaccard]')).toBe('1.000');
    expect(Number(await text('[data-testid=dup-cosine]'))).toBeGreaterThan(0.9);
    expect(await page.isDisabled('[data-testid=mark-clear]')).toBe(true);
    // both work items, their posts and units drawn
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=graph-status]')?.getAttribute('data-nodes')) >= 6);

    await page.fill('[data-testid=mark-note]', NOTE);
    await page.click('[data-testid=mark-duplicate]');
    await page.waitForSelector('[data-testid=token-dialog]');
    await page.fill('[data-testid=token-input]', ADMIN);
    await page.click('[data-testid=token-ok]');
    await page.waitForSelector('[data-testid=dup-current-mark]');
    expect(await text('[data-testid=dup-current-mark]')).toContain('已确认重复');
    expect(await text('[data-testid=dup-current-mark]')).toContain(NOTE);
    expect(await page.inputValue('[data-testid=mark-note]')).toBe(NOTE);
    expect(await pair.locator('[data-testid=mark-badge]').textContent()).toBe('已确认重复');
    expect(await page.isDisabled('[data-testid=mark-clear]')).toBe(false);
    expect(await text('[data-testid=dup-reviews]')).toContain('共 1 个标记，其中 0 个已失效');

    // the confirmed pairs: this one alone
    await page.selectOption('[data-testid=mark-filter]', 'duplicate');
    await page.waitForURL(/mark=duplicate/);
    await listOf(1);
    expect(await listed().textContent()).toContain(A);
    expect(await listed().textContent()).toContain(B);
    expect(await listed().locator('[data-testid=mark-badge]').textContent()).toBe('已确认重复');
  });

  it('lists housekeeping only when asked, saying how many pairs it ranks out', async () => {
    await page.selectOption('[data-testid=mark-filter]', '');
    await page.waitForURL((u) => !u.searchParams.has('mark'));
    await listed().nth(1).waitFor();
    const toggle = (await page.locator('label', { has: page.locator('[data-testid=show-housekeeping]') }).textContent()) ?? '';
    const rankedOut = Number(/已排除 (\d+) 对/.exec(toggle)?.[1]);
    expect(rankedOut).toBeGreaterThan(0);
    const likely = await listed().count();
    expect(await listed().filter({ hasText: '内务' }).count()).toBe(0);
    await page.check('[data-testid=show-housekeeping]');
    await page.waitForURL(/all=1/);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=dup-list] > li').length > n, likely);
    const housekeeping = await listed().filter({ hasText: '内务' }).count();
    expect(housekeeping).toBeGreaterThan(0);
    // these are the pairs across bureaus; the count is of every scope
    expect(housekeeping).toBeLessThanOrEqual(rankedOut);
    expect(await listed().count()).toBe(likely + housekeeping);
    await page.uncheck('[data-testid=show-housekeeping]');
    await listOf(likely);
  });

  it('marks a group of four places "not duplicates" as a whole', async () => {
    await page.click('[data-testid=dup-clusters-toggle]');
    const group = page.locator('[data-testid=dup-cluster]').filter({ hasText: HEATING });
    // 承担安全生产相关工作 pairs with each of the three others; they pair with one another only within a bureau
    expect(await group.getAttribute('data-size')).toBe('4');
    expect(await group.textContent()).toContain('已审核 0/3 对');
    await group.locator('summary').click();
    expect(await group.locator('.members li').allTextContents()).toEqual(
      expect.arrayContaining([`山亭区自然资源局 · 业务岗11： 矿产资源业务管理岗：${SAFETY}`, expect.stringContaining(HEATING)]),
    );
    // the token was given once this session: no dialog this time
    await group.locator('[data-testid=cluster-not-duplicate]').click();
    await page.locator('[data-testid=dup-cluster]').filter({ hasText: HEATING }).filter({ hasText: '已审核 3/3 对' }).waitFor();
    expect(await page.locator('[data-testid=token-dialog]').count()).toBe(0);

    await page.selectOption('[data-testid=mark-filter]', 'not-duplicate');
    await page.waitForURL(/mark=not-duplicate/);
    await listOf(3);
    for (const li of await listed().all()) {
      expect(await li.textContent()).toContain(SAFETY);
      expect(await li.locator('[data-testid=mark-badge]').textContent()).toBe('不是重复');
    }
    expect(await listed().filter({ hasText: HEATING }).count()).toBe(1);
  });

  it('downloads the 职责边界清单: the confirmed pair in it with its note, the rejected group not', async () => {
    expect(await page.getAttribute('[data-testid=export-xlsx]', 'href')).toBe('/api/duplicates/boundary?format=xlsx');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-xlsx]')]);
    expect(xlsx.suggestedFilename()).toBe('职责边界清单.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    const sheet = book.getWorksheet('职责边界清单')!;
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell.text));
      rows.push(cells);
    });
    const header = rows.findIndex((r) => r.includes('岗位及原文（来源）'));
    expect(header).toBeGreaterThan(0);
    const col = (name: string) => rows[header]!.indexOf(name);
    const body = rows.slice(header + 1);
    const confirmed = body.filter((r) => r[col('审核')] === '已确认重复');
    expect(confirmed).toHaveLength(1);
    const sources = confirmed[0]![col('岗位及原文（来源）')]!;
    expect(sources).toContain(`山亭区自然资源局｜业务岗7: 国土空间规划和规划管理岗：${A}（000_ae071096d0a343be.txt 第104行）`);
    expect(sources).toContain(`国土空间规划科｜业务岗1：国土空间规划及专项规划工作：${B}（003_90b0739c8a746637.txt 第10行）`);
    expect(confirmed[0]![col('备注')]).toContain(NOTE);
    expect(body.some((r) => r[col('岗位及原文（来源）')]!.includes(HEATING))).toBe(false);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    expect(csv.suggestedFilename()).toBe('职责边界清单.csv');
    const csvText = readFileSync(await csv.path(), 'utf8');
    expect(csvText).toContain(A);
    expect(csvText).toContain(NOTE);
  });

  it('says when the analysis ran without meaning, and lists the marks whose pairs it no longer finds', async () => {
    await refreshAnalyses(db, { meaning: { on: false, reason: 'test: meaning off' } });
    await page.goto(`${url}/duplicates?cross=1`);
    // the server looks at the graph's version at most once a second
    while (!(await page.locator('[data-testid=dup-meaning-off]').count())) {
      await page.waitForTimeout(500);
      await page.reload();
      await listed().first().waitFor();
    }
    const banner = await text('[data-testid=dup-meaning-off]');
    expect(banner).toContain('未启用语义比对');
    expect(banner).toContain('原因：test: meaning off');

    // the group was found by meaning alone: its three marks are orphaned, and listed with their texts
    expect(await text('[data-testid=dup-reviews]')).toContain('共 4 个标记，其中 3 个已失效');
    const orphaned = page.locator('[data-testid=orphaned-review]');
    expect(await orphaned.count()).toBe(3);
    for (const li of await orphaned.all()) {
      expect(await li.textContent()).toContain(SAFETY);
      expect(await li.locator('[data-testid=mark-badge]').textContent()).toBe('不是重复');
    }
    expect(await orphaned.filter({ hasText: HEATING }).count()).toBe(1);
    await orphaned.filter({ hasText: HEATING }).locator('[data-testid=review-clear]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=orphaned-review]').length === 2);
    expect(await text('[data-testid=dup-reviews]')).toContain('共 3 个标记，其中 2 个已失效');

    // the confirmed pair is still found, by its words, and keeps its mark
    await page.selectOption('[data-testid=mark-filter]', 'duplicate');
    await listOf(1);
    expect(await listed().textContent()).toContain('用词相同');
    await listed().locator('a').click();
    await page.waitForSelector('[data-testid=dup-current-mark]');
    expect(await text('[data-testid=dup-cosine]')).toBe('未计算（未启用语义比对）');

    await page.click('[data-testid=lang-toggle]');
    await page.waitForURL(/lang=en/);
    await page.waitForFunction(() => document.querySelector('[data-testid=dup-meaning-off]')?.textContent?.includes('Meaning-based matching is off'));
    expect(await text('[data-testid=dup-meaning-off]')).toContain('Reason: test: meaning off');
    expect(await text('[data-testid=dup-current-mark]')).toContain('Confirmed duplicate');
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
