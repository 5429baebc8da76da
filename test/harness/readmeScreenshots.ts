// The README's and the walkthrough's pictures, taken by the UI specs at the moment the workbench shows what
// they describe, so that they stay current. Every run rewrites media/screenshots/: committed (the README
// shows them wherever it is read), so a UI change shows up as a changed picture in review; shipped by
// `npm run package`, which refuses to package without them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repoRoot } from './paths';

/** The pictures, each taken by one UI spec (test/e2e/*.e2e.ts). */
export const README_SCREENSHOTS = ['preview', 'training', 'sentiment', 'dashboard'] as const;
export type ReadmeScreenshot = (typeof README_SCREENSHOTS)[number];

export const readmeScreenshotsDir = path.join(repoRoot, 'media', 'screenshots');

/**
 * Screenshot of the top `maxHeight` pixels of `areas` (the smallest rectangle around all of them; default:
 * the editor part, where everything the README shows happens). The package ships these pictures: the
 * smaller the better, as long as they say it.
 */
export async function readmeScreenshot(page: Page, name: ReadmeScreenshot, areas: Locator[] = [page.locator('.monaco-workbench .part.editor')], maxHeight = Infinity): Promise<void> {
  const boxes = (await Promise.all(areas.map((a) => a.first().boundingBox()))).filter((b) => b !== null);
  let clip;
  if (boxes.length > 0) {
    const x = Math.min(...boxes.map((b) => b.x));
    const y = Math.min(...boxes.map((b) => b.y));
    const width = Math.max(...boxes.map((b) => b.x + b.width)) - x;
    const height = Math.min(maxHeight, Math.max(...boxes.map((b) => b.y + b.height)) - y);
    clip = { x, y, width, height };
  }
  fs.mkdirSync(readmeScreenshotsDir, { recursive: true });
  await page.screenshot({ path: path.join(readmeScreenshotsDir, `${name}.png`), clip });
}
