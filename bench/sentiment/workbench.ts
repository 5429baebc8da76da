// The sentiment figures in a real workbench (code-server + headless chromium, Neural Lens as a development
// extension), measured in the page: from the Enter that opens a 10,000-line article to its visible lines'
// `::after` labels painted, and from a keystroke to that line's label repainted. Reference in the same run:
// the same keystroke on a line no model looks at (a line in a code fence), i.e. what the workbench itself costs
// to echo a key.
//   npm run bench:sentiment:workbench   (the data folder: NL_BENCH_DATA, default ../shared/data)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startCodeServer } from '../../test/harness/codeServer';
import { launchBrowser, openWorkbench } from '../../test/harness/browser';
import { repoRoot } from '../../test/harness/paths';
import { Workbench } from '../../test/harness/workbench';
import { failureScreenshot } from '../common';
import { runInHost } from '../inHost';
import { CACHE_DIR, article, benchModel, reviewSentences } from './fixtures';

const MODEL_NAME = 'bench-reviews-fast';
const PROBE = 'The food was great.';
const FENCED = 'const food = 1;';
const KEYSTROKES = Number(process.env.NL_BENCH_KEYSTROKES ?? 10);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number): string => `${x.toFixed(0)} ms`;

/**
 * In the page: the `::after` label of the rendered line containing `marker`, or '' (a string: no DOM types
 * here). Monaco renders spaces as no-break spaces.
 */
const LABEL_OF_LINE = `(marker) => {
  const line = Array.from(document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line'))
    .find((l) => (l.textContent || '').replace(/\u00a0/g, ' ').includes(marker));
  if (!line) return '';
  for (const span of line.querySelectorAll('span')) {
    const c = getComputedStyle(span, '::after').content;
    if (c && c !== 'none' && c !== 'normal' && c.includes('●')) return c;
  }
  return '';
}`;

/** Starts waiting in the page (before the action), resolves with the ms until `condition` holds at a frame. */
function waitInPage(page: Page, condition: string, arg: unknown, timeoutMs = 30_000): Promise<number> {
  // One expression with the argument inlined: a string page function is evaluated, not called.
  return page.evaluate<number>(
    `new Promise((resolve, reject) => {
      const check = ${condition};
      const arg = ${JSON.stringify(arg)};
      const t0 = performance.now();
      const tick = () => {
        if (check(arg)) resolve(performance.now() - t0);
        else if (performance.now() - t0 > ${timeoutMs}) reject(new Error('timed out'));
        else requestAnimationFrame(tick);
      };
      tick();
    })`,
  );
}

async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * (b) a keystroke in the word "great" of the probe line → its label repainted (with the other word the model
 * sees a different text); then Backspace → the original label back. Reference: the same keystroke inside the
 * code fence, until the typed character is painted. Each measurement starts from a settled screen: the
 * workbench here can take a second to apply an edit to a 10,000-line file.
 */
async function keystrokes(page: Page): Promise<{ keystroke: number[]; echo: number[] }> {
  await waitInPage(page, LABEL_OF_LINE, PROBE, 120_000);
  const original = await page.evaluate<string>(`(${LABEL_OF_LINE})(${JSON.stringify(PROBE)})`);
  const lineLabel = `(a) => { const now = (${LABEL_OF_LINE})(a.marker); return now !== '' && (a.same ? now === a.label : now !== a.label); }`;
  const lineText = `(marker) => Array.from(document.querySelectorAll('.editor-group-container.active .view-line')).some((l) => (l.textContent || '').replace(/\\u00a0/g, ' ').includes(marker))`;
  const keystroke: number[] = [];
  const echo: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    await goTo(page, 6, 17);
    await waitInPage(page, lineLabel, { marker: PROBE, label: original, same: true });
    const changed = waitInPage(page, lineLabel, { marker: 'The food was greXat.', label: original, same: false });
    await page.keyboard.type('X');
    keystroke.push(await changed);
    const restored = waitInPage(page, lineLabel, { marker: PROBE, label: original, same: true });
    await page.keyboard.press('Backspace');
    keystroke.push(await restored);

    await goTo(page, 9, 8);
    await waitInPage(page, lineText, FENCED);
    const typed = waitInPage(page, lineText, 'const fXood');
    await page.keyboard.type('X');
    echo.push(await typed);
    const back = waitInPage(page, lineText, FENCED);
    await page.keyboard.press('Backspace');
    echo.push(await back);
  }
  return { keystroke, echo };
}

/** The same two measurements from inside the extension host (hostSuite.ts), in a fresh workbench. */
async function inHost(workspace: string): Promise<string> {
  const r = await runInHost<{ shown: number; first: number; all: number; keystrokes: number[]; roundTrips: number[] }>({
    name: 'sentiment',
    workspace,
    suite: path.join(__dirname, 'hostSuite.js'),
    tag: 'SENTIMENT-HOST',
    settings: { 'neuralLens.sentiment.minConfidence': 0 },
    env: {
      NL_BENCH_DOC: path.join(workspace, 'big.md'),
      NL_BENCH_MODEL: path.join(workspace, '.neural-lens', 'models', MODEL_NAME),
      NL_BENCH_KEYSTROKES: String(KEYSTROKES),
    },
    onOtherLine: (text) => {
      if (/error|Error/.test(text) && /sentiment/i.test(text)) console.error(text);
    },
  });
  return (
    `(a, extension host) showTextDocument → first labels set ${ms(r.first)}, every line scored ${ms(r.all)} (the editor itself took ${ms(r.shown)} to open)\n` +
    `(b, extension host) edit event → that line's label set, debounce 20 ms included: median ${ms(median(r.keystrokes))} of ${r.keystrokes.length} ` +
    `(reference: the editor.edit round trip through the workbench, ${ms(median(r.roundTrips))})`
  );
}

async function main(): Promise<void> {
  const sentences = await reviewSentences();
  const modelDir = await benchModel();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'neural-lens-bench-'));
  const body = article(10_000, sentences).split('\n');
  // Line 6 (1-based) is the keystroke probe; line 9 sits inside a code fence (no label).
  body.splice(4, 0, '', PROBE, '', '```js', FENCED, '```');
  fs.writeFileSync(path.join(workspace, 'big.md'), body.slice(0, 10_000).join('\n'));
  // The same first lines alone: the probe and the fence at the same line numbers, in a 14-line file.
  fs.writeFileSync(path.join(workspace, 'small.md'), body.slice(0, 14).join('\n'));
  fs.cpSync(modelDir, path.join(workspace, '.neural-lens', 'models', MODEL_NAME), { recursive: true });
  // Every scored line labelled, whatever its confidence: the probe line must show one.
  const server = await startCodeServer({ workspace, extensionDevelopmentPath: repoRoot, settings: { 'neuralLens.sentiment.minConfidence': 0 } });
  const browser = await launchBrowser();
  const results: string[] = [];
  try {
    const { page } = browser;
    const wb = new Workbench(page);
    const readyMs = await openWorkbench(page, server.url);
    console.log(`workbench ready in ${(readyMs / 1000).toFixed(1)} s`);
    // The model, through the sentiment feature's own picker.
    const input = page.locator('.quick-input-widget input');
    await wb.startCommand('Neural Lens: Select Model', 60_000);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: MODEL_NAME }).first().click({ timeout: 60_000 });

    // (a) Enter in Quick Open → the visible lines labelled, twice: the first open starts the worker and loads
    // the model; the second finds every line in the cache.
    const opens: number[] = [];
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press('Control+P');
      await input.fill('big.md');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'big.md' }).first().waitFor();
      const painted = waitInPage(page, LABEL_OF_LINE, PROBE, 120_000);
      await page.keyboard.press('Enter');
      opens.push(await painted);
      if (i === 0) await wb.closeAllEditors();
    }
    const visible = (await wb.decorationAfterTexts()).filter((t) => t.startsWith('●')).length;
    results.push(`(a, workbench) Enter in Quick Open → ${visible} visible labels painted: first open ${ms(opens[0])} (worker start + model load), reopen ${ms(opens[1])}`);

    const big = await keystrokes(page);
    await wb.openFile('small.md');
    const small = await keystrokes(page);
    results.push(
      `(b, workbench) keystroke → that line's label repainted (debounce 20 ms included), median of ${big.keystroke.length}: ` +
        `10,000-line file ${ms(median(big.keystroke))}, 14-line file ${ms(median(small.keystroke))}; ` +
        `reference, the workbench echoing a key on a line without a label: ${ms(median(big.echo))} and ${ms(median(small.echo))}`,
    );
    const shots = path.join(repoRoot, 'test-results', 'bench');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'sentiment-big.png') });
  } catch (e) {
    await failureScreenshot(browser.page, 'sentiment');
    throw e;
  } finally {
    await browser.close();
    await server.stop();
  }
  try {
    results.push(await inHost(workspace));
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  for (const r of results) console.log(r);
  const out = path.join(CACHE_DIR, 'last-workbench-run.txt');
  fs.writeFileSync(out, results.join('\n') + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
