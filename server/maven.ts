/**
 * Maven, as the project uses it: to fetch what it needs from Maven Central (Neo4j's jars for server/db/local-neo4j,
 * the sentence embedder's model for server/embedding) into a folder of its own. Maven keeps what it downloads in
 * ~/.m2/repository, so fetching the same thing again costs no download.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/** Maven is missing or could not do what it was asked; the message says why, in Maven's words where it gave some. */
export class MavenFailed extends Error {}

/** The major version of the `java` on PATH (8 for 1.8), or null when there is none. */
export function javaMajorVersion(): number | null {
  try {
    // `java -version` prints to stderr
    const text = execFileSync('sh', ['-c', 'java -version 2>&1'], { encoding: 'utf8' });
    const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
    if (!m?.[1]) return null;
    const major = Number(m[1]);
    return major === 1 ? Number(m[2]) : major;
  } catch {
    return null;
  }
}

/** Maven on PATH and a Java it starts with (`mvn -v` starts the JVM). */
export function hasMaven(): boolean {
  try {
    execFileSync('mvn', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function localRepositoryMb(): number {
  const m2 = path.join(process.env.HOME ?? '', '.m2/repository');
  if (!existsSync(m2)) return 0;
  try {
    return Number(execFileSync('du', ['-sm', m2], { encoding: 'utf8' }).split('\t')[0]);
  } catch {
    return 0;
  }
}

/** Maven's reason for failing: its first [ERROR] line without the help links, or else the last lines it printed. */
function reason(output: string): string {
  // Maven colours its output even in batch mode
  const lines = stripVTControlCharacters(output)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const error = lines
    .filter((l) => l.startsWith('[ERROR]'))
    .map((l) =>
      l
        .replace(/^\[ERROR\]\s*/, '')
        .replace(/^Failed to execute goal \S+ \([^)]*\) on project [^:]+: /, '')
        .replace(/\s*-> \[Help \d+\]$/, ''),
    )
    .find((l) => l && !/^(Re-run Maven|To see the full stack trace|For more information about the errors|\[Help \d+\])/.test(l));
  return (error ?? (lines.slice(-3).join(' ') || 'no output')).replace(/\.$/, '');
}

/**
 * Runs `mvn -B -q <args>` and resolves with the seconds it took and the MB it added to the local repository (what
 * it downloaded). Rejects with MavenFailed when Maven is not on PATH or fails, carrying Maven's reason.
 */
export async function runMaven(args: string[]): Promise<{ seconds: number; downloadedMb: number }> {
  const t0 = Date.now();
  const before = localRepositoryMb();
  await new Promise<void>((resolve, reject) =>
    execFile('mvn', ['-B', '-q', ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve();
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT') reject(new MavenFailed('Maven (mvn) is not on PATH'));
      else reject(new MavenFailed(`Maven failed: ${reason(`${stdout}\n${stderr}`)}`, { cause: error }));
    }),
  );
  return { seconds: (Date.now() - t0) / 1000, downloadedMb: localRepositoryMb() - before };
}
