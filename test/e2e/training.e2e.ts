// Training the way a writer does it: open the CSV, run "Train Sentiment Model" from the palette, accept the
// detected columns, pick the article's LSTM with 30 epochs under "Advanced…", watch the progress notification
// and the dashboard's live curves, and end on the classification report, confusion matrix and architecture.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { peekCsv } from '../../src/core/csvPeek';
import { session, workbench } from '../harness/e2eSession';
import { testResultsDir } from '../harness/paths';

const ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';
/** Enough epochs of the article's LSTM on the sample to watch it train for a while (about 0.5 s each here). */
const EPOCHS = 30;

/** Clicks the quick-pick row whose label is exactly `label` (codicons in labels are not text). */
async function pickRow(page: Page, label: string, timeoutMs = 15_000): Promise<void> {
  const row = page
    .locator(ROWS)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click();
}

async function focusedRowLabel(page: Page): Promise<string> {
  const row = page.locator(`${ROWS}.focused .label-name`).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  return (await row.innerText()).trim();
}

describe('training from the command palette', () => {
  after(async () => {
    await workbench().closeAllEditors();
  });

  it('trains on reviews.csv with the pickers, shows progress and the live dashboard, then the report', async function () {
    this.timeout(600_000);
    const csv = path.join(session().workspaceDir, 'reviews.csv');
    if (!fs.existsSync(csv)) {
      console.log('    (skipped: samples/reviews.csv is missing)');
      this.skip();
    }
    const peek = await peekCsv(csv);
    assert.ok(peek.guess, 'the engine cannot detect the columns of samples/reviews.csv');
    const page = session().page;
    const wb = workbench();
    const shots = path.join(testResultsDir, 'e2e');
    fs.mkdirSync(shots, { recursive: true });

    await wb.openFile('reviews.csv');
    await wb.runCommand('Neural Lens: Train Sentiment Model');

    // Step 1 and 2: the detected columns are pre-selected, each row previews its values.
    const title = page.locator('.quick-input-widget .quick-input-title');
    await title.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await title.innerText(), /Train Sentiment Model on reviews\.csv/);
    assert.equal(await focusedRowLabel(page), peek.guess.textColumn, 'the detected text column should be pre-selected');
    const textSamples = peek.columns.find((c) => c.name === peek.guess!.textColumn)!.samples;
    const detail = await page.locator(`${ROWS}.focused .quick-input-list-label-meta, ${ROWS}.focused .quick-input-list-detail`).first().innerText();
    assert.ok(detail.includes(textSamples[0].slice(0, 20)), `the text column row should preview "${textSamples[0]}", it shows "${detail}"`);
    await page.keyboard.press('Enter');
    // Runs in the page (a string: this project's Node tsconfig has no DOM types).
    await page.waitForFunction(
      `document.querySelector('.quick-input-widget .monaco-list-row.focused .label-name')?.textContent?.trim() === ${JSON.stringify(peek.guess.labelColumn)}`,
      undefined,
      { timeout: 15_000 },
    );
    await page.keyboard.press('Enter');

    // Step 3: the model, through "Advanced…": lstm, 2 epochs.
    await pickRow(page, 'Advanced…');
    await pickRow(page, 'Model');
    await pickRow(page, 'lstm');
    await pickRow(page, 'Epochs');
    const box = page.locator('.quick-input-widget input');
    await box.waitFor({ state: 'visible' });
    await box.fill(String(EPOCHS));
    await page.keyboard.press('Enter');
    await pickRow(page, 'Train');

    // The progress notification: phase and figures, a Cancel button and a link to the dashboard. The test
    // workbench runs with the smoke-test driver, which keeps notifications out of the toasts: they are read
    // in the notification centre.
    await page.locator('[id="status.notifications"]').click();
    const item = page.locator('.notifications-center .notification-list-item', { hasText: 'Training lstm on reviews.csv' }).first();
    await item.waitFor({ state: 'visible', timeout: 60_000 });
    await page
      .locator('.notifications-center .notification-list-item-message', { hasText: new RegExp(`epoch \\d+/${EPOCHS}`) })
      .first()
      .waitFor({ state: 'visible', timeout: 240_000 });
    const itemText = await item.innerText();
    assert.match(itemText, /loss \d/, `notification: ${itemText}`);
    assert.equal(await item.locator('.notification-list-item-message a', { hasText: 'Show Dashboard' }).count(), 1, `no dashboard link in: ${itemText}`);
    assert.ok(await item.locator('.monaco-button', { hasText: 'Cancel' }).count(), 'the progress notification has no Cancel button');
    const status = page.locator('.statusbar-item', { hasText: 'reviews.csv' }).first();
    assert.ok(await status.isVisible(), 'no status bar item while training');

    // The dashboard opened by itself beside the CSV, with the two charts.
    const frame = wb.webviewFrame();
    await frame.locator('canvas[data-metric="loss"]').waitFor({ state: 'visible', timeout: 30_000 });
    await frame.locator('canvas[data-metric="accuracy"]').waitFor({ state: 'visible' });
    await frame.locator('.status[data-status="running"]').waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(shots, 'training-progress.png') });
    await page.locator('[id="status.notifications"]').click(); // close the centre again

    // The end: a point per epoch, the report, the confusion matrix, the architecture diagram.
    await frame.locator('.status[data-status="done"]').waitFor({ state: 'visible', timeout: 480_000 });
    assert.equal(await frame.locator('.curves-empty').isHidden(), true, 'the curves have no points');
    const labels = await frame.locator('table.report tbody tr[data-label]').count();
    assert.ok(labels >= 2, `the report lists ${labels} classes`);
    assert.match(await frame.locator('table.report').innerText(), /macro avg[\s\S]*weighted avg/);
    assert.equal(await frame.locator('table.confusion tbody tr').count(), labels);
    // Mermaid (dist/media/shared.js, several MB) loads on the first diagram: give it time on a loaded machine.
    await frame.locator('.diagram svg, .diagram .error').first().waitFor({ state: 'visible', timeout: 180_000 });
    assert.equal(await frame.locator('.diagram .error').count(), 0, `diagram error: ${await frame.locator('.diagram').innerText()}`);
    // SVG text: words sit in separate tspans, so look for them one by one.
    const drawn = (await frame.locator('.diagram svg').textContent()) ?? '';
    for (const word of ['embedding:', 'lstm:', 'LSTM', 'dense:', 'params']) assert.ok(drawn.includes(word), `the diagram lacks "${word}": ${drawn.slice(0, 300)}`);
    assert.match(await frame.locator('.keras-summary').innerText(), /LSTM/);
    assert.equal(await frame.locator('button', { hasText: 'In use' }).count(), 1, 'the new model should be marked as in use');
    await page.screenshot({ path: path.join(shots, 'training-dashboard.png') });
    await frame.locator('table.confusion').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'training-report.png') });
    await frame.locator('.diagram svg').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'training-architecture.png') });
    console.log(`    screenshots in ${path.relative(process.cwd(), shots)}/: training-progress, -dashboard, -report, -architecture (.png)`);
  });
  it('keeps the dashboard when it is hidden behind another editor and across a window reload', async function () {
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

    // Reloaded: the serializer brings the panel back with the state the webview saved.
    let hostFailed = false;
    const watchHost = (m: { text(): string }): void => {
      if (/remote extension host took longer than \d+s to send its ready message/.test(m.text())) hostFailed = true;
    };
    page.on('console', watchHost);
    try {
      await wb.runCommand('Developer: Reload Window');
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 180_000 });
      await page.locator('.tab', { hasText: 'Training: reviews.csv' }).first().click({ timeout: 180_000 });
      await frame.locator('.status[data-status="done"]').waitFor({ state: 'visible', timeout: 240_000 });
    } catch (e) {
      if (!hostFailed) throw e;
      // The workbench gave up on the new extension host (its 60 s start-up limit, on an overloaded machine):
      // nothing can restore the panel, so the check cannot run here.
      console.log('    (skipped: after the reload the extension host did not start within the workbench limit)');
      this.skip();
    } finally {
      page.off('console', watchHost);
    }
    assert.equal(await frame.locator('table.report').innerText(), reportText, 'the report changed across the reload');
    assert.ok(await frame.locator('canvas[data-metric="loss"]').isVisible(), 'the curves are gone after the reload');
    await page.screenshot({ path: path.join(testResultsDir, 'e2e', 'training-after-reload.png') });
  });
});
