// Per-line sentiment as a writer sees it: "Train on the Bundled Sample" from the palette, then an article
// whose prose lines carry `● label NN%` after-line decorations (read from their CSS ::after content), a hover
// listing every class with its bar, the status bar distribution, and a click on it that turns them off.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { session, workbench } from '../harness/e2eSession';
import { testResultsDir } from '../harness/paths';
import { readmeScreenshot } from '../harness/readmeScreenshots';
import { waitFor } from '../harness/waitFor';

const FIXTURE = 'sentiment-e2e.md';
const ARTICLE = [
  '# What our customers say',
  '',
  'Great value, excellent quality, highly recommended.',
  'The rooms were tiny, dark and dirty.',
  '',
  '```mermaid',
  'graph TD',
  '  A[Great value] --> B[Awful service]',
  '```',
  '',
  '$$',
  '\\text{great} = \\text{excellent}',
  '$$',
  '',
  '- I love this watch, the battery life is great.',
  '> Terrible service, cold food and a rude waiter.',
  '',
  'It is a blue phone with a charger.',
].join('\n');
const PROSE_LINES = 5;
const LABEL = /^● (negative|neutral|positive) (\d{1,3}|<1)%$/;
const STATUS = '.statusbar-item[id="neural-lens.neural-lens.neuralLens.sentiment"], .statusbar-item[id$="neuralLens.sentiment"]';

describe('sentiment in the editor', () => {
  const shots = path.join(testResultsDir, 'e2e');

  before(() => {
    fs.mkdirSync(shots, { recursive: true });
    fs.writeFileSync(path.join(session().workspaceDir, FIXTURE), ARTICLE);
  });

  after(async () => {
    await workbench().closeAllEditors();
  });

  it('trains on the bundled sample from the palette, then labels each prose line after its text', async function () {
    this.timeout(600_000);
    const wb = workbench();
    const page = session().page;
    await wb.openFile(FIXTURE);
    await wb.runCommand('Neural Lens: Train on the Bundled Sample');
    // The training command reports progress; when the model is in use the decorations appear (in any editor on
    // screen: training may put its dashboard in front).
    await waitFor(
      'the first sentiment decorations',
      async () => ((await wb.decorationAfterTexts('all')).some((t) => t.startsWith('●')) ? true : undefined),
      540_000,
      250,
    );
    // Training may have opened its dashboard beside the article: bring the article to the front.
    await wb.openFile(FIXTURE);
    const texts = await waitFor(
      `${PROSE_LINES} sentiment decorations in the article`,
      async () => {
        const all = (await wb.decorationAfterTexts()).filter((t) => t.startsWith('●'));
        return all.length === PROSE_LINES ? all : undefined;
      },
      60_000,
      250,
    );
    for (const t of texts) assert.match(t, LABEL);
    await page.screenshot({ path: path.join(shots, 'sentiment-decorations.png') });
  });

  it('the hover on a prose line lists every class with a bar, the model and the words that drove it', async () => {
    const wb = workbench();
    const page = session().page;
    const text = await wb.hoverOver('excellent quality');
    for (const label of ['negative', 'neutral', 'positive']) assert.match(text, new RegExp(`${label}\\s*[█▏▎▍▌▋▊▉ ]*\\s*(\\d{1,3}|<1)%`), `hover row of ${label}:\n${text}`);
    assert.match(text, /Sentiment: positive/, text);
    assert.match(text, /\(fast\)/, text);
    assert.match(text, /Words that pushed it towards positive/, text);
    assert.match(text, /Show model report/, text);
    await page.screenshot({ path: path.join(shots, 'sentiment-hover.png') });
    await readmeScreenshot(page, 'sentiment', [page.locator('.editor-group-container.active'), page.locator('.monaco-hover:not(.hidden)')], 420);
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);
  });

  it('the status bar shows the distribution, and a click on it turns the decorations off and on', async () => {
    const wb = workbench();
    const page = session().page;
    const item = page.locator(STATUS).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    const status = (await item.innerText()).trim();
    assert.match(status, /^(?:(?:😊|😐|☹) \d+)(?: · (?:😊|😐|☹) \d+)*$/u, `status bar reads "${status}"`);
    const total = [...status.matchAll(/\d+/g)].reduce((n, m) => n + Number(m[0]), 0);
    assert.equal(total, PROSE_LINES, `the distribution "${status}" should count every labelled line`);
    await item.click();
    await waitFor('no decorations after the click', async () => ((await wb.decorationAfterTexts()).some((t) => t.startsWith('●')) ? undefined : true), 30_000, 250);
    // The item redraws at most every 100 ms after the decorations change.
    await waitFor('the status bar to say it is off', async () => (/Sentiment off/.test(await item.innerText()) ? true : undefined), 10_000, 250);
    await page.screenshot({ path: path.join(shots, 'sentiment-off.png') });
    await item.click();
    await waitFor('decorations back after the second click', async () => ((await wb.decorationAfterTexts()).filter((t) => t.startsWith('●')).length === PROSE_LINES ? true : undefined), 30_000, 250);
  });
});
