import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** A folder or file setting: relative paths are taken from the project folder, whatever the working directory. */
const place = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((p) => path.resolve(root, p));
const switchFlag = z
  .enum(['0', '1', 'true', 'false'])
  .default('false')
  .transform((v) => v === '1' || v === 'true');
/** A secret compared with what clients send: printable, no spaces anywhere, long enough not to be guessed. */
const token = z
  .string()
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
  .min(16, 'must have at least 16 characters')
  .optional();

/** Every setting comes from the environment and is checked once, at start-up. */
const EnvSchema = z.object({
  NEO4J_URI: z
    .string()
    .regex(
      /^(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc):\/\/\S+$/,
      'must be a Bolt or routing URI such as bolt://host:7687 or neo4j+s://xxxx.databases.neo4j.io',
    )
    .optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().min(8, 'must have at least 8 characters (Neo4j 5 refuses shorter passwords)').default('bureau-graph-local'),
  NEO4J_DATABASE: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9.-]{2,62}$/, 'must be a Neo4j database name')
    .default('neo4j'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** origins allowed to call the API from other sites, comma-separated; none by default (CORS off) */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url('each origin must be a URL such as https://intranet.example'))),
  /** requests per minute per client address on /api */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  /** set when a reverse proxy sits in front, so client addresses come from X-Forwarded-For */
  TRUST_PROXY: switchFlag,
  /** skip importing seeds/ into an empty database on start */
  SKIP_SEED_IMPORT: switchFlag,
  /** prefix the whole product is served under behind a reverse proxy, such as /bureau-graph; kept without its trailing slash */
  BASE_PATH: z
    .string()
    .default('/')
    .refine((p) => p.startsWith('/'), 'must start with a slash, such as /bureau-graph')
    .refine((p) => /^(\/[A-Za-z0-9._~-]+)*\/?$/.test(p), 'must be a path of plain segments, such as /bureau-graph')
    .transform((p) => p.replace(/\/+$/, '')),
  /** PEM certificate chain and private key: both set, the app serves https itself */
  TLS_CERT: z.string().optional(),
  TLS_KEY: z.string().optional(),
  /** bearer token every write (upload, rebuild) must carry; without it writes are refused */
  ADMIN_TOKEN: token,
  /** bearer token reads must carry, for a closed installation; unset: reads are open */
  READ_TOKEN: token,
  /** largest document accepted by upload, import and parse, in MiB */
  MAX_DOCUMENT_MB: z.coerce.number().int().min(1).max(1024).default(50),
  /** off: duplicated duties are found by wording alone, without the sentence embedder */
  MEANING: z.enum(['on', 'off']).default('on'),
  /** where npm run model:provision puts the embedding model (Maven fetches it from Maven Central the first time) */
  MODELS_DIR: place('.models'),
  /** where every imported document is kept byte for byte, the source the graph is rebuilt from */
  DOCUMENTS_DIR: place('.data/documents'),
  /** the audit trail of writes, one JSON object per line */
  AUDIT_LOG: place('.data/audit.jsonl'),
  /** where npm run backup writes its archives */
  BACKUP_DIR: place('.data/backups'),
});

export type Config = z.infer<typeof EnvSchema>;

/** A setting the environment got wrong; the message names each variable. */
export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming each bad variable and what is wrong with it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanked = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const r = EnvSchema.refine((c) => !c.TLS_CERT === !c.TLS_KEY, {
    message: 'TLS_CERT and TLS_KEY must be set together',
    path: [blanked.TLS_CERT ? 'TLS_KEY' : 'TLS_CERT'],
  }).safeParse(blanked);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
}
