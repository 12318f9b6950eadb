/** How the import and rebuild commands end on an error: one line per problem, no stack trace, exit 1. */
import { ConfigError } from '../config.ts';
import { NoDatabaseError } from '../db/locate.ts';
import { withCause } from '../errors.ts';
import { ImportRefused } from './import.ts';

/**
 * Prints `e` for the user of `command` and exits 1. A refused run names every file that could not be read, then
 * `nothing` (what was left untouched); `refusals` are further errors told as their message alone, then `nothing`.
 */
export function exitOnFailure(command: string, e: unknown, nothing: string, refusals: (new (...args: never[]) => Error)[] = []): never {
  if (e instanceof ImportRefused) {
    for (const err of e.errors) console.error(`${command}: ${err.message}`);
    console.error(`${command}: ${nothing}`);
  } else if (refusals.some((r) => e instanceof r)) console.error(`${command}: ${(e as Error).message}; ${nothing}`);
  else if (e instanceof ConfigError || e instanceof NoDatabaseError) console.error(`${command}: ${e.message}`);
  else console.error(`${command}: ${e instanceof Error ? withCause(e) : String(e)}`);
  process.exit(1);
}
