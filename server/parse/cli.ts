/** npm run parse -- <file>: prints the canonical document as JSON (deterministic). */
import { Command } from 'commander';
import { ParseError, parseFile } from './index.ts';

const program = new Command('parse')
  .description('parse a 定岗定责定流程表 (text export, PDF, Word .docx, Excel .xlsx, HTML, CSV) into the canonical document (JSON on stdout)')
  .argument('<file>', 'the document to parse')
  .option('--compact', 'one line of JSON instead of indented')
  .action(async (file: string, opts: { compact?: boolean }) => {
    const doc = await parseFile(file);
    process.stdout.write(JSON.stringify(doc, null, opts.compact ? 0 : 2) + '\n');
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
