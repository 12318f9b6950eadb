import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { buildApp } from '../../server/app.ts';
import type { Db } from '../../server/db/driver.ts';

/** The app in-process on a free port, as main.ts builds it (without the client). */
export async function startApp(db: Db): Promise<{ url: string; close: () => Promise<void> }> {
  const app = buildApp({ db, logger: pino({ level: 'silent' }), clientDir: '/nonexistent' });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

export async function getJson(url: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: exports
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
