/** Child process of the benchmark: imports the given files as `npm run import` does (without the analyses), then prints elements, seconds and peak RSS. */
import { Db } from '../server/db/driver.ts';
import { importFiles } from '../server/load/import.ts';

const files = process.argv.slice(2);
const db = new Db({
  uri: process.env.NEO4J_URI!,
  user: process.env.NEO4J_USER!,
  password: process.env.NEO4J_PASSWORD!,
  database: process.env.NEO4J_DATABASE ?? 'neo4j',
});
const t0 = performance.now();
const results = await importFiles(db, files, { analyses: false });
const seconds = (performance.now() - t0) / 1000;
await db.close();
const elements = results.reduce((n, r) => n + r.elements, 0);
console.log(JSON.stringify({ elements, seconds, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
