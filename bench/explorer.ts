/**
 * The explorer at a province's scale, in Debian's chromium (npm run bench:explorer; also a section of npm run bench):
 *  - the JS the first view loads, raw and gzipped;
 *  - the seeds' first render;
 *  - at N generated bureaus: each view's first meaningful content (the view says so: `data-rendered` on #app),
 *    search → reveal of a post in another bureau, expanding a unit, and the longest task while the overview is used.
 * The duplicates analysis runs by wording only here: the views, not the embedder, are measured.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Command } from 'commander';
import type { Browser, Page } from 'playwright-core';
import { pino } from 'pino';
import { buildApp } from '../server/app.ts';
import { Db, type DbTarget } from '../server/db/driver.ts';
import { INSTANCES, startLocalNeo4j, stopLocalNeo4j } from '../server/db/local-neo4j/index.ts';
import { applySchema } from '../server/db/schema.ts';
import { importFiles, seedFiles } from '../server/load/import.ts';
import { generateCorpus } from '../scripts/gen.ts';
import { launch } from '../scripts/chromium.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const OFF = { on: false as const, reason: 'the explorer benchmark measures the views, not the embedder' };

export interface ExplorerBenchOptions {
  db: Db;
  bureaus: number;
  runs: number;
  log: (line: string) => void;
}

/** The built client's first view: the entry script and the modules it preloads, in bytes and gzipped. */
export function initialBundle(dir = path.join(root, 'dist/client')): { js_kb: number; js_gzip_kb: number; files: string[] } {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) =>
    m[1]!.replace(/^.*?assets\//, 'assets/'),
  );
  const bytes = files.map((f) => readFileSync(path.join(dir, f)));
  const kb = (n: number) => Math.round(n / 102.4) / 10;
  return { js_kb: kb(bytes.reduce((n, b) => n + b.length, 0)), js_gzip_kb: kb(bytes.reduce((n, b) => n + gzipSync(b).length, 0)), files };
}

async function serve(db: Db): Promise<{ url: string; close: () => Promise<void> }> {
  const app = buildApp({ db, logger: pino({ level: 'silent' }), clientDir: path.join(root, 'dist/client') });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Milliseconds from opening `address` until the view says it has drawn what it first shows. */
async function firstContent(browser: Browser, url: string, address: string, view: string): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    const t = Date.now();
    await page.goto(url + address);
    await page.waitForSelector(`#app[data-rendered="${view}"]`, { timeout: 120_000 });
    return Date.now() - t;
  } finally {
    await page.close();
  }
}

/** The longest task (ms) while `act` runs in the page, by the browser's own long-task observer. */
async function longestTask(page: Page, act: () => Promise<void>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { longest: number };
    w.longest = 0;
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (w.longest = Math.max(w.longest, e.duration)))).observe({ type: 'longtask' });
  });
  await act();
  await page.waitForTimeout(500);
  return Math.round(await page.evaluate(() => (window as unknown as { longest: number }).longest));
}

/** The figures; empties the graph, then leaves the generated corpus in it. */
export async function explorerBench(o: ExplorerBenchOptions): Promise<Record<string, unknown>> {
  const fig: Record<string, unknown> = { bureaus: o.bureaus };
  const bundle = initialBundle();
  Object.assign(fig, { ui_initial_js_kb: bundle.js_kb, ui_initial_js_gzip_kb: bundle.js_gzip_kb });
  const clear = () => o.db.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  const browser = await launch();
  try {
    await clear();
    await importFiles(o.db, seedFiles(), { meaning: OFF });
    let app = await serve(o.db);
    const seeds: number[] = [];
    for (let k = 0; k < o.runs; k++) seeds.push(await firstContent(browser, app.url, '/overview', 'overview'));
    fig.ui_seeds_first_render_ms = median(seeds);
    await app.close();

    await clear();
    // a province's bureaus share districts: the duplicates view has pairs to show
    const corpus = generateCorpus(o.bureaus, 1, path.join(root, 'bench-out', `explorer-${o.bureaus}`), { province: true });
    const t = Date.now();
    await importFiles(o.db, corpus.files, { meaning: OFF });
    o.log(`explorer: ${o.bureaus} bureaus (${corpus.posts} posts, ${corpus.items} items) imported in ${Math.round((Date.now() - t) / 1000)} s`);
    app = await serve(o.db);
    try {
      // the first answers as the server computes them after an import, before anyone is timed
      await fetch(`${app.url}/api/overview`).then((r) => r.json());
      const overview = (await fetch(`${app.url}/api/overview`).then((r) => r.json())) as { regions: { bureaus: { id: string; posts: number }[] }[] };
      const bureaus = overview.regions.flatMap((r) => r.bureaus).sort((a, b) => b.posts - a.posts);
      const [big, other] = [bureaus[0]!.id, bureaus.at(-1)!.id];
      const views: [string, string][] = [
        ['overview', '/overview'],
        ['org', `/org?bureau=${encodeURIComponent(big)}`],
        ['workload', '/workload'],
        ['duplicates', '/duplicates'],
        ['workflows', `/workflows?bureau=${encodeURIComponent(big)}`],
      ];
      for (const [view, address] of views) {
        const times: number[] = [];
        for (let k = 0; k < o.runs; k++) times.push(await firstContent(browser, app.url, address, view));
        fig[`ui_first_content_ms_${view}`] = median(times);
        o.log(`explorer: ${view} ${JSON.stringify(times)} ms`);
      }

      // search → reveal: a post of another bureau, found by its title, opened and centred in its chart
      const chart = (await fetch(`${app.url}/api/org/chart?unit=${encodeURIComponent(other)}`).then((r) => r.json())) as {
        posts: { id: string; title: string }[];
      };
      const target = chart.posts.at(-1)!;
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${app.url}/org?bureau=${encodeURIComponent(big)}`);
      await page.waitForSelector('#app[data-rendered="org"]');
      const reveals: number[] = [];
      for (let k = 0; k < o.runs; k++) {
        const t0 = Date.now();
        await page.evaluate((id) => {
          history.pushState(null, '', `${location.pathname}?focus=${encodeURIComponent(id)}`);
          dispatchEvent(new PopStateEvent('popstate'));
        }, target.id);
        await page.waitForSelector(`[data-testid=post-card][data-post="${target.id}"].oc-hit`, { timeout: 60_000 });
        reveals.push(Date.now() - t0);
        await page.goto(`${app.url}/org?bureau=${encodeURIComponent(big)}`);
        await page.waitForSelector('#app[data-rendered="org"]');
      }
      fig.ui_search_reveal_ms = median(reveals);

      // expanding a unit: all collapsed first, then the bureau's box opened
      const expands: number[] = [];
      for (let k = 0; k < o.runs; k++) {
        await page.click('[data-testid=collapse-all]');
        const closed = page.locator('[data-testid=unit-toggle][aria-expanded=false]').first();
        if ((await closed.count()) === 0) break;
        const ms = await closed.evaluate(
          (button) =>
            new Promise<number>((resolve) => {
              const t0 = performance.now();
              button.dispatchEvent(new MouseEvent('click', { bubbles: true }));
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
            }),
        );
        expands.push(Math.round(ms));
      }
      fig.ui_expand_unit_ms = expands.length ? median(expands) : null;
      await page.close();

      // the overview in use: switching the measure and scrolling the tree
      const ov = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await ov.goto(`${app.url}/overview`);
      await ov.waitForSelector('#app[data-rendered="overview"]');
      fig.ui_overview_longest_task_ms = await longestTask(ov, async () => {
        for (const m of ['duplicates', 'vacant', 'unplaced', 'load']) {
          await ov.selectOption('[data-testid=measure]', m).catch(() => undefined);
          await ov.waitForTimeout(300);
        }
        const box = (await ov.locator('[data-testid=nav-rows]').boundingBox())!;
        await ov.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        for (let i = 0; i < 30; i++) {
          await ov.mouse.wheel(0, 500);
          await ov.waitForTimeout(30);
        }
      });
      await ov.close();
    } finally {
      await app.close();
    }
  } finally {
    await browser.close();
  }
  return fig;
}

/** npm run bench:explorer -- [--bureaus N] [--runs K] */
async function main(): Promise<void> {
  const opts = new Command('bench:explorer')
    .option('--bureaus <n>', 'generated bureaus', (v) => Number(v), 1000)
    .option('--runs <k>', 'runs of each timing (the median is given)', (v) => Number(v), 3)
    .option('--wipe', 'agree that NEO4J_URI, when set, is emptied')
    .parse()
    .opts<{ bureaus: number; runs: number; wipe?: boolean }>();
  let target: DbTarget;
  let stop = () => Promise.resolve();
  if (process.env.NEO4J_URI) {
    if (!opts.wipe) throw new Error('NEO4J_URI is set: the benchmark empties that database; pass --wipe to agree');
    target = { uri: process.env.NEO4J_URI, user: process.env.NEO4J_USER ?? 'neo4j', password: process.env.NEO4J_PASSWORD ?? '', database: 'neo4j' };
  } else {
    const local = await startLocalNeo4j({ instance: 'bench', ...INSTANCES.bench!, password: 'bureau-graph-bench', log: (s) => console.error(s) });
    target = { uri: local.uri, user: 'neo4j', password: 'bureau-graph-bench', database: 'neo4j' };
    stop = async () => void (local.started && (await stopLocalNeo4j('bench')));
  }
  const db = new Db(target);
  try {
    await applySchema(db);
    const fig = await explorerBench({ db, bureaus: opts.bureaus, runs: opts.runs, log: (s) => console.error(`[bench] ${s}`) });
    console.log(JSON.stringify(fig, null, 2));
  } finally {
    await db.close();
    await stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
