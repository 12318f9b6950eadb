import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { pino } from 'pino';
import { z } from 'zod';
import { buildApp } from '../../server/app.ts';
import type { Db } from '../../server/db/driver.ts';
import { RESPONSES } from '../../server/model/api.ts';
import { AuditTrail } from '../../server/store/audit.ts';
import { DocumentStore } from '../../server/store/documents.ts';

/** An app listening on a free port of 127.0.0.1. */
export async function listen(app: ReturnType<typeof buildApp>): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** The app in-process on a free port, as main.ts builds it (without the client). */
export function startApp(db: Db): Promise<{ url: string; close: () => Promise<void> }> {
  return listen(buildApp({ db, logger: pino({ level: 'silent' }), clientDir: '/nonexistent' }));
}

/** The app with the built client (E2E_CLIENT_DIR, else dist/client), as the browser tests open it. */
export function startClientApp(db: Db): Promise<{ url: string; close: () => Promise<void> }> {
  return listen(buildApp({ db, logger: pino({ level: 'silent' }), clientDir: path.resolve(process.env.E2E_CLIENT_DIR ?? 'dist/client') }));
}

/**
 * The app with the built client, as an office runs it: an admin token, and a document store and audit trail of
 * its own in a temporary folder.
 */
export function startOfficeApp(db: Db, admin: string): Promise<{ url: string; close: () => Promise<void> }> {
  const data = mkdtempSync(path.join(tmpdir(), 'bg-app-'));
  return listen(
    buildApp({
      db,
      logger: pino({ level: 'silent' }),
      clientDir: path.resolve('dist/client'),
      tokens: { admin },
      store: new DocumentStore(path.join(data, 'documents')),
      audit: new AuditTrail(path.join(data, 'audit.jsonl'), db),
    }),
  );
}

export const tsx = path.resolve('node_modules/.bin/tsx');

/**
 * The environment for the product's own commands (server/main.ts, the CLIs) run by a test: the suite's Neo4j, and
 * a document store and audit log of their own in a temporary folder, never the project's .data/.
 */
export function commandEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const t = inject('neo4j');
  const data = mkdtempSync(path.join(tmpdir(), 'bg-data-'));
  return {
    ...process.env,
    NEO4J_URI: t.uri,
    NEO4J_USER: t.user,
    NEO4J_PASSWORD: t.password,
    NEO4J_DATABASE: t.database,
    LOG_LEVEL: 'info',
    DOCUMENTS_DIR: path.join(data, 'documents'),
    AUDIT_LOG: path.join(data, 'audit.jsonl'),
    BACKUP_DIR: path.join(data, 'backups'),
    ...extra,
  };
}

/** Everything a child process prints, as it prints it. */
export function collect(child: ChildProcess): { text: string } {
  const o = { text: '' };
  child.stdout?.on('data', (d) => (o.text += String(d)));
  child.stderr?.on('data', (d) => (o.text += String(d)));
  return o;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The schema of a route's JSON answer, found by its path (`/api/nodes/x` is `/api/nodes/{id}`). */
export function responseSchema(url: string): z.ZodType | null {
  const { pathname } = new URL(url);
  for (const [route, schema] of Object.entries(RESPONSES)) {
    const pattern = new RegExp(`^${route.replace(/\{\w+\}/g, '[^/]+')}$`);
    if (pattern.test(pathname)) return schema;
  }
  return null;
}

/**
 * GETs a route; a 200 JSON answer must match the route's schema in server/model/api.ts, or the test fails here.
 * The body is `any` on purpose: tests read it as a user reads JSON, and its shape was checked just above.
 */
export async function getJson(url: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: exports
  }
  const schema = responseSchema(url);
  if (res.status === 200 && schema) {
    const r = schema.safeParse(body);
    if (!r.success) throw new Error(`${url}: the answer does not match its schema: ${z.prettifyError(r.error)}`);
  }
  return { status: res.status, body, headers: res.headers };
}

/** Polls `cond` every 50 ms; fails after `ms`. */
export async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
