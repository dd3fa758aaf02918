/**
 * Browser tests' support: the viewer built from the current sources, headless Chromium through
 * playwright-core (Debian's `chromium`), console errors collected, screenshots saved to
 * `test-artifacts/`.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const distDir = join(root, 'web', 'dist');
export const artifactsDir = join(root, 'test-artifacts');

/** Debian's Chromium (installed by `.ci/run`), or `CHROMIUM_PATH`. */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? '/usr/bin/chromium';

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** Builds `web/dist` unless it is newer than every file of `web/src` (and the Vite config). */
export async function ensureViewerBuilt(): Promise<void> {
  const index = join(distDir, 'index.html');
  const sources = Math.max(
    await newestMtime(join(root, 'web', 'src')),
    statSync(join(root, 'web', 'vite.config.ts')).mtimeMs,
    statSync(join(root, 'web', 'index.html')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  await promisify(execFile)(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'error',
    ],
    { cwd: root },
  );
}

/** Launches Chromium; playwright gives every launch a fresh temporary profile (`--user-data-dir`). */
export async function launchBrowser(): Promise<{ browser: Browser }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return { browser };
}

export async function closeBrowser(handle: { browser: Browser } | undefined): Promise<void> {
  await handle?.browser.close();
}

/** Chromium for the enclosing suite: launched before its first test, closed after its last. */
export function useBrowser(): { readonly browser: Browser } {
  const handle = {} as { browser: Browser };
  beforeAll(async () => {
    handle.browser = (await launchBrowser()).browser;
  });
  afterAll(() => closeBrowser(handle.browser ? handle : undefined));
  return handle;
}

export interface PageOptions {
  viewport: { width: number; height: number };
  /** Default timeout of the page's waits. */
  timeoutMs: number;
  colorScheme?: 'light' | 'dark';
}

/** A page in a new context of `browser` (close the context when done), with its errors recorded. */
export async function openPage(
  browser: Browser,
  { viewport, timeoutMs, colorScheme }: PageOptions,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, ...(colorScheme ? { colorScheme } : {}) });
  context.setDefaultTimeout(timeoutMs);
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

/** Records console errors, failed requests and uncaught page errors of `page`. */
export function watchErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Sockets closed by a navigation are not errors.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`requestfailed: ${request.url()}`);
  });
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

/** Waits until the viewer's header says the live connection is up. */
export async function waitLive(page: Page): Promise<void> {
  await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
}
