/** The page as an office opens it: over plain http, by the server's host name on the intranet, not 127.0.0.1. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launch } from '../../scripts/chromium.ts';
import { buildApp } from '../../server/app.ts';
import type { Db } from '../../server/db/driver.ts';
import { importFiles, seedFiles } from '../../server/load/import.ts';
import { clearGraph, openTestDb } from '../helpers/db.ts';

/** A name the browser resolves to this machine, as an office's DNS would resolve the server's name. */
const HOST = 'bureau-graph.lan';

describe.runIf(hasChromium)('the page on an intranet, over plain http', () => {
  let db: Db;
  let browser: Browser;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
    await importFiles(db, seedFiles());
    const app = buildApp({ db, logger: pino({ level: 'silent' }), clientDir: path.resolve('dist/client') });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    port = (server.address() as AddressInfo).port;
    browser = await launch([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await db?.close();
  });

  it('renders the organisation when opened by host name, its scripts and styles fetched over http', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    const res = await page.goto(`http://${HOST}:${port}/org`);
    expect(res?.headers()['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res?.headers()['strict-transport-security']).toBeUndefined();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=graph-status]')?.getAttribute('data-nodes')) === 90);
    expect(failed).toEqual([]);
    await page.close();
  });
});
