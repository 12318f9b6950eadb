/**
 * npm run bench:formats -- [--runs 3] [--min-pages 300] [--out <file.json>]   (also run by `npm run bench`)
 *
 * The parser on each format users bring, as the upload preview calls it (`parseBytes`): the committed renderings
 * of the seeds (test/fixtures/renderings/: PDF pages/s, Word MB/s, Excel rows/s, HTML MB/s), then a long PDF
 * printed at bench time by Chromium from a generated corpus (at least `--min-pages` pages: pages/s of the full
 * parse) and its first 100 pages as their own PDF (time to preview). Each figure is the median of `--runs` runs.
 *
 * Each set of files is parsed in a child process of its own (bench/parse-runner.ts), once untimed to warm it, then
 * timed (a run over the renderings, small files, passes over them until it has lasted 2 s); its peak RSS is that
 * process's maximum resident set (getrusage's ru_maxrss, which no sampling misses), Node's baseline included (given
 * beside it). Goals (on 2 cores) are printed beside their figures, not asserted.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { strFromU8, unzipSync } from 'fflate';
import { parseText } from '../server/parse/index.ts';
import { CHROMIUM, hasChromium, launch } from '../scripts/chromium.ts';
import { generateCorpus } from '../scripts/gen.ts';
import { documentHtml } from '../scripts/render-seeds.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const renderings = path.join(root, 'test/fixtures/renderings');
const run = promisify(execFile);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const log = (s: string) => console.error(`[bench] ${s}`);

/** The goals, on 2 cores. */
const PDF_PAGES_PER_S = 20;
const PREVIEW_100_PAGES_S = 5;
/** A run over the small renderings passes over them again until it has lasted this long (seconds). */
const MIN_RUN_S = 2;
/** Chromium's print of the seeds' layout, as scripts/render-seeds.ts makes the -chromium.pdf renderings. */
const PRINT = { format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } } as const;

interface RunnerOut {
  /** seconds a pass of each file in each run */
  seconds: number[][];
  pages: number[];
  lines: number[];
  items: number[];
  baselineRssMb: number;
  maxRssMb: number;
}

/** bench/parse-runner.ts in a process of its own: node itself (not the tsx launcher), so its peak RSS is the parse's. */
async function parseInChild(files: string[], runs: number, warmup?: string, minSeconds = 0): Promise<RunnerOut> {
  const args = [
    '--import',
    'tsx',
    path.join(root, 'bench/parse-runner.ts'),
    `--runs=${runs}`,
    `--min-seconds=${minSeconds}`,
    ...(warmup ? [`--warmup=${warmup}`] : []),
    ...files,
  ];
  const r = await run(process.execPath, args, { cwd: root, maxBuffer: 1e7 });
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as RunnerOut;
}

/** Median seconds of one pass over the files `pick` chooses (all by default). */
function medianSeconds(out: RunnerOut, files: string[], pick: (f: string) => boolean = () => true): number {
  return median(out.seconds.map((run) => sum(run.filter((_, i) => pick(files[i]!)))));
}

/** A goal beside its figure: `<key>`, `<key>_goal`, `<key>_met`. */
function withGoal(key: string, value: number, goal: string, met: boolean): Record<string, unknown> {
  return { [key]: value, [`${key}_goal`]: goal, [`${key}_met`]: met };
}

/** The producer of a rendering: 000_ae07…-chromium.pdf → chromium, 000_ae07….html → html. */
const producer = (f: string) => /-([a-z0-9]+)\.[a-z]+$/.exec(path.basename(f))?.[1] ?? path.extname(f).slice(1);

/** Rows of an .xlsx that hold at least one value, over all its sheets. */
function xlsxRows(file: string): number {
  const parts = unzipSync(readFileSync(file), { filter: (f) => /^xl\/worksheets\/[^/]+\.xml$/.test(f.name) });
  return sum(Object.values(parts).map((xml) => [...strFromU8(xml).matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)].filter((m) => /<v>|<is>/.test(m[1]!)).length));
}

/** Each producer's figure: the `amount` (pages, MB, rows) of its files over their median seconds. */
function byProducer(out: RunnerOut, files: string[], amount: (f: string, i: number) => number, digits = 1): Record<string, number> {
  const names = [...new Set(files.map(producer))].sort();
  return Object.fromEntries(
    names.map((p) => {
      const mine = (f: string) => producer(f) === p;
      return [p, round(sum(files.map((f, i) => (mine(f) ? amount(f, i) : 0))) / medianSeconds(out, files, mine), digits)];
    }),
  );
}

/** The seeds' renderings, one format at a time. */
async function renderingsBench(runs: number): Promise<Record<string, unknown>> {
  const all = readdirSync(renderings)
    .sort()
    .map((f) => path.join(renderings, f));
  const of = (ext: string) => all.filter((f) => f.endsWith(ext));
  const size = (f: string) => statSync(f).size;
  const fig: Record<string, unknown> = {};

  const pdfs = of('.pdf');
  const pdf = await parseInChild(pdfs, runs, pdfs[0], MIN_RUN_S);
  const pdfPages = sum(pdf.pages);
  const pdfRate = round(pdfPages / medianSeconds(pdf, pdfs), 1);
  Object.assign(fig, {
    ...withGoal('parse_pdf_pages_per_s', pdfRate, `>= ${PDF_PAGES_PER_S} pages/s (2 cores)`, pdfRate >= PDF_PAGES_PER_S),
    parse_pdf_pages_per_s_by_producer: byProducer(pdf, pdfs, (_f, i) => pdf.pages[i]!),
    parse_pdf_files: pdfs.length,
    parse_pdf_pages: pdfPages,
    peak_rss_mb_parse_pdf: pdf.maxRssMb,
  });
  log(`PDF: ${pdfs.length} files, ${pdfPages} pages, ${pdfRate} pages/s, peak RSS ${pdf.maxRssMb} MB`);

  const docxs = of('.docx');
  const docx = await parseInChild(docxs, runs, docxs[0], MIN_RUN_S);
  const docxMb = sum(docxs.map(size)) / 1e6;
  Object.assign(fig, {
    parse_docx_mb_per_s: round(docxMb / medianSeconds(docx, docxs)),
    parse_docx_mb_per_s_by_producer: byProducer(docx, docxs, (f) => size(f) / 1e6, 2),
    parse_docx_files: docxs.length,
    parse_docx_mb: round(docxMb),
    peak_rss_mb_parse_docx: docx.maxRssMb,
  });
  log(`Word: ${docxs.length} files, ${round(docxMb)} MB, ${String(fig.parse_docx_mb_per_s)} MB/s, peak RSS ${docx.maxRssMb} MB`);

  const xlsxs = of('.xlsx');
  const xlsx = await parseInChild(xlsxs, runs, xlsxs[0], MIN_RUN_S);
  const rows = xlsxs.map(xlsxRows);
  Object.assign(fig, {
    parse_xlsx_rows_per_s: Math.round(sum(rows) / medianSeconds(xlsx, xlsxs)),
    parse_xlsx_rows_per_s_by_producer: byProducer(xlsx, xlsxs, (_f, i) => rows[i]!, 0),
    parse_xlsx_files: xlsxs.length,
    parse_xlsx_rows: sum(rows),
    peak_rss_mb_parse_xlsx: xlsx.maxRssMb,
  });
  log(`Excel: ${xlsxs.length} files, ${sum(rows)} rows, ${String(fig.parse_xlsx_rows_per_s)} rows/s, peak RSS ${xlsx.maxRssMb} MB`);

  const htmls = of('.html');
  const html = await parseInChild(htmls, runs, htmls[0], MIN_RUN_S);
  const htmlMb = sum(htmls.map(size)) / 1e6;
  Object.assign(fig, {
    parse_html_mb_per_s: round(htmlMb / medianSeconds(html, htmls)),
    parse_html_files: htmls.length,
    parse_html_mb: round(htmlMb),
    peak_rss_mb_parse_html: html.maxRssMb,
  });
  log(`HTML: ${htmls.length} files, ${round(htmlMb)} MB, ${String(fig.parse_html_mb_per_s)} MB/s, peak RSS ${html.maxRssMb} MB`);

  // what each process holds before its first parse, so the peaks above can be read as the parse's own share
  fig.rss_mb_before_parse = Math.max(pdf.baselineRssMb, docx.baselineRssMb, xlsx.baselineRssMb, html.baselineRssMb);
  return fig;
}

/** Pages of a PDF Chromium printed (its page objects are written uncompressed); the parse counts them again. */
const chromiumPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;

/**
 * A generated corpus of `bureaus` bureaus as ONE HTML document: each bureau's text export parsed, laid out as
 * scripts/render-seeds.ts lays out the seeds, and the bodies put one after another, each bureau on a new page.
 */
async function corpusHtml(bureaus: number, dir: string): Promise<{ html: string; items: number }> {
  const corpus = generateCorpus(bureaus, 1, dir);
  const bodies: string[] = [];
  let head = '';
  for (const f of corpus.files) {
    const text = readFileSync(f, 'utf8');
    const html = await documentHtml(path.basename(f, '.txt'), parseText(text, path.basename(f)), text.split('\n'));
    head ||= html.slice(0, html.indexOf('<body>'));
    bodies.push(html.slice(html.indexOf('<body>') + '<body>'.length, html.lastIndexOf('</body>')));
  }
  return { html: `${head}<body>\n${bodies.join('\n<div style="break-before: page"></div>\n')}\n</body>\n</html>\n`, items: corpus.items };
}

/** The long PDF (at least `minPages` pages) and its first 100 pages, printed by Chromium into `dir`. */
async function printLongPdf(dir: string, minPages: number): Promise<{ long: string; preview: string; bureaus: number; items: number; mb: number }> {
  const browser = await launch();
  try {
    // about 16 pages a bureau: start there, and print a larger corpus while it falls short
    let bureaus = Math.ceil(minPages / 14);
    for (;;) {
      const { html, items } = await corpusHtml(bureaus, path.join(dir, 'corpus'));
      const page = await browser.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      const pdf = await page.pdf(PRINT);
      const pages = chromiumPages(pdf);
      log(`long PDF: ${bureaus} bureaus, ${items} work items, ${pages} pages, ${round(pdf.length / 1e6)} MB`);
      if (pages >= minPages) {
        const long = path.join(dir, 'long.pdf');
        const preview = path.join(dir, 'preview-100.pdf');
        writeFileSync(long, pdf);
        writeFileSync(preview, await page.pdf({ ...PRINT, pageRanges: '1-100' }));
        await page.close();
        return { long, preview, bureaus, items, mb: pdf.length / 1e6 };
      }
      await page.close();
      bureaus = Math.ceil((bureaus * minPages * 1.1) / Math.max(1, pages));
    }
  } finally {
    await browser.close();
  }
}

async function longPdfBench(runs: number, minPages: number): Promise<Record<string, unknown>> {
  if (!hasChromium) {
    log(`no Chromium at ${CHROMIUM}: no long PDF`);
    return { long_pdf_pages: null, long_pdf_pages_per_s: null, preview_100_pages_s: null };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-formats-'));
  try {
    const t = performance.now();
    const printed = await printLongPdf(dir, minPages);
    const printS = (performance.now() - t) / 1000;
    // warmed on a seed's Chromium rendering, as a server that has read a PDF before
    const warmup = readdirSync(renderings)
      .sort()
      .filter((f) => f.endsWith('-chromium.pdf'))
      .map((f) => path.join(renderings, f))[0];
    const long = await parseInChild([printed.long], runs, warmup);
    const pages = long.pages[0]!;
    const rate = round(pages / medianSeconds(long, [printed.long]), 1);
    log(`long PDF: ${pages} pages parsed at ${rate} pages/s, ${long.items[0]} of ${printed.items} work items, peak RSS ${long.maxRssMb} MB`);

    const preview = await parseInChild([printed.preview], runs, warmup);
    const previewS = round(medianSeconds(preview, [printed.preview]));
    // and in a process that has read no PDF yet (the reader and pdfjs loaded on the way), as a server's first upload
    const colds: number[] = [];
    let coldRss = 0;
    for (let k = 0; k < runs; k++) {
      const cold = await parseInChild([printed.preview], 1);
      colds.push(cold.seconds[0]![0]!);
      coldRss = Math.max(coldRss, cold.maxRssMb);
    }
    const coldS = round(median(colds));
    log(`preview of ${preview.pages[0]} pages: ${previewS} s (${coldS} s in a fresh process)`);
    const goal = `<= ${PREVIEW_100_PAGES_S} s (2 cores)`;
    return {
      long_pdf_pages: pages,
      long_pdf_mb: round(printed.mb),
      long_pdf_bureaus: printed.bureaus,
      long_pdf_work_items: printed.items,
      long_pdf_work_items_parsed: long.items[0],
      long_pdf_print_s: round(printS, 1),
      ...withGoal('long_pdf_pages_per_s', rate, `>= ${PDF_PAGES_PER_S} pages/s (2 cores)`, rate >= PDF_PAGES_PER_S),
      // every run as well as the median: a shared machine spreads them
      long_pdf_pages_per_s_runs: long.seconds.map((r) => round(pages / r[0]!, 1)),
      peak_rss_mb_parse_long_pdf: long.maxRssMb,
      preview_pages: preview.pages[0],
      ...withGoal('preview_100_pages_s', previewS, goal, previewS <= PREVIEW_100_PAGES_S),
      preview_100_pages_s_runs: preview.seconds.map((r) => round(r[0]!)),
      peak_rss_mb_preview_100_pages: preview.maxRssMb,
      ...withGoal('preview_100_pages_cold_s', coldS, goal, coldS <= PREVIEW_100_PAGES_S),
      preview_100_pages_cold_s_runs: colds.map((x) => round(x)),
      peak_rss_mb_preview_100_pages_cold: coldRss,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every figure of the parse formats section. */
export async function formatsBench(o: { runs: number; minPages?: number }): Promise<Record<string, unknown>> {
  const t0 = Date.now();
  const fig = { ...(await renderingsBench(o.runs)), ...(await longPdfBench(o.runs, o.minPages ?? 300)) };
  return { ...fig, runs: o.runs, seconds: Math.round((Date.now() - t0) / 1000) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = new Command('bench:formats')
    .option('--runs <n>', 'runs per figure (the median is reported)', (s) => Number(s), 3)
    .option('--min-pages <n>', 'pages of the long PDF at least', (s) => Number(s), 300)
    .option('--out <file>', 'also write the figures there (JSON)')
    .parse()
    .opts<{ runs: number; minPages: number; out?: string }>();
  try {
    const fig = {
      ...(await formatsBench({ runs: opts.runs, minPages: opts.minPages })),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    };
    const json = JSON.stringify(fig, null, 2) + '\n';
    if (opts.out) writeFileSync(opts.out, json);
    process.stdout.write(json);
  } catch (e) {
    console.error(`bench:formats: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
