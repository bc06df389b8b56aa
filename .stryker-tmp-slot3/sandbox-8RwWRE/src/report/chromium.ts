/**
 * Launches the system Chromium (Debian's /usr/bin/chromium) for the visualizer's end-to-end tests and
 * benchmark. Never downloads a browser: when it is missing, the error says how to install it. Every
 * page it opens refuses network requests and records them, so "works offline" is checked, not hoped.
 */
// @ts-nocheck

import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env['SYNC_LAB_CHROMIUM'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium: no browser at ${CHROMIUM_PATH}; install Debian's chromium (apt-get install chromium) or set SYNC_LAB_CHROMIUM. A browser is never downloaded.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught page errors and dialogs (alert/confirm/prompt), in order. */
  errors: string[];
  dialogs: string[];
  /** Every request that was not for a file:// or data: URL (all of them aborted). */
  network: string[];
}

/** A fresh context and page that aborts and records any network request. */
export async function watchedPage(browser: Browser, viewport = { width: 1600, height: 1000 }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const watched: WatchedPage = { context, page, errors: [], dialogs: [], network: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    watched.network.push(url);
    return route.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => watched.errors.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => {
    watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return watched;
}

/** Waits until the app has loaded (or failed to load) its trace. */
export async function waitForViz(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __syncLabViz?: { ready: boolean } }).__syncLabViz?.ready === true, undefined, { timeout: timeoutMs });
}
