/** npm run import -- [files…] (default: every document in seeds/): parse, write to Neo4j, print the quality report. */
import { Command } from 'commander';
import { exitOnFailure } from './cli-failure.ts';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.ts';
import { Db } from '../db/driver.ts';
import { locateDatabase } from '../db/locate.ts';
import { applySchema } from '../db/schema.ts';
import type { QualityReport } from '../model/api.ts';
import { qualityReport } from '../services/quality.ts';
import { AuditTrail } from '../store/audit.ts';
import { DocumentStore } from '../store/documents.ts';
import { seedFiles } from './import.ts';
import { cliUser, importAndKeep } from './kept.ts';

const at = (w: { doc: string | null; lines: [number, number] | null }) =>
  `${w.doc ?? '?'}${w.lines ? `:${w.lines[0]}${w.lines[1] !== w.lines[0] ? `-${w.lines[1]}` : ''}` : ''}`;

function printQuality(q: QualityReport): void {
  const section = <T>(title: string, rows: T[], line: (r: T) => string) => {
    console.log(`\n${title}: ${rows.length}`);
    for (const r of rows) console.log(`  ${line(r)}`);
  };
  console.log('\nData quality');
  section('vacant posts', q.vacantPosts, (r) => `${at(r)}  ${r.unit} / ${r.post}`);
  section('work items without a lead', q.itemsWithoutLead, (r) => `${at(r)}  ${r.unit} / ${r.post} / ${r.item ?? '(duties)'}`);
  section('work items with more than one lead', q.itemsWithSeveralLeads, (r) => `${at(r)}  ${r.post} / ${r.item}: ${r.leads.join('、')}`);
  section('workflow codes without a flowchart', q.codesWithoutFlowchart, (r) => `${r.bureau} ${r.code}  (${r.items.map((i) => at(i)).join(', ')})`);
  section('flowcharts no work item refers to', q.flowchartsUnreferenced, (r) => `${at(r)}  ${r.bureau} ${r.code} ${r.title}`);
  section('name spellings merged', q.nameVariantsMerged, (r) => `${r.bureau}: ${r.name} ← ${r.written.map((w) => `"${w}"`).join(', ')}`);
  section('same name in different bureaus (possible matches)', q.possibleSamePerson, (r) => `${r.name}: ${r.bureaus.join(' / ')}`);
  section('parser notes', q.parserFindings, (r) => `${at(r)}  [${r.kind}] ${r.message}`);
}

const program = new Command('import')
  .description('import 定岗定责定流程表 documents into Neo4j (default: all of seeds/)')
  .argument('[files...]', 'documents to import')
  .option('--json', 'print the results and the quality report as JSON')
  .action(async (files: string[], opts: { json?: boolean }) => {
    const config = loadConfig();
    const target = await locateDatabase(config, (l) => console.error(l));
    const db = new Db(target);
    try {
      await applySchema(db);
      const list = files.length ? files : seedFiles();
      const bar =
        !opts.json && process.stderr.isTTY
          ? new cliProgress.SingleBar({ format: 'importing [{bar}] {value}/{total} {file}', stream: process.stderr }, cliProgress.Presets.shades_classic)
          : null;
      bar?.start(list.length, 0, { file: '' });
      // without a terminal, one line per document on stderr says what is being written
      const keeping = { store: new DocumentStore(config.DOCUMENTS_DIR), audit: new AuditTrail(config.AUDIT_LOG, db), by: cliUser() };
      const { results } = await importAndKeep(db, list, keeping, {
        onProgress: (done, total, names) => {
          const file = names.length > 1 ? `${names[0]} … ${names.at(-1)}` : (names[0] ?? '');
          if (bar) bar.update(done, { file });
          else if (file && !opts.json) console.error(`writing ${done + 1}${names.length > 1 ? `-${done + names.length}` : ''}/${total} ${file}`);
        },
      });
      bar?.stop();
      const quality = await qualityReport(db);
      if (opts.json) {
        console.log(JSON.stringify({ results, quality }, null, 2));
        return;
      }
      for (const r of results) {
        console.log(
          `${r.file}: ${r.outcome} (${r.units} units, ${r.posts} posts, ${r.items} work items, ${r.people} people, ${r.elements} graph elements, ${r.seconds.toFixed(2)} s)`,
        );
      }
      printQuality(quality);
    } finally {
      await db.close();
    }
  });

program.parseAsync().catch((e: unknown) => exitOnFailure('import', e, 'nothing was written'));
