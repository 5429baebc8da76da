// Training the way a writer does it, from the command palette on samples/reviews.csv:
//  1. accept the detected columns, pick the article's LSTM with many epochs under "Advanced…", watch the
//     progress notification, the status bar and the dashboard update live, then cancel from the dashboard:
//     no model is left;
//  2. run it again: the last choices for the file are remembered; a short run ends on the classification
//     report, the confusion matrix and the architecture diagram;
//  3. the dashboard keeps its content when hidden behind another editor and across a window reload, and the
//     article's preview opened beside it comes back too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { peekCsv, type CsvPeek } from '../../src/core/csvPeek';
import { session, workbench } from '../harness/e2eSession';
import { testResultsDir } from '../harness/paths';
import { readmeScreenshot } from '../harness/readmeScreenshots';

const ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';
/** A run long enough to be watched and cancelled (the sample trains at a few epochs a second). */
const LONG_EPOCHS = 400;
const SHORT_EPOCHS = 8;

/** The quick-pick row whose label is exactly `label`. */
function row(_page: Page, label: string) {
  return workbench().quickInputRow(label);
}

async function pickRow(page: Page, label: string, timeoutMs = 15_000): Promise<void> {
  const r = row(page, label);
  await r.waitFor({ state: 'visible', timeout: timeoutMs });
  await r.click();
}

/** Waits until the focused (pre-selected) row of the quick pick is `label`. */
async function expectFocused(page: Page, label: string, what: string): Promise<void> {
  try {
    // Runs in the page (a string: this project's Node tsconfig has no DOM types).
    await page.waitForFunction(
      `document.querySelector('.quick-input-widget .monaco-list-row.focused .label-name')?.textContent?.trim() === ${JSON.stringify(label)}`,
      undefined,
      { timeout: 15_000 },
    );
  } catch {
    const focused = await page.locator(`${ROWS}.focused .label-name`).allInnerTexts();
    assert.fail(`${what}: expected "${label}" pre-selected, found ${JSON.stringify(focused)}`);
  }
}

/**
 * Palette → columns (accepting the pre-selected ones) → "Advanced…" → model and epochs (and early stopping
 * switched off, for a run that must last: it is on by default) → Train.
 */
async function startTraining(page: Page, peek: CsvPeek, epochs: number, expectRemembered?: { model: string; epochs: number }, noEarlyStopping = false): Promise<void> {
  const wb = workbench();
  await wb.openFile('reviews.csv');
  // startCommand, not runCommand: this command opens the next quick input (the column picker) at once.
  await wb.startCommand('Neural Lens: Train Sentiment Model');
  const title = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Train Sentiment Model on reviews.csv' });
  await title.waitFor({ state: 'visible', timeout: 30_000 });

  // Step 1 and 2: the detected columns pre-selected, each row previewing its values.
  await expectFocused(page, peek.guess!.textColumn, 'text column');
  const samples = peek.columns.find((c) => c.name === peek.guess!.textColumn)!.samples;
  const detail = await page.locator(`${ROWS}.focused .quick-input-list-detail, ${ROWS}.focused .quick-input-list-label-meta`).first().innerText();
  assert.ok(detail.includes(samples[0].slice(0, 20)), `the text column row should preview "${samples[0]}", it shows "${detail}"`);
  await page.keyboard.press('Enter');
  await expectFocused(page, peek.guess!.labelColumn, 'label column');
  await page.keyboard.press('Enter');

  // Step 3: the model (the remembered one pre-selected on the second run), then "Advanced…".
  if (expectRemembered) await expectFocused(page, expectRemembered.model, 'remembered model');
  await pickRow(page, 'Advanced…');
  if (expectRemembered) {
    const epochsRow = await row(page, 'Epochs').innerText();
    assert.ok(epochsRow.includes(String(expectRemembered.epochs)), `the Epochs row should show the remembered ${expectRemembered.epochs}: "${epochsRow}"`);
  }
  await pickRow(page, 'Model');
  await pickRow(page, 'lstm');
  await pickRow(page, 'Epochs');
  // The input box reuses the quick pick's input element: wait for its prompt, or the number goes into the
  // closing pick's filter and the box opens empty.
  await page.locator('.quick-input-widget .quick-input-message', { hasText: 'Epochs (a whole number' }).waitFor({ state: 'visible', timeout: 15_000 });
  const box = page.locator('.quick-input-widget input');
  await box.fill(String(epochs));
  await page.waitForFunction(`document.querySelector('.quick-input-widget input')?.value === ${JSON.stringify(String(epochs))}`, undefined, { timeout: 5_000 });
  await page.keyboard.press('Enter');
  if (noEarlyStopping) {
    await pickRow(page, 'Early stopping');
    await pickRow(page, 'off');
    await row(page, 'Early stopping').filter({ hasText: 'off' }).waitFor({ state: 'visible', timeout: 15_000 });
  }
  await pickRow(page, 'Train');
}

/** The epoch the dashboard's status line shows ("Epoch 3/400 · …"), or 0. */
async function shownEpoch(frame: FrameLocator): Promise<number> {
  const text = await frame.locator('.status').innerText();
  return Number(/Epoch (\d+)\//.exec(text)?.[1] ?? 0);
}

/** The (nested) frame of whichever webview shows `selector`: with two webviews on screen, the newest is not always ours. */
async function frameWith(page: Page, selector: string, timeoutMs: number): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) if ((await f.locator(selector).count().catch(() => 0)) > 0) return f;
    if (Date.now() > deadline) throw new Error(`no webview shows ${selector} within ${timeoutMs} ms`);
    await page.waitForTimeout(250);
  }
}

function modelFolders(): string[] {
  const root = path.join(session().workspaceDir, '.neural-lens', 'models');
  return fs.existsSync(root) ? fs.readdirSync(root).sort() : [];
}

describe('training from the command palette', () => {
  const shots = path.join(testResultsDir, 'e2e');
  let peek: CsvPeek;

  before(async function () {
    const csv = path.join(session().workspaceDir, 'reviews.csv');
    if (!fs.existsSync(csv)) {
      console.log('    (skipped: samples/reviews.csv is missing)');
      this.skip();
    }
    peek = await peekCsv(csv);
    assert.ok(peek.guess, 'the engine cannot detect the columns of samples/reviews.csv');
    fs.mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    await workbench().closeAllEditors();
  });

  it('shows the progress notification and live curves, and a cancel from the dashboard leaves no model', async function () {
    this.timeout(600_000);
    const page = session().page;
    const wb = workbench();
    const before = modelFolders();
    // Earlier specs' "Trained …" notifications cleared first: in a full notification centre this run's item
    // can sit out of view until the run has ended.
    await wb.runCommand('Notifications: Clear All Notifications');
    await startTraining(page, peek, LONG_EPOCHS, undefined, true);

    // The progress notification: phase and figures, a Cancel button and a link to the dashboard. The test
    // workbench runs with the smoke-test driver, which keeps notifications out of the toasts: they are read
    // in the notification centre.
    await page.locator('[id="status.notifications"]').click();
    const item = page.locator('.notifications-center .notification-list-item', { hasText: 'Training lstm on reviews.csv' }).first();
    await item.waitFor({ state: 'visible', timeout: 120_000 });
    await page
      .locator('.notifications-center .notification-list-item-message', { hasText: new RegExp(`epoch \\d+/${LONG_EPOCHS}`) })
      .first()
      .waitFor({ state: 'visible', timeout: 240_000 });
    const itemText = await item.innerText();
    assert.match(itemText, /loss \d/, `notification: ${itemText}`);
    assert.equal(await item.locator('.notification-list-item-message a', { hasText: 'Show Dashboard' }).count(), 1, `no dashboard link in: ${itemText}`);
    assert.ok(await item.locator('.monaco-button', { hasText: 'Cancel' }).count(), 'the progress notification has no Cancel button');
    assert.ok(await page.locator('.statusbar-item', { hasText: /reviews\.csv: .*epoch/ }).first().isVisible(), 'no status bar item while training');

    // The dashboard opened by itself beside the CSV and follows the training.
    const frame = wb.webviewFrame();
    await frame.locator('.status[data-status="running"]').waitFor({ state: 'visible', timeout: 120_000 });
    await frame.locator('canvas[data-metric="loss"]').waitFor({ state: 'visible' });
    await frame.locator('canvas[data-metric="accuracy"]').waitFor({ state: 'visible' });
    await frame.locator('.curves-empty').waitFor({ state: 'hidden', timeout: 120_000 });
    const first = await shownEpoch(frame);
    const deadline = Date.now() + 120_000;
    let later = first;
    while (later <= first && Date.now() < deadline) {
      await page.waitForTimeout(500);
      later = await shownEpoch(frame);
    }
    assert.ok(later > first, `the dashboard did not move on from epoch ${first}`);
    await page.screenshot({ path: path.join(shots, 'training-progress.png') });
    await page.locator('[id="status.notifications"]').click(); // close the centre again
    await readmeScreenshot(page, 'training', [page.locator('iframe.webview.ready').last()], 660);

    // Cancel from the dashboard: it says so, and no model folder is left.
    await frame.locator('button', { hasText: 'Cancel' }).click();
    await frame.locator('.status[data-status="cancelled"]').waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual(modelFolders(), before, 'the cancelled run left a folder behind');
  });

  it('remembers the choices for the file, and a full run ends on the report, confusion matrix and architecture', async function () {
    this.timeout(600_000);
    const page = session().page;
    const wb = workbench();
    await startTraining(page, peek, SHORT_EPOCHS, { model: 'lstm', epochs: LONG_EPOCHS });

    const frame = wb.webviewFrame();
    await frame.locator('.status[data-status="done"]').waitFor({ state: 'visible', timeout: 480_000 });
    assert.equal(await frame.locator('.curves-empty').isHidden(), true, 'the curves have no points');
    const labels = await frame.locator('table.report tbody tr[data-label]').count();
    assert.ok(labels >= 2, `the report lists ${labels} classes`);
    assert.match(await frame.locator('table.report').innerText(), /macro avg[\s\S]*weighted avg/);
    assert.equal(await frame.locator('table.confusion tbody tr').count(), labels);
    // Validation, the kept epoch and calibration: the run kept early stopping off (remembered from the first),
    // so every epoch ran and the last is kept; the reliability diagram stands beside the confusion matrix.
    const facts = await frame.locator('.facts').innerText();
    assert.match(facts, new RegExp(`Kept epoch\\s+all ${SHORT_EPOCHS} epochs: early stopping off`), facts);
    assert.match(facts, /Temperature\s+\d+\.\d+, fitted on the \d+ validation rows/, facts);
    assert.match(facts, /Calibration\s+ECE \d\.\d{3} · NLL \d\.\d{3} · Brier \d\.\d{3}/, facts);
    assert.equal(await frame.locator('.curves').getAttribute('data-kept-epoch'), String(SHORT_EPOCHS));
    await frame.locator('.results .reliability-box canvas[data-chart="reliability"]').waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await frame.locator('canvas[data-chart="reliability"]').getAttribute('aria-label')) ?? '', /ECE \d\.\d{3} on \d+ rows/);
    assert.equal(await frame.locator('button', { hasText: 'In use' }).count(), 1, 'the new model should be marked as in use');
    assert.match(await frame.locator('.keras-summary').innerText(), /LSTM/);
    // Mermaid (dist/media/shared.js, several MB) loads on the first diagram: give it time on a loaded machine.
    await frame.locator('.diagram svg, .diagram .error').first().waitFor({ state: 'visible', timeout: 180_000 });
    assert.equal(await frame.locator('.diagram .error').count(), 0, `diagram error: ${await frame.locator('.diagram').innerText()}`);
    // SVG text: words sit in separate tspans, so look for them one by one.
    const drawn = (await frame.locator('.diagram svg').textContent()) ?? '';
    for (const word of ['embedding:', 'lstm:', 'LSTM', 'dense:', 'params']) assert.ok(drawn.includes(word), `the diagram lacks "${word}": ${drawn.slice(0, 300)}`);

    await page.screenshot({ path: path.join(shots, 'training-dashboard.png') });
    await frame.locator('table.confusion').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'training-report.png') });
    await readmeScreenshot(page, 'dashboard', [page.locator('iframe.webview.ready').last()]);
    await frame.locator('.diagram svg').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'training-architecture.png') });
    console.log(`    screenshots in ${path.relative(process.cwd(), shots)}/: training-progress, -dashboard, -report, -architecture (.png)`);
  });

  it('keeps the dashboard when it is hidden behind another editor and across a window reload, with the article preview', async function () {
    this.timeout(600_000);
    const page = session().page;
    const wb = workbench();
    const tab = page.locator('.tab', { hasText: 'Training: reviews.csv' });
    if ((await tab.count()) === 0) {
      console.log('    (skipped: no dashboard from the previous test)');
      this.skip();
    }
    const frame = wb.webviewFrame();
    const reportText = await frame.locator('table.report').innerText();

    // Hidden: another editor in the dashboard's group tears its webview down; shown again, it restores.
    await tab.click(); // its group becomes the active one, where Quick Open opens the next file
    await wb.openFile('article.md');
    await page.locator('.editor-group-container.active .tab.active', { hasText: 'article.md' }).waitFor({ state: 'visible' });
    await tab.click();
    await frame.locator('.status[data-status="done"]').waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await frame.locator('table.report').innerText(), reportText, 'the report changed after hiding the dashboard');

    // The article's preview beside it: it too must come back after the reload (its own serializer).
    await wb.openFile('article.md');
    await wb.runCommand('Neural Lens: Open Preview to the Side');
    const previewBefore = await frameWith(page, '#nl-root .nl-mermaid .nl-diagram-canvas > svg', 180_000);
    const diagramsBefore = await previewBefore.locator('.nl-mermaid').count();

    // Reloaded: the serializers bring the panels back with the state their webviews saved.
    let hostFailed = false;
    const watchHost = (m: { text(): string }): void => {
      if (/remote extension host took longer than \d+s to send its ready message/.test(m.text())) hostFailed = true;
    };
    page.on('console', watchHost);
    try {
      await wb.runCommand('Developer: Reload Window');
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 180_000 });
      await page.locator('.tab', { hasText: 'Training: reviews.csv' }).first().click({ timeout: 180_000 });
      await frameWith(page, '.status[data-status="done"]', 240_000);
    } catch (e) {
      if (!hostFailed) throw e;
      // The workbench gave up on the new extension host (its 60 s start-up limit, on an overloaded machine):
      // nothing can restore the panel, so the check cannot run here.
      console.log('    (skipped: after the reload the extension host did not start within the workbench limit)');
      this.skip();
    } finally {
      page.off('console', watchHost);
    }
    const dashboard = await frameWith(page, 'table.report', 60_000);
    assert.equal(await dashboard.locator('table.report').innerText(), reportText, 'the report changed across the reload');
    assert.ok(await dashboard.locator('canvas[data-metric="loss"]').isVisible(), 'the curves are gone after the reload');
    const preview = await frameWith(page, '#nl-root .nl-mermaid .nl-diagram-canvas > svg', 180_000);
    await preview.locator('body[data-settled-version]').waitFor({ state: 'attached', timeout: 120_000 });
    assert.equal(await preview.locator('.nl-mermaid .nl-diagram-canvas > svg').count(), diagramsBefore, 'the restored preview does not draw every diagram');
    assert.equal(await preview.locator('.nl-error').count(), 0, 'error boxes in the restored preview');
    await page.screenshot({ path: path.join(shots, 'training-after-reload.png') });
  });
});
