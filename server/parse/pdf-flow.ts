import type { DocumentBuilder } from './builder.ts';
import { ParseError } from './errors.ts';

export function parsePdfFlow(_lines: string[], file: string, _b: DocumentBuilder): { title: string | null } {
  throw new ParseError(file, 'pdf-flow layout not yet supported');
}
