// A new user's first minutes, in a fresh workspace with no model (this spec runs before any spec that
// trains): an ordinary Markdown file shows no sentiment at all (no label, no hover, no status bar item);
// the Models view's welcome offers training; one click on it trains on the bundled sample, and then the
// labels, the hover and the status bar item appear.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { session, workbench } from '../harness/e2eSession';
import { waitFor } from '../harness/waitFor';

const FILE = 'first-run.md';
const TEXT = ['# Notes from the trip', '', 'Great value, excellent quality, highly recommended.', '', 'The rooms were tiny, dark and dirty.', ''].join('\n');
const STATUS = '.statusbar-item[id$="neuralLens.sentiment"]';

describe('first run (quiet until a model is active)', () => {
  before(() => {
    const storage = path.join(session().workspaceDir, '.neural-lens');
    assert.ok(!fs.existsSync(storage), `${storage} exists: this spec needs a workspace no spec has trained in yet (it runs before keras/sentiment/training)`);
    fs.writeFileSync(path.join(session().workspaceDir, FILE), TEXT);
  });

  after(async () => {
    await workbench().closeAllEditors();
  });

  it('shows no sentiment label, hover or status bar item in a Markdown file before any model exists', async () => {
    const wb = workbench();
    const page = session().page;
    await wb.openFile(FILE);
    await wb.editorLines().filter({ hasText: 'excellent quality' }).first().waitFor({ state: 'visible' });
    // What would appear does so within a second of the editor showing (the selection debounce is 0 ms and
    // the status bar redraws every 100 ms): give it three.
    await page.waitForTimeout(3_000);
    assert.deepEqual(await wb.decorationAfterTexts('all'), [], 'after-line decorations before any model');
    assert.equal(await page.locator(STATUS).count(), 0, 'a sentiment status bar item before any model');
    await wb.editorLines().locator('span span', { hasText: 'excellent quality' }).first().hover();
    await page.waitForTimeout(1_500);
    assert.doesNotMatch(await wb.hoverText(), /Sentiment/, 'a sentiment hover before any model');
    await page.mouse.move(5, 5);
  });

  it('Get Started opens the walkthrough with its four steps', async () => {
    const wb = workbench();
    const page = session().page;
    await wb.runCommand('Neural Lens: Get Started');
    const walkthrough = page.locator('.gettingStartedContainer');
    await walkthrough.getByText('Get Started with Neural Lens').first().waitFor({ state: 'visible', timeout: 30_000 });
    for (const step of ['Read an article with its diagrams and formulas', 'Train a sentiment model', "Read a line's sentiment", 'Open the dashboard']) {
      assert.equal(await walkthrough.getByText(step, { exact: true }).count() > 0, true, `no step "${step}"`);
    }
    await wb.closeAllEditors();
  });

  it("trains on the bundled sample from the Models view's welcome, then labels the lines, hovers and counts them", async function () {
    this.timeout(600_000);
    const wb = workbench();
    const page = session().page;
    await wb.openFile(FILE);
    // The Neural Lens side bar (a click on its active icon would close it), with the Models view expanded.
    const container = page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Neural Lens"]') }).first();
    if (!/\bchecked\b/.test((await container.getAttribute('class')) ?? '')) await container.click();
    const header = page.locator('.pane-header', { hasText: /^Models/i }).first();
    await header.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const button = page.locator('.welcome-view-content a.monaco-button, .welcome-view-content .monaco-button', { hasText: 'Train on the Bundled Sample' }).first();
    await button.waitFor({ state: 'visible', timeout: 60_000 });
    await button.click();
    // The training's dashboard opens beside the file; the labels appear once the new model is active.
    await waitFor('the first sentiment labels', async () => ((await wb.decorationAfterTexts('all')).some((t) => t.startsWith('●')) ? true : undefined), 540_000, 250);
    await wb.openFile(FILE);
    const labels = await waitFor(
      'both prose lines labelled',
      async () => {
        const all = (await wb.decorationAfterTexts()).filter((t) => t.startsWith('●'));
        return all.length === 2 ? all : undefined;
      },
      60_000,
      250,
    );
    for (const label of labels) assert.match(label, /^● (negative|neutral|positive) (\d{1,3}|<1)%$/);
    await page.locator(STATUS).first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await wb.hoverOver('excellent quality'), /Sentiment: positive/);
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);
  });
});
