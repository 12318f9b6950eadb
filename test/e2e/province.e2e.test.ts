/**
 * The overview and the tree of regions at the scale of a province: 300 generated bureaus in the built client against
 * the real server and Neo4j, in headless Chromium; then the seeds, and an empty database.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/driver.ts';
import { importFiles, seedFiles } from '../../server/load/import.ts';
import { hasChromium, launch } from '../../scripts/chromium.ts';
import { getJson } from '../helpers/app.ts';
import { importGeneratedBureaus, type GeneratedBureaus } from '../helpers/corpus.ts';
import { unitBox } from '../helpers/page.ts';
import { pdfPages } from '../helpers/pdf.ts';
import type { GenBureau } from '../../scripts/gen.ts';
import { startClientApp } from '../helpers/app.ts';
import { clearGraph, openTestDb } from '../helpers/db.ts';

/** Asks `cond` every 200 ms until it holds. */
async function waitFor(cond: () => Promise<boolean>): Promise<void> {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 200));
}
/** Where the overviews are saved for the README (copied to docs/screenshots by hand): not the clone, which a test run leaves as it was. */
const shots = tmpdir();

/**
 * A page in a context of its own (axe needs one), recording the main thread's long tasks in `window.longTasks`, and
 * console errors in `errors`.
 */
async function openPage(browser: Browser, errors: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(300_000);
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page };
}

/**
 * The fills of the treemap's bureaus, in drawing order: the SVG's paths less the frames (the background, the
 * regions' frames and headers, the white borders round each bureau) that views/overview.ts draws in these colours.
 */
const leafFills = (page: Page) =>
  page.$$eval('[data-testid=treemap] svg path', (paths) =>
    paths.map((p) => p.getAttribute('fill') ?? '').filter((f) => !['#fff', '#ffffff', '#adb5bd', '#f1f3f5', 'none', ''].includes(f.toLowerCase())),
  );
const waitForLeaves = (page: Page, n: number) =>
  page.waitForFunction(
    (n) =>
      [...document.querySelectorAll('[data-testid=treemap] svg path')].filter(
        (p) => !['#fff', '#ffffff', '#adb5bd', '#f1f3f5', 'none', ''].includes((p.getAttribute('fill') ?? '').toLowerCase()),
      ).length === n,
    n,
  );
const treeTexts = (page: Page, kind: 'nav-bureau' | 'nav-region') =>
  page.$$eval(`[data-testid=${kind}]`, (rows) =>
    rows.map((r) =>
      [...r.querySelectorAll('span')]
        .map((s) => s.textContent)
        .join(' ')
        .replace(/^[▾▸] /, ''),
    ),
  );
const seriousViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

interface Bureau {
  id: string;
  name: string;
  posts: number;
  load: number;
  vacant: number;
}

describe.runIf(hasChromium)('the overview of 300 bureaus', () => {
  let db: Db;
  let browser: Browser;
  let context: BrowserContext;
  let url: string;
  let close: () => Promise<void>;
  let page: Page;
  let corpus: GeneratedBureaus & { seconds: number };
  let bureaus: Bureau[];
  let regions: number;
  const errors: string[] = [];

  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
    corpus = await importGeneratedBureaus(db, 300);
    console.log(`[province] imported ${corpus.files.length} generated bureaus in ${corpus.seconds.toFixed(1)} s`);
    ({ url, close } = await startClientApp(db));
    const { body } = await getJson(`${url}/api/overview`);
    bureaus = body.regions.flatMap((r: { bureaus: Bureau[] }) => r.bureaus);
    regions = body.regions.length;
    browser = await launch();
    ({ context, page } = await openPage(browser, errors));
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
    await db?.close();
  });

  it('draws every generated bureau on the treemap, in the table and in the tree', async () => {
    // the server reads the same 300 bureaus, each with its document's posts and its centre's
    expect(bureaus.map((b) => b.name).sort()).toEqual(corpus.bureaus.map((b) => b.name).sort());
    expect(bureaus.map((b) => b.posts)).toEqual(bureaus.map((b) => corpus.bureaus.find((c) => c.name === b.name)!.posts));

    await page.goto(`${url}/`);
    await page.waitForURL(/\/overview$/);
    await waitForLeaves(page, 300);
    expect(await page.textContent('[data-testid=nav-count]')).toBe('300 个单位');
    expect(await page.textContent('[data-testid=nav-all]')).toBe('全部单位（300）');

    await page.click('[data-testid=table-toggle]');
    expect(await page.textContent('[data-testid=table-toggle]')).toBe('以表格查看全部 300 个单位');
    expect(await page.textContent('[data-testid=page-status]')).toBe('第 1–50 个，共 300 个');
    // every page of the table, turned by its pager, lists the 300 bureaus once each
    const listed: string[] = [];
    for (let p = 0; p < 6; p++) {
      if (p > 0) {
        await page.click('[data-testid=page-next]');
        await page.waitForFunction((from) => document.querySelector('[data-testid=page-status]')?.textContent?.startsWith(`第 ${from}–`), p * 50 + 1);
      }
      listed.push(...(await page.$$eval('[data-testid=overview-rows] tbody th', (cells) => cells.map((c) => c.textContent ?? ''))));
    }
    expect(await page.isDisabled('[data-testid=page-next]')).toBe(true);
    expect(listed.sort()).toEqual(corpus.bureaus.map((b) => b.name).sort());
    await page.click('[data-testid=table-toggle]');
  });

  it('colours the bureaus by the measure chosen, named in the URL', async () => {
    await page.goto(`${url}/overview`);
    await waitForLeaves(page, 300);
    // by workload (the default): the bureau of the highest index alone in the darkest colour
    const byLoad = [...bureaus].sort((a, b) => b.load - a.load);
    expect(byLoad[0]!.load).toBeGreaterThan(byLoad[1]!.load);
    let fills = await leafFills(page);
    expect(new Set(fills).size).toBeGreaterThan(10);
    expect(fills.filter((f) => f === '#b10026')).toHaveLength(1);
    // the table sorted by workload, highest first: the same bureau, in the same colour
    await page.click('[data-testid=table-toggle]');
    await page.click('[data-testid=sort-load]');
    await page.waitForFunction((id) => document.querySelector('[data-testid=overview-rows] tbody tr')?.getAttribute('data-id') === id, byLoad[0]!.id);
    const swatch = '[data-testid=overview-rows] tbody tr:first-child [data-testid=row-colour]';
    expect(await page.$eval(swatch, (e) => getComputedStyle(e).backgroundColor)).toBe('rgb(177, 0, 38)');

    // every generated work item has a lead (scripts/gen.ts): no post is vacant, and every bureau turns grey
    expect(bureaus.every((b) => b.vacant === 0)).toBe(true);
    await page.selectOption('[data-testid=measure]', 'vacant');
    await page.waitForURL(/[?&]measure=vacant/);
    await page.waitForFunction(() => document.querySelector('[data-testid=treemap]')?.getAttribute('data-measure') === 'vacant');
    fills = await leafFills(page);
    expect(fills).toHaveLength(300);
    expect(new Set(fills)).toEqual(new Set(['#dee2e6']));
    expect(await page.getAttribute('[data-testid=overview-rows] tbody tr:first-child', 'data-id')).toBe(byLoad[0]!.id);
    expect(await page.$eval(swatch, (e) => getComputedStyle(e).backgroundColor)).toBe('rgb(222, 226, 230)');
    expect(await page.inputValue('[data-testid=measure]')).toBe('vacant');

    await page.selectOption('[data-testid=measure]', 'unplaced');
    await page.waitForURL(/[?&]measure=unplaced/);
    await page.waitForFunction(() => document.querySelector('[data-testid=treemap]')?.getAttribute('data-measure') === 'unplaced');
    expect(new Set(await leafFills(page)).size).toBeGreaterThan(1);
    await page.click('[data-testid=table-toggle]');
  });

  it('narrows the tree to a district typed in the filter', async () => {
    await page.goto(`${url}/overview`);
    await page.waitForSelector('[data-testid=nav-bureau]');
    // the second district of the corpus (亭山区): its eight bureaus, one of each field, and no other name holds it
    const district = /^.+?区/.exec(corpus.bureaus[8]!.name)![0];
    const named = corpus.bureaus.filter((b) => b.name.includes(district));
    expect(named).toHaveLength(8);
    expect(named.every((b) => b.name.startsWith(district))).toBe(true);
    await page.fill('[data-testid=nav-filter]', district);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=nav-bureau]').length === 8);
    expect(await treeTexts(page, 'nav-region')).toEqual([`${district} 8 个单位`]);
    expect((await treeTexts(page, 'nav-bureau')).sort()).toEqual(named.map((b) => `${b.name} ${b.posts} 岗`).sort());
    expect(await page.textContent('[data-testid=nav-count]')).toBe('8 / 300 个单位');

    // and a bureau picked there opens its org chart
    const picked = await page.locator('[data-testid=nav-bureau] span').first().textContent();
    await page.locator('[data-testid=nav-bureau]').first().click();
    await page.waitForURL(/\/org\?/);
    expect(new URL(page.url()).searchParams.get('bureau')).toBe(bureaus.find((b) => picked?.includes(b.name))!.id);
  });

  it('keeps only the rows in sight of a tree of 300 regions and bureaus in the page', async () => {
    await page.goto(`${url}/overview`);
    await page.waitForSelector('[data-testid=nav-bureau]');
    await page.fill('[data-testid=nav-filter]', '');
    await page.waitForFunction(() => document.querySelector('[data-testid=nav-count]')?.textContent === '300 个单位');
    const size = Number(await page.getAttribute('[data-testid=nav-region]', 'aria-setsize'));
    // every region opened, so the tree has a row for each region and each bureau
    expect(size).toBe(regions + 300);
    const inPage = await page.locator('[role=treeitem]').count();
    console.log(`[province] tree: ${inPage} of ${size} rows in the page`);
    expect(inPage).toBeGreaterThan(10);
    expect(inPage).toBeLessThan(100);
  });

  // how long the main thread is held is a figure of the benchmark (bench/explorer.ts), not a test's pass mark
  it('scrolls the tree far and draws the rows found there, and switches the measure', async () => {
    await page.goto(`${url}/overview`);
    await waitForLeaves(page, 300);
    await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
    const box = (await page.locator('[data-testid=nav-rows]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 30; i++) {
      await page.mouse.wheel(0, 500);
      await page.waitForTimeout(30);
    }
    // the tree scrolled far, and drew the rows found there
    expect(await page.$eval('[data-testid=nav-rows]', (e) => e.scrollTop)).toBeGreaterThan(5000);
    const last = await page.$$eval('[role=treeitem]', (rows) => Math.max(...rows.map((r) => Number(r.getAttribute('aria-posinset')))));
    expect(last).toBeGreaterThan(200);
    for (const m of ['duplicates', 'vacant', 'unplaced', 'load']) {
      await page.selectOption('[data-testid=measure]', m);
      await page.waitForFunction((m) => document.querySelector('[data-testid=treemap]')?.getAttribute('data-measure') === m, m);
      await page.waitForTimeout(100);
    }
    const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    console.log(`[province] long tasks while scrolling and switching: ${tasks.map((t) => Math.round(t)).join(', ') || 'none'} ms`);
  });

  it('opens the org chart of the bureau clicked on the treemap', async () => {
    await page.goto(`${url}/overview?measure=load`);
    await waitForLeaves(page, 300);
    // the darkest bureau is the one of the highest workload index
    const darkest = page.locator('[data-testid=treemap] svg path[fill="#b10026"]');
    const box = (await darkest.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForURL(/\/org\?/);
    expect(new URL(page.url()).searchParams.get('bureau')).toBe([...bureaus].sort((a, b) => b.load - a.load)[0]!.id);
  });

  // ---- every other view at 300 bureaus, expecting what the generator wrote into the documents

  /** A bureau from the middle of the corpus, written as a table like seeds 000–003. */
  const middle = () => corpus.written.filter((b) => b.layout === 'tab-table')[100]!;
  const chartOf = (b: GenBureau) => `${url}/org?bureau=${encodeURIComponent(`unit:${b.name}`)}`;
  const cardTitles = () => page.$$eval('[data-testid=post-card] .oc-card-title', (e) => e.map((x) => x.textContent ?? '').sort());

  it("draws one bureau's chart among 300: its posts as cards, its units closed and opened", async () => {
    const b = middle();
    await page.goto(chartOf(b));
    await page.waitForSelector('[data-testid=post-card]');
    // the bureau's twelve posts and its centre's three, two levels open
    expect(await cardTitles()).toEqual([...b.posts, ...b.centrePosts].map((p) => p.title).sort());
    const units = await page.$$eval('[data-testid=org-unit] > header .oc-unit-name', (e) => e.map((x) => x.textContent));
    expect(units.slice(0, 2)).toEqual([b.name, b.centre]);
    // the leader's card names the first person of the bureau's table
    const leader = page.locator('[data-testid=post-card]').filter({ has: page.locator('.oc-card-title', { hasText: /^部门领导正职岗位$/ }) });
    expect(await leader.locator('.oc-people.leads').textContent()).toContain(b.posts[0]!.items[0]!.lead);
    await page.click('[data-testid=collapse-all]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=post-card]').length === n, b.posts.length);
    await unitBox(page, b.centre).locator(':scope > header [data-testid=unit-toggle]').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=post-card]').length === n, b.posts.length + b.centrePosts.length);
    await page.click('[data-testid=expand-all]');
    expect(await page.locator('[data-testid=post-card]').count()).toBe(b.posts.length + b.centrePosts.length);
  });

  it('reveals a post of another of the 300 bureaus found by search', async () => {
    // a title that only one document of the corpus gives a post
    const uses = new Map<string, number>();
    for (const b of corpus.written) for (const p of [...b.posts, ...b.centrePosts]) uses.set(p.title, (uses.get(p.title) ?? 0) + 1);
    const owner = corpus.written.find((b) => b.layout === 'tab-table' && b.name !== middle().name && b.posts.some((p) => uses.get(p.title) === 1))!;
    const post = owner.posts.find((p) => uses.get(p.title) === 1)!;
    await page.goto(chartOf(middle()));
    await page.waitForSelector('[data-testid=post-card]');
    await page.fill('[data-testid=search]', post.title);
    const option = page.locator('[data-testid=search-results] li[role=option]').filter({ has: page.locator('.name', { hasText: post.title }) });
    await option.first().dispatchEvent('mousedown');
    await page.waitForSelector('.oc-card.oc-hit');
    expect(new URL(page.url()).searchParams.get('bureau')).toBe(`unit:${owner.name}`);
    const hit = page.locator('.oc-card.oc-hit');
    expect(await hit.locator('.oc-card-title').textContent()).toBe(post.title);
    expect(await hit.locator('.oc-people.leads').textContent()).toContain(post.items[0]!.lead);
  });

  it('prints one bureau of 300 on two pages, its 股室 named with who oversees them, in Chinese text', async () => {
    const b = middle();
    await page.goto(chartOf(b));
    await page.waitForSelector('[data-testid=post-card]');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    const pages = (await pdfPages(pdf)).map((p) => p.replace(/\s+/g, ''));
    // the bureau and its centre hold posts; the 股室 appear only in the deputies' 分管 lines
    expect(pages).toHaveLength(2);
    for (const p of b.posts) expect(pages[0]).toContain(p.title.replace(/\s+/g, ''));
    for (const p of b.centrePosts) expect(pages[1]).toContain(p.title);
    const deputy = (d: number) => `部门领导副职岗位${d}(${b.posts[d]!.items[0]!.lead})`;
    expect(pages[0]).toContain(`办公室(股室)·分管领导:${deputy(1)}`);
    expect(pages[0]).toContain(`执法大队(股室)·分管领导:${deputy(1)};${deputy(2)}`);
    expect(pages[0]).toContain(`法规股(股室)·分管领导:${deputy(2)}`);
  });

  it('ranks the people of 300 bureaus, each counted as their documents say', async () => {
    await page.goto(`${url}/workload`);
    await page.click('[data-testid=overload-table-toggle]');
    const rows = page.locator('[data-testid=overload-table] tbody tr');
    await rows.first().waitFor();
    // the top three: their led and assisted items, posts and units, counted in their bureau's document
    for (let i = 0; i < 3; i++) {
      const [name, bureau, lead, assist, posts, units] = await rows.nth(i).locator('th, td').allTextContents();
      const b = corpus.written.find((x) => x.name === bureau)!;
      const rowsOf = [
        ...b.posts.flatMap((p) => p.items.map((it) => ({ post: `${b.name}/${p.seq}`, unit: b.name, lead: it.lead, assistants: it.assistants }))),
        ...b.centrePosts.map((p) => ({ post: `${b.centre}/${p.seq}`, unit: b.centre, lead: p.lead, assistants: p.assistants })),
      ];
      const led = rowsOf.filter((r) => r.lead === name);
      const assisted = rowsOf.filter((r) => r.lead !== name && r.assistants.includes(name!));
      const count = (cell: string | undefined) => Number(cell!.split(' →')[0]);
      expect(count(lead)).toBe(led.length);
      expect(count(assist)).toBe(assisted.length);
      expect(count(posts)).toBe(new Set([...led, ...assisted].map((r) => r.post)).size);
      expect(count(units)).toBe(new Set([...led, ...assisted].map((r) => r.unit)).size);
    }
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('narrows the duplicates of 300 bureaus to the matrix cell picked', async () => {
    await page.goto(`${url}/duplicates`);
    await page.waitForSelector('#app[data-rendered=duplicates]');
    await page.click('[data-testid=dup-matrix-table-toggle]');
    // a district's eight bureaus share the vocabulary's duties; the matrix is read one district at a time
    const sideIn = async (region: string) => {
      const cells = await page.$$eval('[data-testid=dup-cell]', (e) => e.map((x) => [x.getAttribute('data-a')!, x.getAttribute('data-b')!]));
      expect(cells.length).toBeGreaterThan(0);
      return cells.every((ids) => ids.some((id) => id.startsWith(`unit:${region}`)));
    };
    const regions = await page.$$eval('[data-testid=dup-region] option', (o) => o.map((x) => (x as HTMLOptionElement).value));
    expect(regions.length).toBeGreaterThan(10);
    expect(await sideIn(await page.inputValue('[data-testid=dup-region]'))).toBe(true);
    await page.selectOption('[data-testid=dup-region]', regions[1]!);
    await page.waitForURL(new RegExp(`dr=${encodeURIComponent(regions[1]!)}`));
    await page.waitForSelector('#app[data-rendered=duplicates]');
    await page.click('[data-testid=dup-matrix-table-toggle]');
    expect(await sideIn(regions[1]!)).toBe(true);
    // the list beside it holds that region's pairs
    await page.waitForSelector('[data-testid=dup-region-note]');
    expect(await page.textContent('[data-testid=dup-region-note]')).toContain(regions[1]!);
    const regionHeads = await page.$$eval('[data-testid=dup-group]', (e) => e.map((x) => x.textContent ?? ''));
    expect(regionHeads.length).toBeGreaterThan(0);
    for (const head of regionHeads) expect(head).toContain(regions[1]!);
    const cell = page.locator('[data-testid=dup-cell]').first();
    const [a, b] = [await cell.getAttribute('data-a'), await cell.getAttribute('data-b')];
    await cell.click();
    await page.waitForSelector('[data-testid=dup-owner-filter]');
    expect(new URL(page.url()).searchParams.get('da')).toBe(a);
    // the district shown stays, whichever side of the cell lies outside it
    expect(new URL(page.url()).searchParams.get('dr')).toBe(regions[1]);
    expect(await page.inputValue('[data-testid=dup-region]')).toBe(regions[1]);
    // every group listed is a pair of the two owners of the cell
    const names = (id: string | null) =>
      id!
        .replace(/^unit:/, '')
        .split('/')
        .at(-1)!;
    const heads = await page.$$eval('[data-testid=dup-group]', (e) => e.map((x) => x.textContent ?? ''));
    expect(heads.length).toBeGreaterThan(0);
    for (const head of heads) expect([names(a), names(b)].every((n) => head.includes(n))).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("draws the posts × workflows of one of 300 bureaus, and a centre post's written steps as a chain", async () => {
    const b = middle();
    await page.goto(`${url}/workflows?bureau=${encodeURIComponent(`unit:${b.name}`)}`);
    await page.waitForSelector('[data-testid=wf-table]', { state: 'attached' });
    // one row for each code the bureau's items cite, and one for each centre post's written steps
    const codes = new Set(b.posts.flatMap((p) => p.items.flatMap((it) => it.codes)));
    expect(await page.locator('[data-testid=wf-table] tbody tr').count()).toBe(codes.size + b.centrePosts.length);
    const centrePost = b.centrePosts[0]!;
    await page.click('[data-testid=wf-table-toggle]');
    const row = page.locator('[data-testid=wf-table] tbody tr').filter({ has: page.locator('td', { hasText: new RegExp(`^${centrePost.title}$`) }) });
    await row.locator('button').first().click();
    await page.waitForSelector('[data-testid=wf-chain]');
    expect(await page.locator('[data-testid=wf-chain] li').count()).toBe(centrePost.steps.length);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('speaks English at 300 bureaus too: the chart, and the ranking with its reasons', async () => {
    const b = middle();
    await page.goto(`${chartOf(b)}&lang=en`);
    await page.waitForSelector('[data-testid=post-card]');
    expect(await page.textContent('[data-testid=expand-all]')).toBe('Expand all');
    expect(await unitBox(page, b.centre).locator(':scope > header').textContent()).toContain('Centre');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('[data-testid=nav-workload]');
    await page.click('[data-testid=overload-table-toggle]');
    const first = page.locator('[data-testid=overload-table] tbody tr').first();
    await first.waitFor();
    expect(await first.locator('td').last().textContent()).toMatch(/^leads \d+ work items?( and assists with \d+ work items?)? in \d+ posts?/);
  });

  it('has no serious or critical accessibility violation, table open', async () => {
    await page.goto(`${url}/overview`);
    await waitForLeaves(page, 300);
    await page.click('[data-testid=table-toggle]');
    await page.waitForSelector('[data-testid=overview-rows]');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('is drawn as the screenshot shows', async () => {
    await page.goto(`${url}/overview`);
    await waitForLeaves(page, 300);
    await page.screenshot({ path: path.join(shots, 'bureau-graph-overview-300.png') });
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
    return context.close();
  });
});

describe.runIf(hasChromium)('the overview of the seeds, and of an empty database', () => {
  let db: Db;
  let browser: Browser;
  let url: string;
  let close: () => Promise<void>;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
    await importFiles(db, seedFiles(), { meaning: { on: false, reason: 'wording only in tests' } });
    ({ url, close } = await startClientApp(db));
    browser = await launch();
    ({ page } = await openPage(browser, errors));
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
    await db?.close();
  });

  it('files the seed bureaus under 市 and 山亭区, with their posts', async () => {
    await page.goto(`${url}/overview`);
    await waitForLeaves(page, 3);
    // five documents, three bureaus: 000 is 山亭区自然资源局 (15 posts, and 4 + 3 + 6 in its three centres), 004
    // 山亭区住房和城乡建设局 (16, and 3 + 4 in its centres), 001–003 three sections of 市自然资源和规划局 (4 + 5 + 6)
    expect((await treeTexts(page, 'nav-region')).sort()).toEqual(['山亭区 2 个单位', '市 1 个单位']);
    expect((await treeTexts(page, 'nav-bureau')).sort()).toEqual(['山亭区住房和城乡建设局 23 岗', '山亭区自然资源局 28 岗', '市自然资源和规划局 15 岗']);
    expect(await page.textContent('[data-testid=nav-count]')).toBe('3 个单位');
    expect(await page.textContent('.ov-totals')).toContain('3 个单位 · 66 个岗位');
    // each region framed with its name above its bureaus
    const headers = await page.$$eval('[data-testid=treemap] svg text', (t) => t.map((x) => x.textContent));
    expect(headers).toEqual(expect.arrayContaining(['市', '山亭区', '山亭区自然资源局', '市自然资源和规划局', '山亭区住房和城乡建设局']));
  });

  it('speaks English when asked', async () => {
    await page.goto(`${url}/overview?lang=en`);
    await waitForLeaves(page, 3);
    expect(await page.textContent('[data-testid=nav-count]')).toBe('3 bureaus');
    expect((await treeTexts(page, 'nav-region')).sort()).toEqual(['山亭区 2 bureaus', '市 1 bureau']);
    expect(await page.textContent('[data-testid=table-toggle]')).toBe('All 3 bureaus as a table');
  });

  it('is operated by keyboard: tab to the tree, arrows to move, Enter to open or close a region and to pick a bureau', async () => {
    await page.goto(`${url}/overview`);
    await waitForLeaves(page, 3);
    await page.focus('[data-testid=nav-filter]');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-all');
    await page.keyboard.press('Tab');
    const focused = () =>
      page.evaluate(() => ({
        text: document.activeElement?.querySelector('.nav-name')?.textContent,
        id: document.activeElement?.getAttribute('data-id'),
        expanded: document.activeElement?.getAttribute('aria-expanded'),
      }));
    // the tree is one tab stop, on its first row: the region 市, cities before districts
    expect(await focused()).toEqual({ text: '市', id: null, expanded: 'true' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-expanded') === 'false');
    expect(await page.locator('[data-testid=nav-bureau]').count()).toBe(2);
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toEqual({ text: '山亭区', id: null, expanded: 'true' });
    await page.keyboard.press('ArrowRight');
    const bureau = await focused();
    expect(['山亭区住房和城乡建设局', '山亭区自然资源局']).toContain(bureau.text);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/org\?/);
    expect(new URL(page.url()).searchParams.get('bureau')).toBe(bureau.id);
  });

  it('is drawn as the screenshot shows', async () => {
    await page.goto(`${url}/overview`);
    await waitForLeaves(page, 3);
    await page.screenshot({ path: path.join(shots, 'bureau-graph-overview.png') });
  });

  it('shows a first run, pointing to the import, on an empty database', async () => {
    await clearGraph(db);
    // the server looks at the graph's version at most once a second: its answers follow the emptied graph soon after
    await waitFor(async () => (await getJson(`${url}/api/overview`)).body.totals.bureaus === 0);
    await page.goto(`${url}/overview`);
    await page.waitForSelector('[data-testid=first-run]');
    expect(await page.textContent('[data-testid=first-run] h2')).toBe('还没有导入任何单位');
    expect(await page.locator('[data-testid=treemap]').count()).toBe(0);
    expect(await page.textContent('[data-testid=nav-count]')).toBe('还没有单位');
    await page.click('[data-testid=first-run-import]');
    await page.waitForURL(/\/import$/);
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
