import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium: no browser download. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser tests write each view's screenshot (gitignored). */
export const SCREENSHOTS = fileURLToPath(new URL('../../../test-output/console/', import.meta.url));

/** A Chromium with its own profile, removed on close. */
export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium headless through playwright-core, with a throwaway profile and no
 * background traffic; `extraArgs` add flags such as the fake camera's; `ignoreHTTPSErrors` lets
 * it accept the stand-ins' self-signed certificate.
 */
export async function startBrowser(
  extraArgs: string[] = [],
  options: { ignoreHTTPSErrors?: boolean } = {},
): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Writes the page's screenshot to test-output/console/<view>.png. */
export async function screenshot(page: Page, view: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${view}.png`), fullPage: true });
}
