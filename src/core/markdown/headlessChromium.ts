// The headless Chromium the export drives (playwright-core with the system's chromium, neither bundled): it
// draws Mermaid diagrams (they need a DOM to measure text) and prints PDF. Missing either, it says what to install.
import * as fs from 'node:fs';
import type { Browser } from 'playwright-core';

/** What the export needs beyond Node, in one sentence (the README says the same). */
export const HEADLESS_CHROMIUM_NEEDS = 'playwright-core (npm install playwright-core) and Chromium (apt-get install chromium, or pass --browser PATH / set NEURAL_LENS_CHROMIUM)';

/** The Chromium to drive: `browserPath`, else $NEURAL_LENS_CHROMIUM, else Debian's. */
export function chromiumPath(browserPath?: string): string {
  return browserPath ?? process.env.NEURAL_LENS_CHROMIUM ?? '/usr/bin/chromium';
}

/** Launches headless Chromium; when it cannot be had, an error saying what to install. */
export async function launchChromium(browserPath?: string): Promise<Browser> {
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new Error(`playwright-core is not installed; this needs ${HEADLESS_CHROMIUM_NEEDS}`);
  }
  const executablePath = chromiumPath(browserPath);
  if (!fs.existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}; this needs ${HEADLESS_CHROMIUM_NEEDS}`);
  return playwright.chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
  });
}

/** Launches headless Chromium, runs `use` with it and closes it. */
export async function withChromium<T>(browserPath: string | undefined, use: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchChromium(browserPath);
  try {
    return await use(browser);
  } finally {
    await browser.close();
  }
}
