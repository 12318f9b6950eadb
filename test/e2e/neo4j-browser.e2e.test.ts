/**
 * Neo4j Browser as the local server serves it at /browser/ (org.neo4j.client:neo4j-browser in local-neo4j/pom.xml):
 * the page renders its connect form, connects with the suite's credentials and runs a query.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, launch } from '../../scripts/chromium.ts';
import { INSTANCES } from '../../server/db/local-neo4j/index.ts';

const neo4j = inject('neo4j');
const url = `http://127.0.0.1:${INSTANCES.test!.httpPort}/browser/`;
const why =
  neo4j.how !== 'local server'
    ? `Neo4j Browser is checked on the local server only; this run's Neo4j came from ${neo4j.how}`
    : !hasChromium
      ? 'no chromium installed (CHROMIUM_PATH or /usr/bin/chromium)'
      : null;

describe('Neo4j Browser on the local server', () => {
  let browser: Browser | undefined;
  let page: Page;
  afterAll(async () => browser?.close());

  it('shows its connect form at /browser/', async ({ skip }) => {
    skip(why !== null, why ?? '');
    const res = await fetch(url);
    // a server started before neo4j-browser joined the pom serves no page: restart it (npm run neo4j:stop -- --instance test)
    expect(res.status, `${url} answered ${res.status}`).toBe(200);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.getByText('Connect to Neo4j').waitFor();
    expect(await page.title()).toBe('Neo4j Browser');
    expect(await page.getByTestId('boltaddress').inputValue()).toBe(`127.0.0.1:${INSTANCES.test!.boltPort}`);
    expect(await page.getByTestId('username').isVisible()).toBe(true);
    expect(await page.getByTestId('password').isVisible()).toBe(true);
  });

  it('connects with the credentials and shows a query result in a table', async ({ skip }) => {
    skip(why !== null, why ?? '');
    await page.getByTestId('username').fill(neo4j.user);
    await page.getByTestId('password').fill(neo4j.password);
    await page.getByTestId('connect').click();
    await page.getByText(`You are connected as user ${neo4j.user}`).waitFor();
    await page.getByTestId('activeEditor').click();
    await page.keyboard.type('CALL dbms.components() YIELD name, edition RETURN name, edition');
    await page.getByTestId('editor-Run').click();
    const frame = page.getByTestId('frame').filter({ hasText: 'CALL dbms.components()' });
    await frame.getByText('Started streaming 1 records').waitFor();
    const table = await frame.innerText();
    expect(table).toContain('Neo4j Kernel');
    expect(table).toContain('community');
  });
});
