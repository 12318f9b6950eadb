/**
 * Lighthouse's accessibility and performance scores of each view of the explorer on the seeds, with Debian's
 * chromium, written to docs/lighthouse.md. Desktop settings: the explorer is used on office desktops.
 *
 *   npm run lighthouse                       # the local `bench` Neo4j instance, emptied and given the seeds
 *   npm run lighthouse -- --url http://…     # a running product, as it is
 */
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import { Command } from 'commander';
import lighthouse from 'lighthouse';
import desktop from 'lighthouse/core/config/desktop-config.js';
import { pino } from 'pino';
import { buildApp } from '../server/app.ts';
import { Db } from '../server/db/driver.ts';
import { INSTANCES, startLocalNeo4j, stopLocalNeo4j } from '../server/db/local-neo4j/index.ts';
import { applySchema } from '../server/db/schema.ts';
import { importFiles, seedFiles } from '../server/load/import.ts';
import { CHROMIUM, FLAGS } from './chromium.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VIEWS = ['overview', 'org', 'workload', 'duplicates', 'workflows', 'import'];
const GOALS = { accessibility: 95, performance: 90 };

const opts = new Command('lighthouse')
  .description("Lighthouse's accessibility and performance scores of each view on the seeds")
  .option('--url <url>', 'a running product to measure, as it is; without it the seeds are imported into the local bench instance')
  .option('--out <file>', 'where the table goes', path.join(root, 'docs/lighthouse.md'))
  .parse()
  .opts<{ url?: string; out: string }>();

/** The seeds in the local `bench` instance, served by the app on a free port with the built client. */
async function serveSeeds(): Promise<{ url: string; stop: () => Promise<void> }> {
  const password = 'bureau-graph-bench';
  const local = await startLocalNeo4j({ instance: 'bench', ...INSTANCES.bench!, password, log: (s) => console.error(s) });
  const db = new Db({ uri: local.uri, user: 'neo4j', password, database: 'neo4j' });
  await applySchema(db);
  await db.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  await importFiles(db, seedFiles());
  const app = buildApp({ db, logger: pino({ level: 'silent' }), clientDir: path.join(root, 'dist/client') });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      await new Promise((r) => server.close(r));
      await db.close();
      if (local.started) await stopLocalNeo4j('bench');
    },
  };
}

async function main(): Promise<void> {
  const served = opts.url ? { url: opts.url.replace(/\/+$/, ''), stop: () => Promise.resolve() } : await serveSeeds();
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: FLAGS,
  });
  const rows: { view: string; accessibility: number; performance: number; fcp: number; lcp: number; tbt: number; failed: string[] }[] = [];
  try {
    for (const view of VIEWS) {
      const result = await lighthouse(
        `${served.url}/${view}`,
        { port: chrome.port, onlyCategories: ['accessibility', 'performance'], logLevel: 'error' },
        desktop,
      );
      if (!result) throw new Error(`lighthouse gave no result for /${view}`);
      const { categories, audits } = result.lhr;
      const score = (c: string) => Math.round((categories[c]?.score ?? 0) * 100);
      const failed = (categories.accessibility?.auditRefs ?? []).filter((r) => r.weight > 0 && audits[r.id]?.score === 0).map((r) => r.id);
      rows.push({
        view,
        accessibility: score('accessibility'),
        performance: score('performance'),
        fcp: Math.round(audits['first-contentful-paint']?.numericValue ?? NaN),
        lcp: Math.round(audits['largest-contentful-paint']?.numericValue ?? NaN),
        tbt: Math.round(audits['total-blocking-time']?.numericValue ?? NaN),
        failed,
      });
      console.error(JSON.stringify(rows.at(-1)));
    }
  } finally {
    chrome.kill();
    await served.stop();
  }
  const met = rows.every((r) => r.accessibility >= GOALS.accessibility && r.performance >= GOALS.performance);
  writeFileSync(
    opts.out,
    [
      '# Lighthouse scores',
      '',
      `Each view of the explorer on the seeds, Lighthouse 12 with its desktop settings and Debian's chromium, measured ${new Date().toISOString().slice(0, 10)} by \`npm run lighthouse\`. Goals: accessibility ≥ ${GOALS.accessibility}, performance ≥ ${GOALS.performance}.`,
      '',
      '| view | accessibility | performance | first contentful paint | largest contentful paint | total blocking time | accessibility audits failed |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.view} | ${r.accessibility} | ${r.performance} | ${r.fcp} ms | ${r.lcp} ms | ${r.tbt} ms | ${r.failed.join(', ') || 'none'} |`),
      '',
      met ? 'Every view meets both goals.' : 'Not every view meets the goals: see the rows above.',
      '',
    ].join('\n'),
  );
  console.log(`wrote ${opts.out}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
