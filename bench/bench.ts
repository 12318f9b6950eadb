/**
 * npm run bench -- [--quick] [--sizes 100,300,1000] [--runs 3] --out <file.json>
 *
 * Generates corpora, then measures each figure as the median of several runs in this one invocation: parsing,
 * import against LOAD CSV of the same graph, duplicate detection against exact all-pairs, the API under
 * autocannon, the browser's first render and frame rate, and peak memory; first of all the parser on each format
 * (bench/formats.ts: the seeds' PDF, Word, Excel and HTML renderings, and a long PDF printed by Chromium), and after
 * the sizes the duplicates by meaning (bench/duplicates.ts: the embedder, the vector index against exact cosine,
 * planted paraphrases, and the whole analysis by phase, at the largest size). Runs on the Neo4j named by NEO4J_URI
 * (which it empties: pass --wipe to agree), or else on its own local instance `bench` (port 7689).
 */
import { spawn, execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { Command } from 'commander';
import { normaliseDuty, similarPairsExact, similarPairsLsh, type DutyText } from '../server/analyses/duplicates.ts';
import { refreshAnalyses } from '../server/services/refresh.ts';
import { Db, type DbTarget } from '../server/db/driver.ts';
import { applySchema } from '../server/db/schema.ts';
import { graphRows, type GraphRows } from '../server/load/graph-rows.ts';
import { importFiles, seedFiles } from '../server/load/import.ts';
import { readDocument } from '../server/parse/index.ts';
import { INSTANCES, startLocalNeo4j, stopLocalNeo4j } from '../server/db/local-neo4j/index.ts';
import { generateCorpus } from '../scripts/gen.ts';
import { graphSignature, writeCsv } from './loadcsv.ts';
import { launch } from '../scripts/chromium.ts';
import { explorerBench } from './explorer.ts';
import { formatsBench } from './formats.ts';
import { duplicatesBench } from './duplicates.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
const tsx = path.join(root, 'node_modules/.bin/tsx');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const log = (s: string) => console.error(`[bench] ${s}`);

const opts = new Command('bench')
  .option('--quick', 'a small corpus and short runs (within 5 minutes on 2 cores)')
  .option('--sizes <list>', 'bureaus per corpus, comma-separated', (s) => s.split(',').map(Number))
  .option('--runs <n>', 'runs per figure (the median is reported)', (s) => Number(s))
  .option('--wipe', 'allow emptying the database named by NEO4J_URI')
  .requiredOption('--out <file>', 'where to write the figures (JSON)')
  .parse()
  .opts<{ quick?: boolean; sizes?: number[]; runs?: number; wipe?: boolean; out: string }>();

const sizes = opts.sizes ?? (opts.quick ? [20] : [100, 300, 1000]);
const runs = opts.runs ?? 3;
const apiSeconds = opts.quick ? 5 : 20;

async function database(): Promise<{ target: DbTarget; importDir: string | null; stop: () => Promise<void> }> {
  if (process.env.NEO4J_URI) {
    if (!opts.wipe) throw new Error('NEO4J_URI is set: the benchmark empties that database; pass --wipe to agree');
    const target = {
      uri: process.env.NEO4J_URI,
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
      database: process.env.NEO4J_DATABASE ?? 'neo4j',
    };
    return { target, importDir: process.env.NEO4J_IMPORT_DIR ?? null, stop: () => Promise.resolve() };
  }
  const local = await startLocalNeo4j({ instance: 'bench', ...INSTANCES.bench!, password: 'bureau-graph-bench', log });
  return {
    target: { uri: local.uri, user: 'neo4j', password: 'bureau-graph-bench', database: 'neo4j' },
    importDir: path.join(root, '.neo4j/bench/import'),
    stop: async () => void (local.started && (await stopLocalNeo4j('bench'))),
  };
}

/** Empties the graph, then lets the deletion's background work (index clean-up) settle before the next timing. */
async function clear(db: Db): Promise<void> {
  await db.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
  await new Promise((r) => setTimeout(r, opts.quick ? 2000 : 5000));
}

async function graphSize(db: Db): Promise<number> {
  const n = (await db.run('MATCH (n) RETURN count(n) AS n')).records[0]!.get('n') as number;
  const r = (await db.run('MATCH ()-[r]->() RETURN count(r) AS n')).records[0]!.get('n') as number;
  return n + r;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The real server as a child process: its own CPU for the load, and its peak RSS readable from /proc. */
async function startServer(target: DbTarget): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  // node itself (not the tsx launcher), so the pid is the server's and /proc shows its memory
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], {
    env: {
      ...process.env,
      NEO4J_URI: target.uri,
      NEO4J_USER: target.user,
      NEO4J_PASSWORD: target.password,
      PORT: String(port),
      SKIP_SEED_IMPORT: 'true',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('is serving') && resolve());
    child.once('exit', (c) => reject(new Error(`server exited with ${c}`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: async () => void (child.kill('SIGTERM'), await new Promise((r) => child.once('exit', r))) };
}

/** `bench/import-runner.ts` in its own process (its peak RSS is the importer's alone): seconds and peak RSS. */
async function importInChild(target: DbTarget, files: string[]): Promise<{ seconds: number; maxRssMb: number }> {
  const r = await run(tsx, [path.join(root, 'bench/import-runner.ts'), ...files], {
    env: { ...process.env, NEO4J_URI: target.uri, NEO4J_USER: target.user, NEO4J_PASSWORD: target.password, NEO4J_DATABASE: target.database },
    maxBuffer: 1e7,
  });
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { seconds: number; maxRssMb: number };
}

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

async function main(): Promise<void> {
  const t0 = Date.now();
  // the parser on each format (bench/formats.ts), before Neo4j starts and takes its share of the CPU
  const formats = await formatsBench({ runs });
  log(`formats: ${JSON.stringify(formats)}`);
  const { target, importDir, stop } = await database();
  const db = new Db(target);
  await applySchema(db);
  const results: Record<string, unknown>[] = [];
  try {
    for (const bureaus of sizes) {
      const fig: Record<string, unknown> = { bureaus };
      const dir = path.join(root, 'bench-out', `corpus-${bureaus}`);
      const corpus = generateCorpus(bureaus, 1, dir);
      Object.assign(fig, { documents: corpus.files.length, posts: corpus.posts, work_items: corpus.items, corpus_mb: round(corpus.bytes / 1e6) });
      log(`${bureaus} bureaus: ${corpus.items} work items, ${String(fig.corpus_mb)} MB`);

      const parseTimes: number[] = [];
      let parsed: { rows: GraphRows }[] = [];
      for (let k = 0; k < runs; k++) {
        const t = performance.now();
        parsed = [];
        for (const f of corpus.files) {
          const { doc, lines } = await readDocument(f);
          parsed.push({ rows: graphRows(doc, lines) });
        }
        parseTimes.push((performance.now() - t) / 1000);
      }
      fig.parse_mb_per_s = round(corpus.bytes / 1e6 / median(parseTimes));

      const importRates: number[] = [];
      const csvRates: number[] = [];
      let importRss = NaN;
      let elements = 0;
      const csv = importDir
        ? writeCsv(
            parsed.map((p) => p.rows),
            path.join(importDir, 'bench-csv'),
          )
        : null;
      if (results.length === 0) {
        // one untimed round first: a newly started Neo4j runs both loads several times slower until its JIT warms
        await clear(db);
        await importInChild(target, corpus.files);
        if (csv) {
          await clear(db);
          for (const c of csv) await db.run(c.cypher);
        }
      }
      for (let k = 0; k < runs; k++) {
        await clear(db);
        const out = await importInChild(target, corpus.files);
        elements = await graphSize(db);
        importRates.push(elements / out.seconds);
        importRss = Math.max(Number.isNaN(importRss) ? 0 : importRss, out.maxRssMb);
        if (csv) {
          const imported = await graphSignature(db);
          await clear(db);
          const t = performance.now();
          for (const c of csv) await db.run(c.cypher);
          csvRates.push((await graphSize(db)) / ((performance.now() - t) / 1000));
          // the comparison holds only if LOAD CSV built the very graph the importer did
          const loaded = await graphSignature(db);
          const differs = Object.keys({ ...imported, ...loaded }).filter((k) => imported[k] !== loaded[k]);
          fig.loadcsv_same_graph = differs.length === 0;
          if (differs.length) log(`LOAD CSV built a different graph: ${differs.map((k) => `${k} ${imported[k]} vs ${loaded[k]}`).join(', ')}`);
        }
      }
      fig.graph_elements = elements;
      // every run as well as the median: a shared machine spreads them
      fig.import_rows_per_s_runs = importRates.map(Math.round);
      fig.loadcsv_rows_per_s_runs = csvRates.map(Math.round);
      fig.import_rows_per_s = Math.round(median(importRates));
      fig.loadcsv_rows_per_s = csv ? Math.round(median(csvRates)) : null;
      fig.import_vs_loadcsv_ratio = csv ? round(median(importRates) / median(csvRates)) : null;
      fig.peak_rss_mb_import = importRss;

      // the graph as the importer leaves it, for the analyses and the API
      await clear(db);
      await importInChild(target, corpus.files);
      const ta = performance.now();
      await refreshAnalyses(db);
      fig.analyses_s = round((performance.now() - ta) / 1000);

      // duplicates: LSH on every duty text; exact all-pairs on a sample, extrapolated by n²
      const texts: DutyText[] = parsed.flatMap(({ rows }) => {
        const untitled = new Set(rows.items.filter((i) => !i.title).map((i) => i.id));
        return [
          ...rows.items.filter((i) => i.title).map((i) => ({ id: i.id, text: i.title!, group: i.postId })),
          ...rows.duties.filter((d) => d.kind === 'function' && untitled.has(d.itemId)).map((d) => ({ id: d.id, text: d.text, group: d.itemId })),
        ];
      });
      const lshTimes: number[] = [];
      for (let k = 0; k < runs; k++) {
        const t = performance.now();
        similarPairsLsh(texts, 0.6);
        lshTimes.push((performance.now() - t) / 1000);
      }
      const sample = texts.filter((_, i) => i % Math.max(1, Math.floor(texts.length / 3000)) === 0);
      const te = performance.now();
      const exact = similarPairsExact(sample, 0.6);
      const exactSample = (performance.now() - te) / 1000;
      const lshSample = new Set(similarPairsLsh(sample, 0.6).pairs.map((p) => `${p.a}|${p.b}`));
      // identical texts are chained rather than paired all with all: such a pair counts as found
      const found = recallWithChains(sample, exact, lshSample);
      fig.dup_texts = texts.length;
      fig.dup_docs_per_s = Math.round(texts.length / median(lshTimes));
      fig.dup_recall_vs_exact = round(found, 3);
      fig.dup_exact_sample = sample.length;
      fig.dup_speedup_vs_exact = round((exactSample * (texts.length / sample.length) ** 2) / median(lshTimes), 1);

      const server = await startServer(target);
      try {
        // the steady state: each route asked once first, as the server itself does for the views after an import
        const ta = performance.now();
        for (const path of API_ROUTES) await fetch(server.url + path).then((r) => r.arrayBuffer());
        fig.api_first_requests_s = round((performance.now() - ta) / 1000);
        const res = await autocannon({ url: server.url, connections: 50, pipelining: 1, duration: apiSeconds, requests: API_ROUTES.map((path) => ({ path })) });
        Object.assign(fig, {
          api_p50_ms: res.latency.p50,
          api_p90_ms: res.latency.p90,
          api_p99_ms: res.latency.p99,
          api_rps: Math.round(res.requests.average),
          api_errors: res.errors + res.non2xx,
          peak_rss_mb_server: peakRssMb(server.pid),
        });
      } finally {
        await server.stop();
      }
      results.push(fig);
      log(JSON.stringify(fig));
    }

    // duplicates by meaning (bench/duplicates.ts) on a corpus of the largest size: the embedder, the vector index
    // against exact cosine, planted paraphrases, and the whole analysis by phase; it empties the graph
    const duplicates = await duplicatesBench({
      db,
      bureaus: Math.max(...sizes),
      vectors: opts.quick ? 10_000 : 100_000,
      queries: opts.quick ? 100 : 300,
      log,
    });
    log(`duplicates: ${JSON.stringify(Object.fromEntries(Object.entries(duplicates).filter(([, v]) => typeof v === 'number')))}`);

    // the explorer at the largest size (bench/explorer.ts): each view's first content, search → reveal, expanding a
    // unit, long tasks, the seeds' first render and the first view's JS; it leaves the generated corpus in the graph
    const explorer = await explorerBench({ db, bureaus: Math.max(...sizes), runs, log });
    log(`explorer: ${JSON.stringify(explorer)}`);

    // the browser on the seeds: frames per second while panning 10,000 elements on the graph canvas (a person's network)
    await clear(db);
    await importFiles(db, seedFiles());
    const server = await startServer(target);
    const ui: Record<string, unknown> = { ...explorer };
    const browser = await launch();
    const canvasView = `/workload?person=${encodeURIComponent('person:山亭区住房和城乡建设局/刘志珠')}&net=1`;
    try {
      // '' is the app's own choice for this machine; the others force a renderer to compare
      for (const renderer of ['', 'canvas', 'webgl']) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.goto(`${server.url}${canvasView}${renderer ? `&renderer=${renderer}` : ''}`);
        await page.waitForFunction(() => Number(document.querySelector('[data-testid=graph-status]')?.getAttribute('data-nodes')) > 0);
        const drags: number[] = [];
        const redraws: number[] = [];
        const colds: number[] = [];
        for (let k = 0; k < runs; k++) {
          // passed as source text: the bundler's helpers do not exist in the page
          const r = await page.evaluate<{ drag: number; redraw: number; cold: number; renderer: string }>(PAN_10K);
          drags.push(r.drag);
          redraws.push(r.redraw);
          colds.push(r.cold);
          if (!renderer) ui.ui_renderer = r.renderer;
        }
        const key = renderer ? `_${renderer}` : '';
        ui[`ui_fps_10k${key}`] = round(median(drags), 1);
        ui[`ui_fps_10k_redraw${key}`] = round(median(redraws), 1);
        ui[`ui_fps_10k_first_2s${key}`] = round(median(colds), 1);
        await page.close();
      }
    } finally {
      await browser.close();
      await server.stop();
    }

    const largest = results.at(-1)!;
    const out = {
      ...Object.fromEntries(
        [
          'parse_mb_per_s',
          'import_rows_per_s',
          'loadcsv_rows_per_s',
          'import_vs_loadcsv_ratio',
          'dup_docs_per_s',
          'dup_recall_vs_exact',
          'dup_speedup_vs_exact',
          'api_p50_ms',
          'api_p99_ms',
          'api_rps',
        ].map((k) => [k, largest[k]]),
      ),
      ...ui,
      peak_rss_mb: Math.max(Number(largest.peak_rss_mb_import), Number(largest.peak_rss_mb_server)),
      peak_rss_mb_import: largest.peak_rss_mb_import,
      peak_rss_mb_server: largest.peak_rss_mb_server,
      formats,
      duplicates,
      by_size: results,
      runs,
      quick: Boolean(opts.quick),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, neo4j: target.uri },
      seconds: Math.round((Date.now() - t0) / 1000),
    };
    writeFileSync(opts.out, JSON.stringify(out, null, 2) + '\n');
    log(`wrote ${opts.out} in ${out.seconds} s`);
  } finally {
    await db.close();
    await stop();
  }
}

/** The main read routes, as the views and an API user first ask for them. */
const API_ROUTES = [
  '/api/units',
  '/api/people/overload?limit=20',
  '/api/org/reporting',
  '/api/duplicates?limit=50',
  '/api/workflows/shared',
  `/api/search?q=${encodeURIComponent('规划')}`,
];

/**
 * Draws 5,000 posts and 5,000 edges through the app's graph view and pans, counting frames: `cold`, the first 2 s
 * after drawing, panned from code while the renderer builds its per-element caches; then for 3 s each, `drag` as a
 * user does (mouse down on the background, moved a little every frame), where the view moves its cached picture,
 * and `redraw`, the pan set from code every frame, which draws every element again from the warm caches.
 */
const PAN_10K = `(async () => {
  const g = await window.bureauGraph();
  const nodes = Array.from({ length: 5000 }, (_, i) => ({ data: { id: 'n' + i, label: '岗位' + i, type: 'Post' }, position: { x: (i % 100) * 60, y: Math.floor(i / 100) * 60 } }));
  const edges = Array.from({ length: 5000 }, (_, i) => ({ data: { id: 'e' + i, source: 'n' + i, target: 'n' + ((i * 7 + 1) % 5000), type: 'REPORTS_TO' } }));
  const frames = (each, ms = 3000) => new Promise((resolve) => {
    let n = 0;
    const start = performance.now();
    const step = () => {
      n++;
      each();
      if (performance.now() - start < ms) requestAnimationFrame(step);
      else resolve(n / ((performance.now() - start) / 1000));
    };
    requestAnimationFrame(step);
  });
  g.show({ nodes, edges }, { name: 'preset', fit: true });
  // the first 2 s after drawing: the renderer is still building its per-element caches
  const cold = await frames(() => g.cy.panBy({ x: 3, y: 2 }), 2000);
  g.cy.fit();
  await new Promise((r) => setTimeout(r, 1000));
  // the whole grid fitted to the view; its top-left corner is background, where a user grabs the canvas
  const box = g.cy.container().getBoundingClientRect();
  const x0 = box.left + 5;
  let x = x0, y = box.top + 5;
  const mouse = (type, target) => target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0, buttons: 1, view: window }));
  const before = g.cy.pan().x;
  mouse('mousedown', g.cy.container().querySelector('canvas:last-of-type'));
  const drag = await frames(() => { x += 3; y += 2; mouse('mousemove', window); });
  mouse('mouseup', window);
  // the drag must have moved the view, or the figure means nothing
  if (g.cy.pan().x - before < (x - x0) / 2) throw new Error('the drag did not pan the view');
  g.cy.fit();
  await new Promise((r) => setTimeout(r, 500));
  const redraw = await frames(() => g.cy.panBy({ x: 3, y: 2 }));
  return { drag, redraw, cold, renderer: g.renderer };
})()`;

/** Share of exact pairs LSH found: directly, or, for texts that normalise the same, through their chain. */
function recallWithChains(texts: DutyText[], exact: { a: string; b: string }[], lsh: Set<string>): number {
  if (exact.length === 0) return 1;
  const norm = new Map(texts.map((t) => [t.id, normaliseDuty(t.text)]));
  return exact.filter((p) => lsh.has(`${p.a}|${p.b}`) || norm.get(p.a) === norm.get(p.b)).length / exact.length;
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
