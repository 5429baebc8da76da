// The loop in the real workbench: train on the bundled sample from the palette, click a confusion-matrix cell
// in the dashboard and open one of its rows (the CSV at that line), correct a line's label from the hover
// (the labels file chosen once, in the save dialog), train again and compare the two runs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { session, workbench } from '../harness/e2eSession';
import { waitFor } from '../harness/waitFor';

const NOTES = 'loop-e2e.md';
const LINE = 'The staff were friendly but the room smelled of smoke.';

async function trainOnSample(): Promise<FrameLocator> {
  const wb = workbench();
  await wb.runCommand('Neural Lens: Train on the Bundled Sample');
  const frame = wb.webviewFrame();
  await frame.locator('.status[data-status="running"], .status[data-status="done"]').first().waitFor({ state: 'visible', timeout: 120_000 });
  await frame.locator('.status[data-status="done"]').waitFor({ state: 'visible', timeout: 300_000 });
  return frame;
}

describe('the loop: error analysis, corrections, run comparison', () => {
  let labelsFile: string;

  before(() => {
    const dir = session().workspaceDir;
    labelsFile = path.join(dir, 'labels.csv');
    fs.rmSync(labelsFile, { force: true });
    fs.writeFileSync(path.join(dir, NOTES), `# Notes\n\n${LINE}\n`);
  });

  after(async () => {
    await workbench().closeAllEditors();
    fs.rmSync(path.join(session().workspaceDir, NOTES), { force: true });
    fs.rmSync(labelsFile, { force: true });
  });

  it('lists a confusion cell’s test rows and opens one in the CSV at its line', async function () {
    this.timeout(600_000);
    const page = session().page;
    const frame = await trainOnSample();
    // A cell with rows in it, a mistake if there is one.
    const cells = frame.locator('table.confusion td.clickable');
    const counts = await cells.allInnerTexts();
    const diagonal = await cells.evaluateAll((tds) => tds.map((td) => td.classList.contains('diagonal')));
    const pick = counts.findIndex((c, i) => Number(c) > 0 && !diagonal[i]) >= 0 ? counts.findIndex((c, i) => Number(c) > 0 && !diagonal[i]) : counts.findIndex((c) => Number(c) > 0);
    await cells.nth(pick).click();
    const caption = await frame.locator('.rows-caption').innerText();
    assert.match(caption, new RegExp(`^True \\S+, predicted \\S+: ${counts[pick]} rows$`));
    const rows = frame.locator('table.test-rows tbody tr');
    assert.equal(await rows.count(), Math.min(200, Number(counts[pick])));
    const line = Number(await rows.first().getAttribute('data-line'));
    const text = await rows.first().locator('td.text').innerText();
    await rows.first().click();
    await page.locator('.editor-group-container .tab.active', { hasText: 'reviews.csv' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    // The row's line is selected: the cursor ends on it.
    await page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col \\d+`) }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const shown = await page.locator('.editor-group-container .monaco-editor .view-line').allInnerTexts();
    assert.ok(
      shown.some((l) => l.replace(/\u00a0/g, ' ').includes(text.slice(0, 30))),
      `line ${line} ("${text}") is not on screen`,
    );
    // The bundled sample is also named reviews.csv: out of Quick Open's recent files, so that later specs
    // opening the workspace's reviews.csv get that one.
    await workbench().closeAllEditors();
    await workbench().runCommand('Clear Editor History without Confirmation', 20_000);
  });

  it('labels a line from its hover into the labels file chosen once', async function () {
    this.timeout(300_000);
    const wb = workbench();
    const page = session().page;
    await wb.openFile(NOTES);
    let seen = '';
    const hover = await waitFor('the hover to offer the labels', async () => {
      // Away and back: a hover is shown again only when the mouse enters the text anew.
      await page.mouse.move(0, 0);
      seen = await wb.hoverOver('friendly', 20_000).catch((e: Error) => `(${e.message.split('\n')[0]})`);
      return /Label this line as/.test(seen) ? seen : undefined;
    }, 120_000).catch((e: Error) => assert.fail(`${e.message}; the hover said: ${seen}`));
    assert.match(hover, /Label this line as negative · neutral · positive/);
    await page.locator('.monaco-hover:not(.hidden) a', { hasText: /^negative$/ }).first().click();
    // The first correction asks where the labels file goes: the save dialog proposes labels.csv in the workspace.
    // (code-server's own dialog is a quick input with a path: the file is named there.)
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Labels file for your corrections' }).waitFor({ state: 'visible', timeout: 30_000 });
    // The dialog writes its proposed path into the input a moment after it shows: filling before that gets
    // the path appended to ours. Wait for the proposal, then fill until the input holds exactly our path.
    await waitFor('the dialog to propose a path', async () => ((await input.inputValue()).endsWith('.csv') ? true : undefined), 30_000);
    await waitFor('the labels path typed', async () => {
      await input.fill(labelsFile);
      return (await input.inputValue()) === labelsFile ? true : undefined;
    }, 30_000);
    await page.keyboard.press('Enter');
    const content = await waitFor('the correction in labels.csv', async () => (fs.existsSync(labelsFile) ? fs.readFileSync(labelsFile, 'utf8') || undefined : undefined), 30_000);
    assert.equal(content, `text,label\n${LINE},negative\n`);
  });

  it('trains again and compares the two runs side by side', async function () {
    this.timeout(600_000);
    const wb = workbench();
    const page = session().page;
    await trainOnSample();
    const frame = wb.webviewFrame();
    // The dashboard taking focus as it redraws may close the pick under us: then it is opened again.
    await waitFor('two runs compared', async () => {
      await page.keyboard.press('Escape');
      await wb.startCommand('Neural Lens: Compare Runs');
      const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row[role="checkbox"]');
      const picked = await rows
        .first()
        .waitFor({ state: 'visible', timeout: 15_000 })
        .then(() => rows.nth(0).click({ timeout: 5_000 }))
        .then(() => rows.nth(1).click({ timeout: 5_000 }))
        .then(() => page.keyboard.press('Enter'))
        .then(() => true, () => false);
      if (!picked) return undefined;
      return frame
        .locator('.comparison h1', { hasText: 'Comparing 2 runs' })
        .waitFor({ state: 'visible', timeout: 30_000 })
        .then(() => true, () => undefined);
    }, 180_000);
    assert.match(await frame.locator('.compare-metrics tr[data-metric="macro F1"]').innerText(), /^macro F1\t0\.\d{3}\t0\.\d{3} [+−±]0\.\d{3}$/);
    assert.equal(await frame.locator('canvas[data-compare="loss"]').isVisible(), true);
    assert.ok((await frame.locator('.compare-options tbody tr').count()) > 3, 'the options are listed');
  });
});
