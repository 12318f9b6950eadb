/** npm run parse -- <file>: prints the canonical document as JSON (deterministic). */
import { Command } from 'commander';
import { ParseError, parseFile } from './index.ts';

const program = new Command('parse')
  .description('parse a 定岗定责定流程表 export into the canonical document (JSON on stdout)')
  .argument('<file>', 'the document to parse')
  .option('--compact', 'one line of JSON instead of indented')
  .action((file: string, opts: { compact?: boolean }) => {
    const doc = parseFile(file);
    process.stdout.write(JSON.stringify(doc, null, opts.compact ? 0 : 2) + '\n');
  });

try {
  program.parse();
} catch (e) {
  if (e instanceof ParseError) {
    console.error(`parse: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
