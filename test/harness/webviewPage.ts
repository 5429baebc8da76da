// A webview page (dist/media/<page>.js and .css) in headless Chromium for unit tests: the page's own HTML
// with its real CSP and nonce, served from a fake origin with the built media files; only acquireVsCodeApi
// is a stub, collecting what the page posts in window.__posted and its state in window.__state.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from './paths';

export const WEBVIEW_ORIGIN = 'https://webview.test';
export const WEBVIEW_CHROMIUM = process.env.NEURAL_LENS_CHROMIUM ?? '/usr/bin/chromium';
export const MEDIA_DIR = path.join(repoRoot, 'dist/media');

/** Why the pages cannot run here (no Chromium, or `files` of dist/media not built), or undefined. */
export function webviewPagesMissing(files: readonly string[]): string | undefined {
  if (!fs.existsSync(WEBVIEW_CHROMIUM)) return `no Chromium at ${WEBVIEW_CHROMIUM}`;
  const absent = files.filter((f) => !fs.existsSync(path.join(MEDIA_DIR, f)));
  return absent.length ? `dist/media/${absent.join(', ')} not built; run npm run build` : undefined;
}

export async function launchWebviewBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: WEBVIEW_CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
}

/**
 * For a mocha suite of pages: one Chromium for its tests (`pages.browser`), or the suite skipped, saying why,
 * when Chromium or one of the built `files` is missing. Call it in the describe body: it adds before/after hooks.
 */
export function webviewBrowserFor(files: readonly string[]): { readonly browser: Browser } {
  let browser: Browser | undefined;
  before(async function () {
    const missing = webviewPagesMissing(files);
    if (missing) {
      console.log(`    (skipped: ${missing})`);
      return this.skip();
    }
    browser = await launchWebviewBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error('no browser: the suite was skipped or has not started');
      return browser;
    },
  };
}

/**
 * Page JS: the drawn diagrams' <svg> elements under `scope` (a selector), in document order. Each is in the shadow
 * root of its .nl-diagram-canvas (media/shared/mermaid/zoomPan.ts), where document.querySelectorAll does not look.
 */
export function drawnSvgs(scope: string): string {
  return `Array.from(document.querySelectorAll(${JSON.stringify(`${scope} .nl-diagram-canvas`)}), (c) => c.shadowRoot && c.shadowRoot.querySelector('svg')).filter(Boolean)`;
}

/**
 * Polls `js` in the page until it is truthy. (page.waitForFunction evaluates through eval in the page,
 * which the pages' CSP rightly blocks; page.evaluate goes through the debugger protocol.)
 */
export async function waitUntil(page: Page, js: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(js))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${js}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Serves `html` (built with WEBVIEW_ORIGIN as its cspSource and media root) in `page`, and waits for the page's 'ready'. */
export async function openWebviewPage(page: Page, html: string): Promise<void> {
  await page.route(`${WEBVIEW_ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/index.html') return route.fulfill({ body: html, contentType: 'text/html' });
    const file = path.join(MEDIA_DIR, url.pathname.replace(/^\/media\//, ''));
    if (!file.startsWith(MEDIA_DIR) || !fs.existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ path: file });
  });
  await page.addInitScript(`
    window.__posted = [];
    window.__state = undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  `);
  await page.goto(`${WEBVIEW_ORIGIN}/index.html`);
  await waitUntil(page, `window.__posted.some((m) => m.type === 'ready')`);
}
