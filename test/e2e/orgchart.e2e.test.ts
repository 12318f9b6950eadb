/**
 * The organisation chart (client/src/orgchart/) in a browser, on the seeds: cards, opening and closing units,
 * search revealing a post, English, print to PDF (a page per unit), SVG export, accessibility and text size.
 * Expectations are read from the seed documents, cited by line.
 */
import { readFile } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/driver.ts';
import { importFiles, seedFiles } from '../../server/load/import.ts';
import { hasChromium, launch } from '../../scripts/chromium.ts';
import { startClientApp } from '../helpers/app.ts';
import { clearGraph, openTestDb } from '../helpers/db.ts';
import { unitBox } from '../helpers/page.ts';
import { pdfjs, pdfPages } from '../helpers/pdf.ts';

// seed 004 (山亭区住房和城乡建设局): the bureau with 16 posts, two centres (住房保障服务中心 3 posts, 建筑业发展服务中心
// 4 posts), and five sections named only in its deputies' 分管 lines (lines 51–52 and 80–81)
const ZJ = 'unit:山亭区住房和城乡建设局';
const ZJ_UNITS = [
  '山亭区住房和城乡建设局',
  '山亭区住房保障服务中心',
  '山亭区建筑业发展服务中心',
  '城市建设股',
  '乡村建设股',
  '办公室',
  '工程建设管理股',
  '房地产业管理股',
];
/** The units of 住建局 that hold posts: the bureau and its two centres. */
const ZJ_POSTED = ZJ_UNITS.slice(0, 3);
const card = (page: Page, title: string): Locator =>
  page.locator('[data-testid=post-card]').filter({ has: page.locator('.oc-card-title', { hasText: new RegExp(`^${title}$`) }) });

describe.runIf(hasChromium)('the organisation chart in a browser', () => {
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
    // axe needs a page of a context of its own
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

  it("draws a bureau's units as boxes and its posts as cards with leads, assistants, items, vacancy and load", async () => {
    await page.goto(`${url}/org?bureau=${encodeURIComponent(ZJ)}`);
    await page.waitForSelector('[data-testid=post-card]');
    expect(await page.$$eval('[data-testid=org-unit] > header .oc-unit-name', (e) => e.map((x) => x.textContent))).toEqual(expect.arrayContaining(ZJ_UNITS));
    expect(await page.locator('[data-testid=org-unit]').count()).toBe(ZJ_UNITS.length);
    // two levels open: the bureau's 16 posts and both centres' 3 + 4
    expect(await page.locator('[data-testid=post-card]').count()).toBe(23);
    // seed 004 lines 98–286: 业务岗位1、综合管理岗, items 一 to 八, 孙浩 and 潘伟 lead, 崔根 甘鹏 任伟 … assist
    const general = card(page, '业务岗位1、综合管理岗');
    expect(await general.locator('.oc-people.leads').textContent()).toMatch(/孙浩.*潘伟|潘伟.*孙浩/);
    const assistants = await general.locator('.oc-people.assistants').textContent();
    for (const name of ['崔根', '甘鹏', '任伟']) expect(assistants).toContain(name);
    expect(await general.locator('[data-testid=items-toggle]').textContent()).toContain('8 项工作事项');
    expect(await general.locator('.oc-card-load').getAttribute('aria-label')).toMatch(/^负荷指数 \d+(\.\d)?（全库最高 \d+(\.\d)?）$/);
    // seed 004 lines 71–95: 部门领导副职岗位2 names nobody, so it is vacant: a dashed placeholder with the mark
    const vacant = card(page, '部门领导副职岗位2');
    expect(await vacant.getAttribute('class')).toContain('vacant');
    expect(await vacant.locator('[data-testid=vacant-mark]').textContent()).toBe('空缺岗位');
    expect(await vacant.evaluate((e) => getComputedStyle(e).borderTopStyle)).toBe('dashed');
    expect(await page.locator('[data-testid=vacant-mark]').count()).toBe(1);
    // seed 004 lines 1932–1993: the centre's first post, 潘伟 leading, 刘广海 and 陈宪芳 assisting
    const housing = unitBox(page, '山亭区住房保障服务中心');
    const first = housing.locator('[data-testid=post-card]').first();
    expect(await first.locator('.oc-card-title').textContent()).toBe('业务岗位1、住房保障服务岗');
    expect(await first.locator('.oc-people.leads').textContent()).toContain('潘伟');
    expect(await first.locator('.oc-people.assistants').textContent()).toContain('刘广海、陈宪芳');
    // the vacant deputy oversees 办公室 (line 80): its section box says so
    expect(await unitBox(page, '办公室').textContent()).toContain('分管领导：部门领导副职岗位2');
  });

  it('keeps card text at 12 px or more on screen at the default zoom', async () => {
    expect(await page.textContent('[data-testid=zoom-value]')).toBe('100%');
    const sizes = await page.$$eval('[data-testid=post-card] *', (els) =>
      els
        .filter((e) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()))
        .map((e) => parseFloat(getComputedStyle(e).fontSize)),
    );
    const scale = await page.$eval('[data-testid=org-stage]', (e) => new DOMMatrix(getComputedStyle(e).transform).a);
    expect(sizes.length).toBeGreaterThan(100);
    expect(Math.min(...sizes) * scale).toBeGreaterThanOrEqual(12);
  });

  it('collapses and expands a unit, and all of them', async () => {
    const housing = unitBox(page, '山亭区住房保障服务中心');
    const toggle = housing.locator(':scope > header [data-testid=unit-toggle]');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=post-card]').length === 20);
    expect(await unitBox(page, '山亭区住房保障服务中心').locator('[data-testid=post-card]').count()).toBe(0);
    expect(await unitBox(page, '山亭区住房保障服务中心').locator(':scope > header [data-testid=unit-toggle]').getAttribute('aria-expanded')).toBe('false');
    // the focus stays on the toggle, so a keyboard user can open it again
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('unit-toggle');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=post-card]').length === 23);
    await page.click('[data-testid=collapse-all]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=post-card]').length === 16);
    await page.click('[data-testid=expand-all]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=post-card]').length === 23);
  });

  it('opens the details of a post when its card is clicked, with the graph canvas hidden', async () => {
    await card(page, '业务岗位2、法制工作岗').locator('.oc-card-title').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=details-title]')?.textContent === '业务岗位2、法制工作岗');
    expect(await page.isHidden('[data-testid=canvas]')).toBe(true);
  });

  it('shows only one unit, and the whole bureau again', async () => {
    await unitBox(page, '山亭区建筑业发展服务中心').locator(':scope > header .oc-only').click();
    await page.waitForURL(/unit=/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=org-unit]').length === 1);
    expect(await page.textContent('[data-testid=org-unit] .oc-unit-name')).toBe('山亭区建筑业发展服务中心');
    // seed 004 lines 2111–2326: its four posts, 刘志珠 leading each
    expect(await page.$$eval('.oc-card-title', (e) => e.map((x) => x.textContent))).toEqual([
      '业务岗位1、建筑市场服务岗',
      '业务岗位2、招投标服务岗',
      '业务岗位3、建筑节能服务岗',
      '业务岗位4、人才培训服务岗',
    ]);
    await page.click('[data-testid=whole-bureau]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=post-card]').length === 23);
    expect(page.url()).not.toContain('unit=');
  });

  it('lists a post with 16 work items ten at a time', async () => {
    // seed 000 lines 69–99: 业务岗6 of 山亭区自然资源局 has items 一 to 十六; the eleventh is 十一、落实地理信息相关规范性文件
    // (the list numbers them itself: the titles are kept without their numerals)
    await page.goto(`${url}/org?bureau=${encodeURIComponent('unit:山亭区自然资源局')}`);
    const survey = card(page, '业务岗6: 地理国情监测评价和测绘管理岗');
    await survey.locator('[data-testid=items-toggle]').click();
    await page.waitForSelector('[data-testid=items-list]');
    const list = card(page, '业务岗6: 地理国情监测评价和测绘管理岗').locator('[data-testid=items-list] li');
    expect(await list.count()).toBe(10);
    expect(await list.first().textContent()).toBe('地理国情监测评价工作');
    await card(page, '业务岗6: 地理国情监测评价和测绘管理岗').locator('button[aria-label=下一页]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=items-list] li').length === 6);
    expect(await list.first().textContent()).toBe('落实地理信息相关规范性文件');
    expect(await card(page, '业务岗6: 地理国情监测评价和测绘管理岗').locator('[data-testid=items-list]').getAttribute('start')).toBe('11');
  });

  it('reveals a post found by search: another bureau, its closed centre opened, the card centred and highlighted', async () => {
    // seed 000 lines 598–610: 种质资源业务岗 of 山亭区林业资源发展中心, a centre of 山亭区自然资源局, whose chart is closed first
    await page.waitForSelector('[data-testid=post-card]');
    await page.click('[data-testid=collapse-all]');
    const centreToggle = unitBox(page, '山亭区林业资源发展中心').locator(':scope > header [data-testid=unit-toggle]');
    expect(await centreToggle.getAttribute('aria-expanded')).toBe('false');
    // then the search starts from another bureau, picked in the side tree
    await page.locator('[data-testid=nav-bureau]', { hasText: '山亭区住房和城乡建设局' }).click();
    await page.waitForURL(new RegExp(`bureau=${encodeURIComponent(ZJ)}`));
    await page.waitForSelector('[data-testid=post-card]');
    await page.fill('[data-testid=search]', '种质资源业务岗');
    const option = page.locator('[data-testid=search-results] li[role=option]').filter({ has: page.locator('.name', { hasText: /^种质资源业务岗$/ }) });
    await option.first().dispatchEvent('mousedown');
    await page.waitForSelector('.oc-card.oc-hit');
    expect(page.url()).toContain(`bureau=${encodeURIComponent('unit:山亭区自然资源局')}`);
    const hit = page.locator('.oc-card.oc-hit');
    expect(await hit.locator('.oc-card-title').textContent()).toBe('种质资源业务岗');
    expect(await hit.locator('.oc-people.leads').textContent()).toContain('候化强');
    // the path: the bureau's box and the centre's, both open
    const path = await page.$$eval('.oc-unit.oc-path > header .oc-unit-name', (e) => e.map((x) => x.textContent));
    expect(path).toEqual(['山亭区自然资源局', '山亭区林业资源发展中心']);
    expect(await unitBox(page, '山亭区林业资源发展中心').locator(':scope > header [data-testid=unit-toggle]').getAttribute('aria-expanded')).toBe('true');
    const inView = await page.evaluate(() => {
      const card = document.querySelector('.oc-card.oc-hit')!.getBoundingClientRect();
      const view = document.querySelector('[data-testid=org-viewport]')!.getBoundingClientRect();
      const middle = card.top + card.height / 2;
      return card.top >= view.top && card.bottom <= view.bottom && Math.abs(middle - (view.top + view.height / 2)) < view.height / 4;
    });
    expect(inView).toBe(true);
    await page.waitForFunction(() => document.querySelector('[data-testid=details-title]')?.textContent === '种质资源业务岗');
  });

  it('draws 分管 and reporting lines on demand, and lists them and every post in the table', async () => {
    await page.goto(`${url}/org?bureau=${encodeURIComponent(ZJ)}`);
    await page.waitForSelector('[data-testid=post-card]');
    expect(await page.locator('[data-testid=org-lines]').count()).toBe(0);
    await page.click('[data-testid=toggle-lines]');
    await page.waitForSelector('[data-testid=org-lines]');
    // seed 004 lines 51–52 and 80–81: 副职1 oversees 城市建设股 and 乡村建设股, 副职2 办公室, 工程建设管理股, 房地产业管理股
    expect(await page.locator('[data-testid=org-lines] path.oversee').count()).toBe(5);
    const titles = await page.$$eval('[data-testid=org-lines] path.oversee title', (e) => e.map((x) => x.textContent ?? ''));
    expect(titles.some((x) => x.startsWith('部门领导副职岗位2 分管 办公室'))).toBe(true);
    await page.click('[data-testid=toggle-table]');
    await page.waitForSelector('[data-testid=org-table-posts]');
    expect(await page.isHidden('[data-testid=org-viewport]')).toBe(true);
    expect(await page.locator('[data-testid=org-table-posts] tbody tr').count()).toBe(23);
    const vacantRow = page.locator('[data-testid=org-table-posts] tbody tr').filter({ hasText: '部门领导副职岗位2' });
    expect(await vacantRow.locator('td').nth(5).textContent()).toBe('是');
    const relations = await page.$$eval('[data-testid=org-table-lines] tbody tr', (rows) => rows.map((r) => r.children[1]?.textContent));
    expect(relations.filter((r) => r === '分管')).toHaveLength(5);
    const axe = await new AxeBuilder({ page }).include('[data-testid=org-chart]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await page.click('[data-testid=toggle-table]');
    await page.waitForSelector('[data-testid=org-viewport]:not([hidden])');
  });

  it('zooms out to unit tiles coloured by load, and back to cards', async () => {
    for (let i = 0; i < 4; i++) await page.click('[data-testid=zoom-out]');
    expect(await page.textContent('[data-testid=zoom-value]')).toBe('50%');
    await page.waitForSelector('[data-testid=org-tile]');
    expect(await page.locator('[data-testid=post-card]').count()).toBe(0);
    expect(await page.locator('[data-testid=org-tile]').count()).toBe(ZJ_UNITS.length);
    const tileName = await page.$eval('.oc-tile-name', (e) => parseFloat(getComputedStyle(e).fontSize));
    expect(tileName * 0.5).toBeGreaterThanOrEqual(12);
    await page.click('[data-testid=zoom-reset]');
    await page.waitForSelector('[data-testid=post-card]');
    expect(await page.locator('[data-testid=org-tile]').count()).toBe(0);
  });

  it('has no serious or critical accessibility violation; the keyboard reaches real buttons and links, focus visible', async () => {
    const axe = await new AxeBuilder({ page }).analyze();
    expect(
      axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify(v.nodes[0]?.target)}`),
    ).toEqual([]);
    // from the first tool, Tab through the tools and the chart until the focus leaves them
    await page.focus('[data-testid=expand-all]');
    const reached: { tag: string; outline: string }[] = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        if (!e.closest('main')) return null;
        return { tag: e.getAttribute('role') === 'region' ? 'REGION' : e.tagName, outline: getComputedStyle(e).outlineStyle };
      });
      if (!at) break;
      reached.push(at);
    }
    expect(reached.filter((r) => !['BUTTON', 'A', 'SELECT', 'REGION'].includes(r.tag))).toEqual([]);
    // the cards' titles are among them, each with a visible outline when focused
    expect(reached.filter((r) => r.tag === 'BUTTON').length).toBeGreaterThan(20);
    expect(reached.filter((r) => r.outline === 'none')).toEqual([]);
  });

  it('prints a page per unit that holds posts, with the sections named only in 分管 listed on the bureau page', async () => {
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const pages = await pdfPages(pdf);
    // the bureau and its two centres; its five 股室 have no posts in the table, only 分管 lines (004 lines 51–53, 80–82)
    expect(pages).toHaveLength(ZJ_POSTED.length);
    const all = pages.join('\n');
    for (const title of ['业务岗位1、综合管理岗', '部门领导副职岗位2', '业务岗位1、住房保障服务岗', '业务岗位4、人才培训服务岗']) expect(all).toContain(title);
    // every page names the bureau in its header; each unit has its own page
    for (const p of pages) expect(p).toContain('山亭区住房和城乡建设局');
    // (NFKC has made the brackets half-width) each unit with posts heads exactly one page
    for (const name of ZJ_POSTED.slice(1)) expect(pages.filter((p) => p.includes(`› ${name}(`))).toHaveLength(1);
    expect(pages[0]).toContain('业务岗位13、农厕改造岗');
    // no page of its own for a section; the bureau's page names each with who oversees it (王辉 leads 副职岗位1; 2 is vacant)
    for (const name of ZJ_UNITS.filter((u) => !ZJ_POSTED.includes(u))) expect(pages.filter((p) => p.includes(`› ${name}(`))).toEqual([]);
    const bureauPage = pages[0]!.replace(/\s+/g, '');
    expect(bureauPage).toContain('城市建设股(股室)·分管领导:部门领导副职岗位1(王辉)');
    expect(bureauPage).toContain('乡村建设股(股室)·分管领导:部门领导副职岗位1(王辉)');
    for (const name of ['办公室', '工程建设管理股', '房地产业管理股']) expect(bureauPage).toContain(`${name}(股室)·分管领导:部门领导副职岗位2`);
  });

  it('prints on A3 when asked, still a page per unit with posts', async () => {
    await page.selectOption('[data-testid=paper]', 'A3');
    expect(await page.$eval('#oc-page-style', (e) => e.textContent)).toContain('size: A3 landscape');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: pdfjs.VerbosityLevel.ERRORS }).promise;
    expect(doc.numPages).toBe(ZJ_POSTED.length);
    const [, , w, h] = (await doc.getPage(1)).view;
    // A3 landscape: 420 × 297 mm in points
    expect([Math.round(w!), Math.round(h!)]).toEqual([1191, 842]);
    await doc.destroy();
    await page.selectOption('[data-testid=paper]', 'A4');
  });

  it('exports the chart as SVG with the post titles as text', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-svg]')]);
    expect(download.suggestedFilename()).toBe('山亭区住房和城乡建设局.svg');
    const svg = await readFile(await download.path(), 'utf8');
    expect(svg).not.toContain('foreignObject');
    const texts = [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    expect(texts).toContain('业务岗位2、法制工作岗');
    expect(texts).toContain('部门领导副职岗位2');
  });

  it('speaks English with ?lang=en: controls, unit kinds, item counts and the vacancy', async () => {
    await page.goto(`${url}/org?bureau=${encodeURIComponent(ZJ)}&lang=en`);
    await page.waitForSelector('[data-testid=post-card]');
    expect(await page.textContent('[data-testid=expand-all]')).toBe('Expand all');
    expect(await page.textContent('[data-testid=print]')).toBe('Print / PDF');
    expect(await unitBox(page, '山亭区住房保障服务中心').locator(':scope > header .oc-kind').textContent()).toBe('Centre');
    expect(await unitBox(page, '办公室').locator(':scope > header .oc-kind').textContent()).toBe('Section');
    expect(await card(page, '业务岗位1、综合管理岗').locator('[data-testid=items-toggle]').textContent()).toContain('8 work items');
    expect(await card(page, '部门领导副职岗位2').locator('[data-testid=vacant-mark]').textContent()).toBe('Vacant post');
    expect(await card(page, '部门领导正职岗位').locator('.oc-post-kind').textContent()).toBe('Head');
  });

  it('keeps a unit of 300 posts readable: 24 cards a page, and an 80-item post listed ten at a time', async () => {
    // a chart made up here, not from the seeds: no seed unit is this large
    const unit = 'unit:大局';
    const big = {
      root: { id: unit, name: '大局', kind: 'bureau' },
      bureau: { id: unit, name: '大局' },
      units: [{ id: unit, name: '大局', kind: 'bureau', parent: null }],
      posts: Array.from({ length: 300 }, (_, i) => ({
        id: `post:big/${i + 1}`,
        unit,
        title: i === 0 ? '综合业务岗'.repeat(8) : `业务岗${i + 1}`,
        kind: 'staff',
        vacant: false,
        unplaced: false,
        items: Array.from({ length: i === 0 ? 80 : 2 }, (_, k) => `事项${k + 1}`),
        staff: [{ id: 'person:big/甲', name: '甲', lead: 1, assist: 0 }],
        load: i % 10,
        doc: 'big.txt',
        line: i + 1,
      })),
      reporting: [],
      oversight: [],
      maxLoad: 9,
    };
    await page.route('**/api/org/chart?unit=*', (route) =>
      new URL(route.request().url()).searchParams.get('unit') === unit ? route.fulfill({ json: big }) : route.fallback(),
    );
    await page.goto(`${url}/org?bureau=${encodeURIComponent(unit)}`);
    await page.waitForSelector('[data-testid=post-card]');
    expect(await page.locator('[data-testid=post-card]').count()).toBe(24);
    expect(await page.textContent('[data-testid=cards-page]')).toBe('岗位第 1/13 页（共 300 个）');
    // the 40-character title wraps inside its card instead of widening it
    const longTitle = page.locator('[data-testid=post-card]').first();
    const [cardWidth, titleHeight, lineHeight] = await longTitle.evaluate((e) => {
      const t = e.querySelector('.oc-card-title')!;
      return [e.getBoundingClientRect().width, t.getBoundingClientRect().height, parseFloat(getComputedStyle(t).lineHeight)];
    });
    expect(cardWidth).toBeLessThan(260);
    expect(titleHeight).toBeGreaterThan(2 * lineHeight);
    await longTitle.locator('[data-testid=items-toggle]').click();
    expect(await page.locator('[data-testid=items-list] li').count()).toBe(10);
    expect(await page.textContent('.oc-items .oc-pager span')).toBe('第 1/8 页');
    await page.click('.oc-pager >> text=下一页');
    await page.waitForFunction(() => document.querySelector('[data-testid=cards-page]')?.textContent === '岗位第 2/13 页（共 300 个）');
    expect(await page.locator('.oc-card-title').first().textContent()).toBe('业务岗25');
    await page.unroute('**/api/org/chart?unit=*');
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
