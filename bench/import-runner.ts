/** Child process of the benchmark: parses and writes the given files, then prints elements, seconds and peak RSS. */
import { Db } from '../server/db/driver.ts';
import { importDocument } from '../server/db/import-document.ts';
import { elementCount, graphRows } from '../server/load/graph-rows.ts';
import { readDocument } from '../server/parse/index.ts';
import { IMPORT_CONCURRENCY } from '../server/load/import.ts';

const files = process.argv.slice(2);
const db = new Db({ uri: process.env.NEO4J_URI!, user: process.env.NEO4J_USER!, password: process.env.NEO4J_PASSWORD!, database: process.env.NEO4J_DATABASE ?? 'neo4j' });
const t0 = performance.now();
let elements = 0;
let next = 0;
// as importFiles does: several documents at once, each in its own transaction
const worker = async () => {
  while (next < files.length) {
    const { doc, lines } = readDocument(files[next++]!);
    const rows = graphRows(doc, lines);
    elements += elementCount(rows);
    await importDocument(db, rows);
  }
};
await Promise.all(Array.from({ length: IMPORT_CONCURRENCY }, worker));
const seconds = (performance.now() - t0) / 1000;
await db.close();
console.log(JSON.stringify({ elements, seconds, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
