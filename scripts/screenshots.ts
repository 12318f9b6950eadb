/** npm run screenshots -- [url]: saves a screenshot of each view of a running server into docs/screenshots/. */
import { mkdirSync } from 'node:fs';
import { launch } from './chromium.ts';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const shots: [string, string][] = [
  ['organisation', '/org?bureau=' + encodeURIComponent('unit:山亭区住房和城乡建设局')],
  ['workload', '/workload?person=' + encodeURIComponent('person:山亭区住房和城乡建设局/刘志珠')],
  ['duplicates', '/duplicates?cross=1&i=0'],
  ['workflows', '/workflows?g=0'],
  ['details-en', '/org?lang=en&focus=' + encodeURIComponent('post:000_ae071096d0a343be.txt/山亭区自然资源局/5/item/1')],
];
mkdirSync('docs/screenshots', { recursive: true });
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
for (const [name, path] of shots) {
  await page.goto(base + path);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=graph-status]')?.getAttribute('data-nodes')) > 0, null, { timeout: 20_000 });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `docs/screenshots/${name}.png` });
  console.log(`docs/screenshots/${name}.png`);
}
await browser.close();
