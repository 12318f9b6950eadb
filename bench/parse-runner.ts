/**
 * Child process of the format benchmark (bench/formats.ts): parses each file with `parseBytes`, as the upload
 * preview does, once untimed over `--warmup` (if given), then `--runs` times over all files, where a run passes
 * over the files again until it has lasted `--min-seconds` (small files take milliseconds, which the clock and a
 * busy machine would blur); prints, as one line of JSON, each file's seconds a pass in each run, its pages (PDF),
 * lines and work items, the RSS before the first parse and the peak RSS (the process's own, so the figure is this
 * parse's alone plus Node's baseline).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseBytes } from '../server/parse/index.ts';

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '1' }, 'min-seconds': { type: 'string', default: '0' }, warmup: { type: 'string' } },
  allowPositionals: true,
});
const files = positionals.map((f) => ({ name: path.basename(f), bytes: readFileSync(f) }));
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

const baselineRssMb = mb(process.memoryUsage().rss);
if (values.warmup) await parseBytes(readFileSync(values.warmup), path.basename(values.warmup));
const seconds: number[][] = [];
const pages = files.map(() => 0);
const lines = files.map(() => 0);
const items = files.map(() => 0);
for (let k = 0; k < Number(values.runs); k++) {
  const run = files.map(() => 0);
  let passes = 0;
  do {
    for (const [i, f] of files.entries()) {
      const t = performance.now();
      const parsed = await parseBytes(f.bytes, f.name, { onProgress: (_done, total) => (pages[i] = total) });
      run[i]! += (performance.now() - t) / 1000;
      lines[i] = parsed.lines.length;
      items[i] = parsed.doc.units.reduce((n, u) => n + u.posts.reduce((m, p) => m + p.workItems.length, 0), 0);
    }
    passes++;
  } while (run.reduce((a, b) => a + b, 0) < Number(values['min-seconds']));
  seconds.push(run.map((s) => s / passes));
}
console.log(JSON.stringify({ seconds, pages, lines, items, baselineRssMb, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
