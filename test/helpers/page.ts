import type { Browser, Locator, Page } from 'playwright-core';

/**
 * A page of the size the explorer is designed for. Its waits are as long as the tests' own limits: a browser test
 * fails on what it checks, never on how busy the machine is (playwright's own default is 30 s).
 */
export async function openPage(browser: Browser, viewport = { width: 1400, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(300_000);
  return page;
}

/** An org chart's unit box, by the unit's exact name in its own header (not a box that holds it). */
export const unitBox = (page: Page, name: string): Locator =>
  page.locator('[data-testid=org-unit]').filter({ has: page.locator(':scope > header .oc-unit-name', { hasText: new RegExp(`^${name}$`) }) });
