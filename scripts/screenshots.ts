/**
 * npm run screenshots -- [url] [name…]: saves a screenshot of each view of a running server (or of the views named)
 * into docs/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launch } from './chromium.ts';

const [base = 'http://127.0.0.1:3000', ...only] = process.argv.slice(2);
/** name, address, and what a user does there before the picture is taken */
const shots: [string, string, ((page: Page) => Promise<void>)?][] = [
  ['overview', '/overview'],
  ['org-chart', '/org?bureau=' + encodeURIComponent('unit:山亭区住房和城乡建设局')],
  ['workload', '/workload'],
  ['duplicates', '/duplicates'],
  ['workflows', '/workflows?bureau=' + encodeURIComponent('unit:山亭区自然资源局')],
  ['details-en', '/org?lang=en&focus=' + encodeURIComponent('post:000_ae071096d0a343be.txt/山亭区自然资源局/5')],
];
mkdirSync('docs/screenshots', { recursive: true });
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
for (const [name, path, act] of shots.filter(([name]) => only.length === 0 || only.includes(name))) {
  await page.goto(base + path);
  await act?.(page);
  // each view marks #app once it has drawn what it first shows
  await page.waitForSelector('#app[data-rendered]', { timeout: 60_000 });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `docs/screenshots/${name}.png` });
  console.log(`docs/screenshots/${name}.png`);
}
await browser.close();
