import type { Browser, Page } from 'playwright-core';

/**
 * A page of the size the explorer is designed for. Its waits are as long as the tests' own limits: a browser test
 * fails on what it checks, never on how busy the machine is (playwright's own default is 30 s).
 */
export async function openPage(browser: Browser, viewport = { width: 1400, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(300_000);
  return page;
}
