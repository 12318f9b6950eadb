/** Writes docs/canonical-document.schema.json from the zod model (npm run schema:json). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CanonicalDocument } from './document.ts';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/canonical-document.schema.json');
writeFileSync(out, JSON.stringify(z.toJSONSchema(CanonicalDocument), null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), out)}`);
