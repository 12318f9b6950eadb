/**
 * The sentence embedder's model, BAAI's bge-small-zh-v1.5 quantised to int8 in ONNX, with its tokenizer. LangChain4j
 * publishes both in one jar on Maven Central, so it is provisioned the way the local Neo4j's jars are: Maven fetches
 * the jar once (it stays in ~/.m2), the two files are extracted into .models/<model>/ and checked against the sizes
 * and sha256 below, and a marker records a finished provisioning. The model goes into a folder aside and is swapped
 * in by a rename, so a process reading the old copy, or a second provisioning at the same time, never sees half a file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { AppError } from '../errors.ts';
import { MavenFailed, runMaven } from '../maven.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where `npm run model:provision` puts models: <project>/.models (gitignored). */
export const DEFAULT_MODELS_DIR = path.join(root, '.models');

/** A file with the size and sha256 it must have. */
export interface ExpectedFile {
  name: string;
  bytes: number;
  sha256: string;
}

/** The model: its Maven coordinates and the files the project uses, as the jar of that version holds them. */
export const MODEL = {
  name: 'bge-small-zh-v1.5-q',
  artifact: 'dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:0.36.2',
  jar: {
    name: 'langchain4j-embeddings-bge-small-zh-v15-q-0.36.2.jar',
    bytes: 16_386_094,
    sha256: '7cc5f4b1b258cb4c57eec8614a659a8dd8c08041316a9f4bb136134ac74e7e90',
  },
  onnx: {
    name: 'bge-small-zh-v1.5-q.onnx',
    bytes: 24_010_842,
    sha256: '15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc',
  },
  tokenizer: {
    name: 'bge-small-zh-v1.5-q-tokenizer.json',
    bytes: 439_125,
    sha256: '48cea5d44424912a6fd1ea647bf4fe50b55ab8b1e5879c3275f80e339e8fae26',
  },
} as const satisfies { name: string; artifact: string; jar: ExpectedFile; onnx: ExpectedFile; tokenizer: ExpectedFile };

/** The two files the embedder opens, checked. */
export interface ModelFiles {
  /** the ONNX graph */
  onnx: string;
  /** the tokenizer, in Hugging Face's tokenizer.json format */
  tokenizer: string;
}

/** The model cannot be had or used; the message names the file and what to do. 503 should an API route meet it. */
export class ModelUnavailable extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(503, 'model_unavailable', message, undefined, options);
  }
}

const PROVISION = 'npm run model:provision';

function shown(file: string): string {
  const rel = path.relative(root, file);
  return rel.startsWith('..') ? file : rel;
}

/** Throws ModelUnavailable unless the file exists with the expected size and sha256; `remedy` says what to do then. */
export function verifyModelFile(file: string, expected: ExpectedFile, remedy = `run ${PROVISION} to fetch it again`): void {
  const then = remedy ? `; ${remedy}` : '';
  if (!existsSync(file)) throw new ModelUnavailable(`${shown(file)} is missing${then}`);
  const bytes = statSync(file).size;
  if (bytes !== expected.bytes) {
    const what = bytes < expected.bytes ? 'truncated' : 'too long';
    throw new ModelUnavailable(`${shown(file)} is ${bytes.toLocaleString('en')} bytes, ${expected.bytes.toLocaleString('en')} expected (${what})${then}`);
  }
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  if (sha256 !== expected.sha256) {
    throw new ModelUnavailable(`${shown(file)} has sha256 ${sha256}, ${expected.sha256} expected (damaged)${then}`);
  }
}

/** A short hash of MODEL: the marker carries it, so changing the model's version or files provisions again. */
function modelStamp(): string {
  return createHash('sha256').update(JSON.stringify(MODEL)).digest('hex').slice(0, 12);
}

function filesIn(folder: string): ModelFiles {
  return { onnx: path.join(folder, MODEL.onnx.name), tokenizer: path.join(folder, MODEL.tokenizer.name) };
}

/** What is wrong with the model provisioned in `folder`, or null when it is complete and intact. */
function problem(folder: string, marker: string): string | null {
  if (!existsSync(path.join(folder, marker))) return `the embedding model ${MODEL.name} is not provisioned in ${shown(path.dirname(folder))}`;
  const files = filesIn(folder);
  try {
    verifyModelFile(files.onnx, MODEL.onnx, '');
    verifyModelFile(files.tokenizer, MODEL.tokenizer, '');
    return null;
  } catch (e) {
    if (e instanceof ModelUnavailable) return e.message;
    throw e;
  }
}

/** Where Maven keeps the jar it fetched: deleting it there makes Maven download it again. */
function cachedJar(): string {
  const [group = '', artifact = '', version = ''] = MODEL.artifact.split(':');
  return path.join(process.env.HOME ?? '~', '.m2/repository', ...group.split('.'), artifact, version, MODEL.jar.name);
}

/** Asks Maven for the jar, into `into`; ModelUnavailable, saying what to install, when Maven is missing or fails. */
async function fetchJar(into: string, why: string, log: (l: string) => void): Promise<string> {
  log(`fetching ${MODEL.artifact} from Maven Central …`);
  try {
    const { seconds, downloadedMb } = await runMaven(['dependency:copy', `-Dartifact=${MODEL.artifact}`, `-DoutputDirectory=${into}`]);
    log(`Maven gave the jar in ${seconds.toFixed(1)} s (downloaded ${downloadedMb} MB)`);
  } catch (e) {
    if (!(e instanceof MavenFailed)) throw e;
    throw new ModelUnavailable(
      `${why}, and it could not be fetched: ${e.message}. The model comes from Maven Central as ${MODEL.artifact}: ` +
        `install Java and Maven (apt install maven), make sure Maven Central (or the mirror in ~/.m2/settings.xml) ` +
        `answers, and run ${PROVISION}; or copy the folder .models/${MODEL.name} from a machine that has it`,
      { cause: e },
    );
  }
  const jar = path.join(into, MODEL.jar.name);
  // a copy of the jar in Maven's local repository: a damaged one stays there until deleted
  verifyModelFile(jar, MODEL.jar, `delete Maven's copy, ${cachedJar()}, so that it downloads the jar again, and run ${PROVISION}`);
  return jar;
}

/**
 * Makes the model available under `dir` (default <project>/.models), fetching it with Maven the first time, and
 * returns its files, checked against their sha256. Throws ModelUnavailable, naming the file and what to do, when
 * Maven or Java is missing or a file is not what it should be. A damaged copy is replaced by a fresh one.
 */
export async function provisionModel(dir = DEFAULT_MODELS_DIR, log: (l: string) => void = () => undefined): Promise<ModelFiles> {
  const folder = path.join(dir, MODEL.name);
  const marker = `.complete-${modelStamp()}`;
  const why = problem(folder, marker);
  if (why === null) return filesIn(folder);
  if (existsSync(folder)) log(`${why}; provisioning it again`);

  const fresh = `${folder}.partial-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  mkdirSync(fresh, { recursive: true });
  try {
    const jar = await fetchJar(fresh, why, log);
    const wanted = new Set<string>([MODEL.onnx.name, MODEL.tokenizer.name]);
    const entries = unzipSync(readFileSync(jar), { filter: (f) => wanted.has(f.name) });
    for (const name of wanted) {
      const content = entries[name];
      if (!content) throw new ModelUnavailable(`the jar of ${MODEL.artifact} holds no ${name}`);
      writeFileSync(path.join(fresh, name), content);
    }
    rmSync(jar);
    const files = filesIn(fresh);
    verifyModelFile(files.onnx, MODEL.onnx);
    verifyModelFile(files.tokenizer, MODEL.tokenizer);
    writeFileSync(path.join(fresh, marker), new Date().toISOString());
    install(fresh, folder, marker);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
  const still = problem(folder, marker);
  if (still !== null) throw new ModelUnavailable(`${still}; run ${PROVISION} again`);
  log(`model ${MODEL.name} ready in ${shown(folder)}`);
  return filesIn(folder);
}

/** Swaps `fresh` in as `folder`, unless another provisioning has just put a complete copy there. */
function install(fresh: string, folder: string, marker: string): void {
  if (problem(folder, marker) === null) return;
  const old = `${folder}.old-${process.pid}`;
  if (existsSync(folder)) renameSync(folder, old);
  try {
    renameSync(fresh, folder);
  } catch (e) {
    // another provisioning renamed its copy in between: theirs is as good as ours
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
  }
  rmSync(old, { recursive: true, force: true });
}
