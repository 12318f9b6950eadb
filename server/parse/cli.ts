/** npm run parse -- <file>: prints the canonical document as JSON (deterministic). */
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { ParseError, parseFile } from './index.ts';

const program = new Command('parse')
  .description('parse a 定岗定责定流程表 (text export, PDF, Word .docx, Excel .xlsx, HTML, CSV) into the canonical document (JSON on stdout)')
  .argument('<file>', 'the document to parse')
  .option('--compact', 'one line of JSON instead of indented')
  .action(async (file: string, opts: { compact?: boolean }) => {
    // a long PDF shows its pages on a terminal; JSON alone goes to stdout
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: 'reading [{bar}] page {value}/{total}', stream: process.stderr, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
    const onProgress = (done: number, total: number) => {
      if (done === 1) bar?.start(total, 0);
      bar?.update(done);
    };
    try {
      const doc = await parseFile(file, { onProgress });
      process.stdout.write(JSON.stringify(doc, null, opts.compact ? 0 : 2) + '\n');
    } finally {
      bar?.stop();
    }
  });

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof ParseError) {
    console.error(`parse: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
