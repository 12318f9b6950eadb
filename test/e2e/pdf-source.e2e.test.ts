/**
 * A fact read from a PDF is checked against the paper: its details name the page, and the page is drawn from the
 * original in the document store with the fact's cell outlined.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launch } from '../../scripts/chromium.ts';
import type { Db } from '../../server/db/driver.ts';
import { clearGraph, openTestDb } from '../helpers/db.ts';
import { startOfficeApp } from '../helpers/app.ts';
import { openPage } from '../helpers/page.ts';

const ADMIN = 'e2e-pdf-source-admin-5f0a9e';
const NAME = '001_235204e8eaa0ab65-a4.pdf';

describe.runIf(hasChromium)('a fact from a PDF', () => {
  let db: Db;
  let browser: Browser;
  let close: () => Promise<void>;
  let url: string;
  let page: Page;

  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
    ({ url, close } = await startOfficeApp(db, ADMIN));
    const upload = await fetch(`${url}/api/documents?name=${encodeURIComponent(NAME)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/pdf' },
      body: readFileSync(path.join('test/fixtures/renderings', NAME)),
    });
    expect(upload.status).toBe(200);
    browser = await launch();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
    await db?.close();
  });

  it('names its page and draws it with the cell outlined', async () => {
    const rows = await db.run("MATCH (i:WorkItem {doc: $doc, title: '耕地保护责任目标考核'}) RETURN i.id AS id", { doc: NAME });
    const id = rows.records[0]!.get('id') as string;
    await page.goto(`${url}/org?focus=${encodeURIComponent(id)}`);
    await page.waitForSelector('[data-testid=details-source]');
    // the item stands on the first page of the A4 rendering, in the table's second data row
    expect(await page.textContent('[data-testid=details-source] h4')).toContain(`${NAME} 第 1 页`);
    await page.click('[data-testid=show-pdf-page]');
    await page.waitForSelector('[data-testid=pdf-page] canvas');
    // drawn: the canvas is no longer blank where the outlined cell is
    await page.waitForFunction(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=pdf-page] canvas');
      const cell = document.querySelector<HTMLElement>('[data-testid=pdf-cell]');
      if (!canvas || !cell) return false;
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      const [x, y, w, hgt] = [cell.offsetLeft, cell.offsetTop, cell.offsetWidth, cell.offsetHeight].map((v) => Math.round(v * scale));
      const pixels = canvas.getContext('2d')!.getImageData(x!, y!, Math.max(1, w!), Math.max(1, hgt!)).data;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 128) return true;
      return false;
    });
    const frame = (await page.locator('[data-testid=pdf-page]').boundingBox())!;
    const cell = (await page.locator('[data-testid=pdf-cell]').boundingBox())!;
    // the cell is a column of the table (工作事项: narrower than a quarter of the page), inside the page
    expect(cell.width).toBeGreaterThan(10);
    expect(cell.width).toBeLessThan(frame.width / 4);
    expect(cell.x).toBeGreaterThan(frame.x);
    expect(cell.y + cell.height).toBeLessThan(frame.y + frame.height);
    await page.screenshot({ path: path.join(tmpdir(), 'bureau-graph-pdf-source.png') });
  });
});
