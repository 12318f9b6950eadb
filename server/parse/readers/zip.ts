/** Office files are zip archives: their parts are read with limits, so a damaged file or a zip bomb is refused. */
import { unzipSync } from 'fflate';
import { ParseError } from '../errors.ts';

/** What the parts of one document may inflate to, together. */
export const MAX_INFLATED = 256 * 1024 * 1024;

/** The archive's parts whose names pass `wanted`, inflated; refuses a damaged archive or one that inflates too far. */
export function unzipParts(bytes: Uint8Array, file: string, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  let declared = 0;
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, {
      filter: (f) => {
        declared += f.originalSize;
        if (declared > MAX_INFLATED)
          throw new ParseError(file, `the document inflates past ${MAX_INFLATED / 2 ** 20} MiB when unpacked; it is refused as a possible zip bomb`);
        return wanted(f.name);
      },
    });
  } catch (e) {
    if (e instanceof ParseError) throw e;
    throw new ParseError(file, `the file is a damaged or truncated zip archive (${(e as Error).message}); open and save it again`);
  }
  return parts;
}

/** A part as text, or a clear refusal naming the part that is missing. */
export function partText(parts: Record<string, Uint8Array>, name: string, file: string): string {
  const part = parts[name];
  if (!part) throw new ParseError(file, `the document has no ${name}; it is damaged or not an Office document`);
  return new TextDecoder().decode(part);
}
