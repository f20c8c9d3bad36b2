import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestRuntime, type TestRuntime } from '../support/runtime';
import { ROUTES } from '../../miniprogram/src/routes';

export const H5_DIR = path.resolve(__dirname, '../../dist/h5');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface E2E {
  t: TestRuntime;
  browser: Browser;
  close(): Promise<void>;
}

/** The real runtime serving the h5 build, and Debian's Chromium driven by playwright-core. */
export async function startE2E(options: { seed?: boolean } = {}): Promise<E2E> {
  if (!existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('dist/h5 is missing: npm test builds it (npm run build:h5)');
  const t = await startTestRuntime({ staticDir: H5_DIR, seed: options.seed });
  let browser: Browser;
  try {
    // playwright gives every launch a fresh, empty user-data-dir of its own.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (err) {
    await t.close();
    throw err;
  }
  return {
    t,
    browser,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** A phone-sized browser profile of its own (its own storage, so its own session). */
export async function phone(e: E2E): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Signs in on the persona picker by tapping the person's card. */
export async function signInAs(e: E2E, page: Page, name: string): Promise<void> {
  await page.goto(`${e.t.url}/`);
  await page.getByText(name, { exact: true }).first().click();
  await page.waitForURL(new RegExp(ROUTES.home.path));
}

/** Taro renders buttons on h5 as <taro-button-core>; tap the one with this text. */
export async function tapButton(page: Page, text: string): Promise<void> {
  await page.locator('taro-button-core >> visible=true', { hasText: text }).first().click();
}

export async function goto(e: E2E, page: Page, hashPath: string): Promise<void> {
  await page.goto(`${e.t.url}/#${hashPath}`);
}

/** Waits until a visible element shows this text (Taro's h5 router keeps earlier pages in the DOM, hidden). */
export async function see(page: Page, text: string): Promise<void> {
  await page.locator(`text=${text} >> visible=true`).first().waitFor();
}

/** Taps the visible element with exactly this text. */
export async function tap(page: Page, text: string): Promise<void> {
  await page.locator(`text="${text}" >> visible=true`).first().click();
}
