/**
 * The 导入 page in a browser: files previewed (counts, what importing would change, the parser's refusals), then
 * imported, behind the admin token dialog; the organisation view and the search find what was imported.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launch } from '../../scripts/chromium.ts';
import type { Db } from '../../server/db/driver.ts';
import { importFiles, seedFiles } from '../../server/load/import.ts';
import { clearGraph, openTestDb } from '../helpers/db.ts';
import { startOfficeApp } from '../helpers/app.ts';
import { openPage } from '../helpers/page.ts';

const ADMIN = 'e2e-import-admin-7d21c4';
const UNIT = '耕地保护和生态修复科';
/** read once: the fixtures may be rendered again while the suite runs */
const DOCX = { name: '001_235204e8eaa0ab65-a4.docx', buffer: readFileSync('test/fixtures/renderings/001_235204e8eaa0ab65-a4.docx') };
const SEED_000 = seedFiles().find((f) => f.includes('000_'))!;

/** Seed 000 with a centre's post removed, an item added to the bureau's 财务岗, and 夏美英 renamed 夏美玲. */
function edited(text: string): string {
  const lines = text.split('\n');
  const post = lines.findIndex((l) => l.startsWith('2\t土地储备业务岗\t'));
  lines.splice(post, 1);
  const item = lines.findIndex((l) => l.includes('\t三、固定资产管理、内部审计监督、政府采购\t'));
  lines.splice(item + 1, 0, lines[item]!.replace('三、固定资产管理、内部审计监督、政府采购', '四、国有资产报告编制'));
  return lines.join('\n').replaceAll('夏美英', '夏美玲');
}

describe.runIf(hasChromium)('the import page', () => {
  let db: Db;
  let browser: Browser;
  let close: () => Promise<void>;
  let url: string;
  let page: Page;
  const errors: string[] = [];

  /** The card of the `n`th file given (1-based), once it has left `phases`. */
  const settled = async (n: number, phases = ['queued', 'uploading', 'parsing', 'importing']) => {
    const card = `[data-testid=preview-card]:nth-child(${n})`;
    await page.waitForFunction(
      ({ sel, busy }) => {
        const phase = document.querySelector(sel)?.getAttribute('data-phase');
        return typeof phase === 'string' && !busy.includes(phase);
      },
      { sel: card, busy: phases },
    );
    return card;
  };
  const text = async (sel: string) => ((await page.textContent(sel)) ?? '').trim();

  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
    // every seed but 001, whose unit the page imports
    await importFiles(
      db,
      seedFiles().filter((f) => !f.includes('001_')),
    );
    ({ url, close } = await startOfficeApp(db, ADMIN));
    browser = await launch();
    page = await openPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('status of 4') && errors.push(m.text()));
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
    await db?.close();
  });

  it('previews a Word document, imports it, and the organisation and the search find its unit', async () => {
    const city = encodeURIComponent('unit:市自然资源和规划局');
    await page.goto(`${url}/org?bureau=${city}`);
    await page.waitForSelector('[data-testid=post-card]');
    // the units of the city bureau's org chart, by name
    const units = () => page.$$eval('[data-testid=org-unit] .oc-unit-name', (e) => e.map((x) => x.textContent));
    const cards = () => page.locator('[data-testid=post-card]').count();
    expect(await units()).not.toContain(UNIT);
    // seeds 002 and 003: 5 and 6 posts
    expect(await cards()).toBe(11);

    await page.click('[data-testid=nav-import]');
    await page.waitForURL(`${url}/import`);
    expect(await text('[data-testid=nav-import]')).toBe('导入');
    expect(await text('.import-page h2')).toBe('导入定岗定责定流程表');
    await page.setInputFiles('[data-testid=import-input]', { ...DOCX, mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    // the preview needs the admin token: the dialog asks for it
    await page.waitForSelector('[data-testid=token-dialog]');
    await page.fill('[data-testid=token-input]', ADMIN);
    await page.click('[data-testid=token-ok]');
    const card = await settled(1);
    expect(await page.getAttribute(card, 'data-phase')).toBe('previewed');
    // seed 001: one section, 4 posts and 10 work items, nobody named (its table has no 负责人 columns)
    expect(await text(`${card} [data-testid=count-units] dd`)).toBe('1');
    expect(await text(`${card} [data-testid=count-posts] dd`)).toBe('4');
    expect(await text(`${card} [data-testid=count-workItems] dd`)).toBe('10');
    expect(await text(`${card} [data-testid=count-people] dd`)).toBe('0');
    expect(await text(`${card} [data-testid=preview-previous]`)).toContain('新文档');
    expect(await text(`${card} [data-testid=preview-findings]`)).toBe('没有解析提示');

    await page.click(`${card} [data-testid=import-one]`);
    await settled(1);
    expect(await page.getAttribute(card, 'data-phase')).toBe('imported');
    expect(await text(`${card} [data-testid=card-status]`)).toMatch(/^已导入：新文档 · 4 岗位 · 10 工作事项 · 0 人员/);

    await page.click(`${card} [data-testid=card-view]`);
    await page.waitForURL(`${url}/org`);
    await page.locator('[data-testid=nav-bureau]', { hasText: '市自然资源和规划局' }).click();
    await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid=org-unit] .oc-unit-name')].some((x) => x.textContent === n), UNIT);
    // the section is one of 市自然资源和规划局's, beside those of seeds 002 and 003: 4 posts more
    expect(await cards()).toBe(15);
    expect(await page.textContent('[data-testid=nav-bureau]:has-text("市自然资源和规划局")')).toContain('15');

    await page.fill('[data-testid=search]', '耕地保护和生态修复');
    // the unit is among the results (duties naming it may rank above it): picked from the list
    const option = `[data-testid=search-results] li[role=option]:has(.name:text-is("${UNIT}"))`;
    await page.waitForSelector(option);
    await page.click(option);
    await page.waitForFunction((n) => document.querySelector('[data-testid=details-title]')?.textContent?.includes(n), UNIT);
    expect(page.url()).toContain('focus=unit');
    expect(errors).toEqual([]);
  });

  it('lists what a changed version would change, says why a file is refused, and opens the picker from the keyboard', async () => {
    await page.goto(`${url}/import`);
    const v1 = readFileSync(SEED_000);
    const name = path.basename(SEED_000);
    // in the graph (imported from seeds/) but not in the store: nothing to compare with
    await page.setInputFiles('[data-testid=import-input]', { name, mimeType: 'text/plain', buffer: v1 });
    const first = await settled(1);
    expect(await text(`${first} [data-testid=preview-previous]`)).toContain('图谱中已有同名文档');
    expect(await text(`${first} [data-testid=preview-findings] summary`)).toBe('解析提示 (29)');
    await page.click('[data-testid=import-all]');
    await page.waitForFunction(() => document.querySelector('[data-testid=import-summary]')?.textContent === '已导入 1 个文件');
    expect(await text(`${first} [data-testid=card-status]`)).toMatch(/^已导入：未变化/);

    await page.setInputFiles('[data-testid=import-input]', [
      { name, mimeType: 'text/plain', buffer: Buffer.from(edited(v1.toString('utf8'))) },
      { name: '会议纪要.txt', mimeType: 'text/plain', buffer: Buffer.from('会议纪要\n今天讨论了工作安排。\n') },
    ]);
    const changed = await settled(2);
    const refused = await settled(3);
    expect(await page.getAttribute(changed, 'data-phase')).toBe('previewed');
    expect(await text(`${changed} [data-testid=preview-previous]`)).toMatch(/^与 .+ 导入的版本相比：$/);
    expect(await text(`${changed} [data-testid=count-posts] dd`)).toBe('27 原 28');
    expect(await text(`${changed} [data-testid=changes-posts-removed]`)).toBe('删除岗位 (1)− 山亭区自然资源事业发展中心 / 土地储备业务岗（1 个事项）');
    expect(await text(`${changed} [data-testid=changes-posts-changed]`)).toContain('山亭区自然资源局 / 业务岗1: 财务岗：新增 1 个事项');
    expect(await text(`${changed} [data-testid=changes-items-added]`)).toContain('业务岗1: 财务岗 / 国有资产报告编制');
    expect(await text(`${changed} [data-testid=changes-items-changed]`)).toContain('档案管理、文件保密、机要文件：辅助人员');
    expect(await text(`${changed} [data-testid=changes-people-added]`)).toContain('夏美玲');
    expect(await text(`${changed} [data-testid=changes-people-removed]`)).toContain('夏美英');
    expect(await page.getAttribute(refused, 'data-phase')).toBe('refused');
    expect(await text(`${refused} [data-testid=card-error]`)).toMatch(/^无法预览：会议纪要\.txt: no 定岗定责 table found/);
    expect(await page.isHidden(`${refused} [data-testid=import-one]`)).toBe(true);

    // the drop zone is a button: Enter and Space open the file picker (counted here, and kept closed)
    await page.evaluate(() => {
      const w = window as unknown as { pickerOpened: number };
      w.pickerOpened = 0;
      document.querySelector('[data-testid=import-input]')!.addEventListener('click', (e) => {
        e.preventDefault();
        w.pickerOpened += 1;
      });
    });
    await page.focus('[data-testid=dropzone]');
    await page.keyboard.press('Enter');
    await page.keyboard.press(' ');
    expect(await page.evaluate(() => (window as unknown as { pickerOpened: number }).pickerOpened)).toBe(2);
    expect(await page.getAttribute('[data-testid=dropzone]', 'role')).toBe('button');

    // the page scrolls inside the window: the window is made as tall as the page for the picture
    const height = await page.evaluate(() => document.querySelector('header.top')!.clientHeight + document.querySelector('[data-testid=page]')!.scrollHeight);
    await page.setViewportSize({ width: 1400, height: Math.min(4000, height) });
    await page.screenshot({ path: path.join(tmpdir(), 'bureau-graph-import.png') });
    expect(errors).toEqual([]);
  });
  it('shows the progress of an upload while a slow network sends it', async () => {
    await page.goto(`${url}/import`);
    // the bar's values as they change
    await page.evaluate(() => {
      const w = window as unknown as { progressSeen: string[] };
      w.progressSeen = [];
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('[data-testid=preview-card] progress');
        const row = document.querySelector<HTMLElement>('[data-testid=card-progress]');
        if (bar && row && !row.hidden && bar.hasAttribute('value')) w.progressSeen.push(`${bar.value}/${bar.max} ${row.textContent}`);
      }).observe(document.body, { subtree: true, attributes: true, childList: true, characterData: true });
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    // about 32 KB a second: seed 000 (70 KB) takes two seconds or so
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 32 * 1024 });
    try {
      await page.setInputFiles('[data-testid=import-input]', { name: 'slow.txt', mimeType: 'text/plain', buffer: readFileSync(SEED_000) });
      const card = await settled(1);
      expect(await page.getAttribute(card, 'data-phase')).toBe('previewed');
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    }
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    // some bytes sent and some still to send, said in words beside the bar
    const partway = seen.filter((x) => {
      const m = /^(\d+)\/(\d+) 上传中 \d+%$/.exec(x);
      return m !== null && Number(m[1]) > 0 && Number(m[1]) < Number(m[2]);
    });
    expect(partway.length, seen.join('\n')).toBeGreaterThan(0);
    expect(await page.isHidden('[data-testid=card-progress]')).toBe(true);
  });
});
