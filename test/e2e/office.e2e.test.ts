/**
 * The page as an office opens it: over plain http, by the server's host name on the intranet, not 127.0.0.1; under
 * a reverse proxy's prefix; and with writes behind the admin token.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launch } from '../../scripts/chromium.ts';
import { buildApp, type AppDeps } from '../../server/app.ts';
import type { Db } from '../../server/db/driver.ts';
import { importFiles, seedFiles } from '../../server/load/import.ts';
import { AuditTrail } from '../../server/store/audit.ts';
import { DocumentStore } from '../../server/store/documents.ts';
import { openPage } from '../helpers/page.ts';
import { clearGraph, openTestDb } from '../helpers/db.ts';

/** A name the browser resolves to this machine, as an office's DNS would resolve the server's name. */
const HOST = 'bureau-graph.lan';

describe.runIf(hasChromium)('the page on an intranet, over plain http', () => {
  let db: Db;
  let browser: Browser;
  const servers: Server[] = [];

  /** The app as main.ts builds it, with the built client, on a port of its own. */
  const serve = async (o: Partial<AppDeps> = {}): Promise<number> => {
    const app = buildApp({ db, logger: pino({ level: 'silent' }), clientDir: path.resolve('dist/client'), ...o });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    servers.push(server);
    return (server.address() as AddressInfo).port;
  };
  /** Waits until the org chart shows `cards` post cards. */
  const drawn = (page: Page, cards: number) => page.waitForFunction((n) => document.querySelectorAll('[data-testid=post-card]').length === n, cards);

  let port: number;
  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
    await importFiles(db, seedFiles());
    port = await serve();
    browser = await launch([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await new Promise((r) => s.close(r));
    await db?.close();
  });

  it('renders the organisation when opened by host name, its scripts and styles fetched over http', async () => {
    const page = await openPage(browser);
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    const res = await page.goto(`http://${HOST}:${port}/org`);
    expect(res?.headers()['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res?.headers()['strict-transport-security']).toBeUndefined();
    // the first bureau of the side tree: 市自然资源和规划局, the 15 posts of seeds 001–003
    await drawn(page, 15);
    expect(failed).toEqual([]);
    await page.close();
  });

  it('renders under a reverse proxy prefix (BASE_PATH), and its views keep the prefix', async () => {
    const prefixed = await serve({ basePath: '/bureau-graph' });
    const page = await openPage(browser);
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    await page.goto(`http://${HOST}:${prefixed}/bureau-graph/`);
    // the overview's treemap: one tile per bureau of the seeds
    await page.waitForSelector('#app[data-rendered=overview]');
    expect(new URL(page.url()).pathname).toBe('/bureau-graph/overview');
    await page.click('[data-testid=nav-org]');
    await drawn(page, 15);
    expect(new URL(page.url()).pathname).toBe('/bureau-graph/org');
    await page.click('[data-testid=nav-workload]');
    await page.waitForSelector('[data-testid=overload-table] tbody tr', { state: 'attached' });
    expect(new URL(page.url()).pathname).toBe('/bureau-graph/workload');
    // a view's address opened afresh (a bookmark) loads under the prefix too
    await page.reload();
    await page.waitForSelector('[data-testid=overload-table] tbody tr', { state: 'attached' });
    expect(failed).toEqual([]);
    await page.close();
  });

  it('asks for the admin token once per session to import a document, and links a node to its original', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'bg-e2e-office-'));
    const store = new DocumentStore(path.join(data, 'documents'));
    const audit = new AuditTrail(path.join(data, 'audit.jsonl'), db);
    const admin = 'e2e-admin-token-51c0d2';
    const withWrites = await serve({ tokens: { admin }, store, audit });
    const page = await openPage(browser);
    await page.goto(`http://${HOST}:${withWrites}/org`);
    await drawn(page, 15);
    const seed = seedFiles().find((f) => f.includes('001_'))!;
    const asFile = (name: string) => ({ name, mimeType: 'text/plain', buffer: readFileSync(seed) });

    await page.setInputFiles('[data-testid=upload-input]', asFile('科室-第一版.txt'));
    await page.fill('[data-testid=token-input]', 'not-the-token-000000');
    await page.click('[data-testid=token-ok]');
    // a wrong token is asked for again, saying so
    await page.waitForFunction(() => document.querySelector('[data-testid=token-dialog] p')?.textContent?.includes('令牌不正确'));
    await page.fill('[data-testid=token-input]', admin);
    await page.click('[data-testid=token-ok]');
    await page.waitForFunction(() => document.querySelector('[data-testid=notice]')?.textContent?.includes('科室-第一版.txt: 已导入'));
    // the seed's 4 posts again, under the new document; their section is the same unit, known by its name
    await drawn(page, 19);

    let dialogs = 0;
    await page.exposeFunction('dialogSeen', () => (dialogs += 1));
    await page.evaluate(() => {
      new MutationObserver(() => document.querySelector('dialog[open]') && (window as unknown as { dialogSeen: () => void }).dialogSeen()).observe(
        document.body,
        {
          childList: true,
        },
      );
    });
    await page.setInputFiles('[data-testid=upload-input]', asFile('科室-第二版.txt'));
    await page.waitForFunction(() => document.querySelector('[data-testid=notice]')?.textContent?.includes('科室-第二版.txt: 已导入'));
    expect(dialogs).toBe(0);
    expect(store.current().size).toBe(2);

    const post = (await db.run("MATCH (p:Post {doc: '科室-第一版.txt'}) RETURN p.id AS id ORDER BY p.id LIMIT 1")).records[0]!.get('id') as string;
    await page.goto(`http://${HOST}:${withWrites}/org?focus=${encodeURIComponent(post)}`);
    await page.waitForSelector('[data-testid=details-original]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=details-original]')]);
    expect(download.suggestedFilename()).toBe('科室-第一版.txt');
    expect(readFileSync(await download.path()).equals(readFileSync(seed))).toBe(true);
    await page.close();
  });
});
