import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromiumPath, openHeadlessPreview, type HeadlessPreview } from '../../../../src/core/markdown/headlessPreview';
import { repoRoot } from '../../../harness/paths';

export { repoRoot };

export function fixture(name: string): string {
  return fs.readFileSync(path.join(repoRoot, 'test/fixtures/markdown', name), 'utf8');
}

export function sample(name: string): string {
  return fs.readFileSync(path.join(repoRoot, 'samples', name), 'utf8');
}

/** Occurrences of `needle` in `haystack`. */
export function count(haystack: string, needle: string | RegExp): number {
  if (typeof needle === 'string') return haystack.split(needle).length - 1;
  return (haystack.match(new RegExp(needle.source, needle.flags.includes('g') ? needle.flags : needle.flags + 'g')) ?? []).length;
}

/** Runs `fn` with console.warn/error/log captured; returns what was printed. */
export function captureConsole<T>(fn: () => T): { result: T; printed: string[] } {
  const printed: string[] = [];
  const saved = { warn: console.warn, error: console.error, log: console.log };
  console.warn = (...a: unknown[]) => printed.push(a.map(String).join(' '));
  console.error = console.warn;
  console.log = console.warn;
  try {
    return { result: fn(), printed };
  } finally {
    Object.assign(console, saved);
  }
}

/**
 * The export's sanitiser and diagram renderer (dist/media/preview.js in headless Chromium), or a skipped
 * suite that says why when there is no Chromium or no build.
 */
export async function headlessPreviewOrSkip(suite: Mocha.Context): Promise<HeadlessPreview> {
  const browser = chromiumPath();
  if (!fs.existsSync(browser)) {
    console.log(`    (skipped: no Chromium at ${browser})`);
    suite.skip();
  }
  if (!fs.existsSync(path.join(repoRoot, 'dist/media/preview.js'))) {
    console.log('    (skipped: dist/media/preview.js is not built; run npm run build)');
    suite.skip();
  }
  return openHeadlessPreview(path.join(repoRoot, 'dist'));
}
