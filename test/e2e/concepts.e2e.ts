// The Concepts side view as a writer uses it: open the article, open the Neural Lens activity-bar
// container, see every diagram (drawn, Chinese labels as text) and formula (typeset) of the article
// under its heading, click one to jump to its line, export one as PNG.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { extractConcepts, type Concept } from '../../src/core/concepts';
import { session, workbench } from '../harness/e2eSession';

/** The Concepts view's content frame (a webview *view*, not the article panel). */
function conceptsFrame(): FrameLocator {
  return session().page.frameLocator('iframe.webview.ready[src*="purpose=webviewView"]').last().frameLocator('#active-frame');
}

/** A Chinese node label of a diagram's source, e.g. "神经网络的普遍性" in `A[神经网络的普遍性]`. */
function chineseLabel(concept: Concept): string | undefined {
  return /[[({]([^\])}]*[\u4e00-\u9fff][^\])}]*)[\])}]/.exec(concept.source)?.[1].trim();
}

describe('Concepts view (UI)', () => {
  let concepts: Concept[];
  let articlePath: string;

  before(function () {
    articlePath = path.join(session().workspaceDir, 'article.md');
    if (!fs.existsSync(articlePath)) {
      console.log('    (skipped: samples/article.md is missing)');
      this.skip();
    }
    concepts = extractConcepts(fs.readFileSync(articlePath, 'utf8'));
  });

  after(async () => {
    await workbench().closeAllEditors();
  });

  it('lists the article’s diagrams and formulas in the Neural Lens container, and a click reveals the line', async function () {
    // The view's first load parses the Mermaid bundle: many seconds on a busy 2-core machine.
    this.timeout(300_000);
    const wb = workbench();
    const page = session().page;
    await wb.openFile('article.md');
    await page.locator('.activitybar .action-item .action-label[aria-label*="Neural Lens"]').first().click();

    const frame = conceptsFrame();
    const cards = frame.locator('.nl-card');
    await cards.nth(concepts.length - 1).waitFor({ state: 'attached', timeout: 150_000 });
    assert.equal(await cards.count(), concepts.length, 'one card per diagram and formula');

    const diagrams = concepts.filter((c) => c.kind === 'mermaid');
    const drawn = frame.locator('.nl-card[data-kind="mermaid"] .nl-card-thumb svg');
    await drawn.nth(diagrams.length - 1).waitFor({ state: 'attached', timeout: 120_000 });
    assert.equal(await drawn.count(), diagrams.length, 'every diagram drawn as SVG');
    assert.equal(await frame.locator('.nl-card .nl-error').count(), 0, 'no error box on a valid article');
    const label = diagrams.map(chineseLabel).find((l) => l !== undefined);
    assert.ok(label, 'the sample article has a diagram with a Chinese label');
    const svgText = (await drawn.allTextContents()).join(' ');
    assert.ok(svgText.includes(label), `the drawn diagrams contain the label "${label}" as text`);

    const formulas = concepts.filter((c) => c.kind !== 'mermaid').length;
    assert.equal(await frame.locator('.nl-card:not([data-kind="mermaid"]) .katex').count(), formulas, 'every formula typeset');
    const headings = [...new Set(concepts.map((c) => c.heading?.text).filter((t): t is string => !!t))];
    // textContent, not innerText: off-screen groups are not rendered (content-visibility) but are there.
    const titles = (await frame.locator('.nl-group-title').allTextContents()).map((t) => t.trim());
    for (const heading of headings) assert.ok(titles.includes(heading), `a group titled "${heading}" (groups: ${titles.join(' | ')})`);

    // One-symbol formulas ($l$, $i$) are behind the toggle, which says how many there are.
    const oneSymbol = concepts.filter((c) => c.oneSymbol).length;
    assert.ok(oneSymbol > 0);
    // checkVisibility: display none counts, off-screen groups skipping layout (content-visibility) do not.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs in the webview's document
    const shown = () => frame.locator('body').evaluate((body: any) => Array.from(body.querySelectorAll('.nl-card') as ArrayLike<any>).filter((c: any) => c.checkVisibility()).length);
    assert.equal(await shown(), concepts.length - oneSymbol, 'one-symbol formulas hidden by default');
    const toggle = frame.locator('.nl-one-symbol');
    assert.match(await toggle.innerText(), new RegExp(`\\(${oneSymbol}\\)`));
    await toggle.locator('input').check();
    assert.equal(await shown(), concepts.length, 'and shown with it');
    await toggle.locator('input').uncheck();

    // Click the last card (far down the article): the editor's cursor goes to its line.
    const target = concepts[concepts.length - 1];
    await cards.nth(concepts.length - 1).locator('.nl-card-meta').click({ position: { x: 4, y: 4 } });
    const selection = page.locator('.statusbar-item[id="status.editor.selection"]');
    await selection.filter({ hasText: new RegExp(`Ln ${target.startLine + 1},`) }).waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('exports a diagram as PNG through the save dialog', async function () {
    this.timeout(120_000);
    const page = session().page;
    const frame = conceptsFrame();
    const diagram = concepts.find((c) => c.kind === 'mermaid')!;
    const card = frame.locator(`.nl-card[data-id="${diagram.id}"]`);
    await card.hover();
    await card.locator('button[data-action="png"]').click();
    // code-server's own (simple) save dialog: a quick input holding the proposed path.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    // The dialog fills in the proposed path a moment after it shows.
    let proposed = '';
    const filled = Date.now() + 15_000;
    while (!proposed.endsWith('.png') && Date.now() < filled) {
      proposed = await input.inputValue();
      if (!proposed.endsWith('.png')) await new Promise((r) => setTimeout(r, 200));
    }
    const name = path.basename(proposed);
    assert.match(name, /^article-diagram-\d+\.png$/);
    await page.keyboard.press('Enter');
    const file = path.join(session().workspaceDir, name);
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.ok(fs.existsSync(file), `${name} was written to the workspace`);
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
    assert.ok(bytes.length > 1000, `a real image (${bytes.length} bytes)`);
  });
});
