// The article panel as a writer sees it, in the real webview of a real workbench: the diagrams are
// SVGs with their Chinese labels as text, the formulas typeset, errors in place, and a hostile
// article runs nothing (checked by a flag it tries to set, dialogs, and the DOM it leaves).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Dialog, FrameLocator } from 'playwright-core';
import { session, workbench } from '../harness/e2eSession';
import { repoRoot, testResultsDir } from '../harness/paths';
import { readmeScreenshot } from '../harness/readmeScreenshots';

const fixtures = path.join(repoRoot, 'test/fixtures/markdown');
const shots = path.join(testResultsDir, 'preview');

/** The preview frame once it has settled a render (all diagrams drawn), and what it shows. */
async function settledPreview(timeoutMs = 120_000): Promise<FrameLocator> {
  const frame = await workbench().previewFrame(timeoutMs);
  await frame.locator('body[data-settled-version]').waitFor({ state: 'attached', timeout: timeoutMs });
  return frame;
}

interface PageCounts {
  diagrams: number;
  svgs: number;
  katex: number;
  errors: number;
  diagramErrors: number;
  mathErrors: number;
  svgText: string[];
  /** mermaid.render calls this page made, and those whose scratch drawing went to Mermaid's frame (scratchFrame.ts). */
  renders: number;
  framedRenders: number;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- these run in the webview's document; this
   project's Node tsconfig has no DOM types. */
async function counts(frame: FrameLocator): Promise<PageCounts> {
  return frame.locator('body').evaluate((body: any) => ({
    diagrams: body.querySelectorAll('.nl-mermaid').length,
    // Each drawing is in the shadow root of its canvas (media/shared/mermaid/zoomPan.ts).
    svgs: Array.from(body.querySelectorAll('.nl-mermaid .nl-diagram-canvas')).filter((c: any) => c.shadowRoot?.querySelector('svg')).length,
    katex: body.querySelectorAll('.katex').length,
    errors: body.querySelectorAll('.nl-error').length,
    diagramErrors: body.querySelectorAll('.nl-diagram-error').length,
    mathErrors: body.querySelectorAll('.nl-math-error').length,
    svgText: Array.from(body.querySelectorAll('.nl-mermaid .nl-diagram-canvas')).flatMap((c: any) => Array.from(c.shadowRoot?.querySelectorAll('svg') ?? [])).map((svg: any) => String(svg.textContent).replace(/\s+/g, ' ')),
    renders: Number(body.dataset.diagramRenders),
    framedRenders: Number(body.dataset.framedRenders),
  }));
}

/** Each diagram's smallest label height on screen, its box and content widths, and whether its scroll hint shows. */
function diagramSizes(body: any) {
  return Array.from(body.querySelectorAll('.nl-diagram') as ArrayLike<any>).map((d: any) => ({
    smallestLabel: Math.min(...Array.from(d.querySelector('.nl-diagram-canvas').shadowRoot.querySelectorAll('svg text') as ArrayLike<any>).filter((t: any) => String(t.textContent).trim()).map((t: any) => t.getBoundingClientRect().height)),
    box: d.querySelector('.nl-diagram-viewport').clientWidth as number,
    content: d.querySelector('.nl-diagram-viewport').scrollWidth as number,
    hint: d.ownerDocument.defaultView.getComputedStyle(d.querySelector('.nl-diagram-hint')).display !== 'none',
  }));
}

/** What a hostile page could have left behind in the webview's document. */
function hostileTraces(body: any) {
  const doc = body.ownerDocument;
  const win = doc.defaultView;
  // The article's elements and its drawings' (each in the shadow root of its canvas).
  const drawings = Array.from(doc.querySelectorAll('#nl-root .nl-mermaid .nl-diagram-canvas')).flatMap((c: any) => Array.from(c.shadowRoot?.querySelectorAll('svg') ?? [])) as any[];
  const all = [...Array.from(doc.querySelectorAll('#nl-root *')), ...drawings.flatMap((svg) => [svg, ...Array.from(svg.querySelectorAll('*'))])] as any[];
  const url = (el: any) => el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('xlink:href') || '';
  return {
    pwned: win.__pwned === undefined ? null : String(win.__pwned),
    scripts: all.filter((el) => el.localName === 'script').length,
    csp: /default-src 'none'; script-src 'nonce-[A-Za-z0-9]{32}'/.test(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? ''),
    handlers: all.filter((el) => Array.from(el.attributes as ArrayLike<{ name: string }>).some((a) => /^on/i.test(a.name))).length,
    jsLinks: all.filter((el) => /^\s*(javascript|data:text)/i.test(url(el))).length,
    iframes: doc.querySelectorAll('#nl-root iframe').length,
    svgs: drawings.length,
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function copyFixture(name: string, as: string): void {
  fs.copyFileSync(path.join(fixtures, name), path.join(session().workspaceDir, as));
}

describe('article panel (UI)', function () {
  this.timeout(240_000);

  afterEach(async () => {
    await workbench().closeAllEditors();
  });

  it('shows one SVG per diagram with its Chinese labels as text, one .katex per formula, and no error box', async () => {
    const wb = workbench();
    await wb.openFile('article.md');
    await wb.runCommand('Neural Lens: Open Preview to the Side');
    const frame = await settledPreview();
    const c = await counts(frame);
    assert.equal(c.diagrams, 5);
    assert.equal(c.svgs, 5, 'one SVG per diagram');
    assert.equal(c.katex, 20, 'one .katex per math span');
    assert.equal(c.errors, 0, 'no error box on valid input');
    // Every diagram Mermaid drew here (none when the host kept this article's drawings), it drew in its scratch frame.
    assert.equal(c.framedRenders, c.renders, 'mermaid.render calls whose scratch drawing went to the frame');
    const text = c.svgText.join('\n');
    for (const label of ['神经网络的普遍性', '适用于多种任务', '隐藏层 1', '输出层 ŷ', '读取 CSV：text, label', '验证集准确率', '开始训练 (CSV, 超参数)', '嵌入层', 'LSTM层']) {
      assert.ok(text.includes(label), `no "${label}" in the diagrams' text`);
    }
    fs.mkdirSync(shots, { recursive: true });
    await session().page.screenshot({ path: path.join(shots, 'article.png') });
    await readmeScreenshot(session().page, 'preview', [session().page.locator('iframe.webview.ready').last()], 560);
    // The rest of the article, section by section, as the webview lays it out.
    const panel = await session().page.locator('iframe.webview.ready').last().boundingBox();
    for (const section of ['2.', '3.', '4.', '4.1', '5.']) {
      await frame.locator('h2, h3', { hasText: new RegExp(`^${section.replace('.', '\\.')} `) }).first().evaluate((h: { scrollIntoView(): void }) => h.scrollIntoView());
      await session().page.waitForTimeout(300);
      await session().page.screenshot({ path: path.join(shots, `article-section-${section.replace(/\.$/, '')}.png`), clip: panel ?? undefined });
    }
  });

  it('keeps diagrams drawn while the writer types outside them', async () => {
    const wb = workbench();
    await wb.openFile('article.md');
    await wb.runCommand('Neural Lens: Open Preview to the Side');
    const frame = await settledPreview();
    const rendersBefore = Number(await frame.locator('body').getAttribute('data-diagram-renders'));
    const versionBefore = Number(await frame.locator('body').getAttribute('data-settled-version'));
    // Type into the paragraph after the first diagram.
    // Put the cursor on the prose line through Quick Open's ":line" (scroll sync may have scrolled the
    // editor so that the line is not rendered, and earlier specs may leave other editor groups).
    const page = session().page;
    const line = 1 + fs.readFileSync(path.join(session().workspaceDir, 'article.md'), 'utf8').split('\n').findIndex((l) => l.startsWith('万能逼近定理说'));
    await wb.openFile('article.md');
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill(`:${line}`);
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-line', { hasText: '万能逼近定理说' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Home');
    await session().page.keyboard.type('XYZ');
    await frame.locator('p', { hasText: 'XYZ万能逼近定理说' }).waitFor({ timeout: 30_000 });
    await frame.locator(`body[data-settled-version]:not([data-settled-version="${versionBefore}"])`).waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal(Number(await frame.locator('body').getAttribute('data-diagram-renders')), rendersBefore, 'no diagram was redrawn');
    assert.equal((await counts(frame)).svgs, 5);
    await wb.runCommand('File: Revert File');
  });

  it('draws every diagram label at least 11 px tall in the side panel, scrolls the wide one, and opens a diagram in its own tab', async () => {
    copyFixture('wide-diagram.md', 'e2e-wide.md');
    const wb = workbench();
    const page = session().page;
    for (const file of ['article.md', 'e2e-wide.md']) {
      await wb.openFile(file);
      await wb.runCommand('Neural Lens: Open Preview to the Side');
      const frame = await settledPreview();
      await frame.locator('.nl-diagram[data-scale]').first().waitFor({ state: 'attached', timeout: 30_000 });
      const panel = await page.locator('iframe.webview.ready').last().boundingBox();
      const sizes = await frame.locator('body').evaluate(diagramSizes);
      console.log(`      ${file}: panel ${panel?.width.toFixed(0)} px wide; smallest labels ${sizes.map((d) => d.smallestLabel.toFixed(1)).join(', ')} px; boxes ${sizes.map((d) => `${d.content}/${d.box}`).join(', ')}`);
      // The issue's reader: a 1400×900 window, explorer open, the preview beside the editor — a 521 px panel.
      assert.ok(panel && Math.abs(panel.width - 521) <= 2, `the side panel is the issue's 521 px (${panel?.width} px)`);
      for (const [i, d] of sizes.entries()) assert.ok(d.smallestLabel >= 11, `${file}, diagram ${i}: smallest label ${d.smallestLabel} px`);
      if (file === 'e2e-wide.md') {
        assert.ok(sizes[0].content > sizes[0].box * 1.5 && sizes[0].hint, `the three trees scroll in their box, with the hint: ${JSON.stringify(sizes[0])}`);
        fs.mkdirSync(shots, { recursive: true });
        await page.screenshot({ path: path.join(shots, 'wide-diagram.png'), clip: panel ?? undefined });
        await frame.locator('.nl-mermaid').first().hover();
        await frame.locator('.nl-diagram-toolbar button[title="Open in a tab"]').first().click();
        await page.locator('.tab', { hasText: 'Diagram: e2e-wide.md:5' }).waitFor({ timeout: 30_000 });
        const tab = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
        await tab.locator('.nl-tab-actions').waitFor({ timeout: 30_000 });
        await tab.locator('.nl-diagram-canvas svg').waitFor({ timeout: 30_000 });
        const shown = await tab.locator('body').evaluate(diagramSizes);
        assert.equal(shown.length, 1);
        assert.ok(shown[0].smallestLabel >= 16, `the tab shows it at its actual size: labels ${shown[0].smallestLabel} px`);
        await page.screenshot({ path: path.join(shots, 'diagram-tab.png') });
      }
      await wb.closeAllEditors();
    }
  });

  it('shows an error box in place for a broken diagram and a broken formula, and renders the rest', async () => {
    copyFixture('invalid.md', 'e2e-invalid.md');
    const wb = workbench();
    await wb.openFile('e2e-invalid.md');
    await wb.runCommand('Neural Lens: Open Preview to the Side');
    const frame = await settledPreview();
    const c = await counts(frame);
    assert.equal(c.diagramErrors, 1);
    assert.equal(c.mathErrors, 2);
    assert.equal(c.svgs, 1, 'the valid diagram is drawn');
    // Drawn by Mermaid in VS Code's webview through its scratch frame, not in the article's document.
    assert.ok(c.framedRenders >= 1, `the valid diagram was built in the scratch frame (${c.framedRenders} of ${c.renders} renders)`);
    assert.equal(c.katex, 3, 'the valid formulas are typeset');
    const box = await frame.locator('.nl-diagram-error .nl-error-message').innerText();
    assert.match(box, /line \d+/, `the diagram error names its line: ${box}`);
    await frame.locator('p', { hasText: 'The last paragraph still renders.' }).waitFor({ timeout: 5_000 });
    fs.mkdirSync(shots, { recursive: true });
    const panel = await session().page.locator('iframe.webview.ready').last().boundingBox();
    await session().page.screenshot({ path: path.join(shots, 'invalid.png'), clip: panel ?? undefined });
  });

  for (const allowHtml of [false, true]) {
    it(`runs nothing from a hostile article (allowHtml ${allowHtml ? 'on: sanitised' : 'off: shown as text'})`, async () => {
      const page = session().page;
      const settingsFile = path.join(session().workspaceDir, '.vscode', 'settings.json');
      if (allowHtml) {
        fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
        fs.writeFileSync(settingsFile, JSON.stringify({ 'neuralLens.preview.allowHtml': true }));
      }
      const dialogs: string[] = [];
      const onDialog = (d: Dialog) => {
        dialogs.push(d.message());
        void d.dismiss();
      };
      page.on('dialog', onDialog);
      try {
        copyFixture('hostile.md', 'e2e-hostile.md');
        const wb = workbench();
        await wb.openFile('e2e-hostile.md');
        await wb.runCommand('Neural Lens: Open Preview to the Side');
        const frame = await settledPreview();
        if (allowHtml) {
          // The raw HTML is rendered (sanitised), not shown as text: the setting reached the webview.
          await frame.locator('a', { hasText: 'a raw HTML javascript: link' }).waitFor({ state: 'attached', timeout: 30_000 });
        }
        // Click everything clickable: the links, the diagram nodes (Mermaid `click` lines), the overlay.
        for (const target of await frame.locator('a, .nl-mermaid svg .node, div').all()) {
          await target.click({ timeout: 2_000, force: true }).catch(() => undefined);
        }
        await page.waitForTimeout(500);
        const inFrame = await frame.locator('body').evaluate(hostileTraces);
        const inWorkbench = await page.evaluate('window.__pwned === undefined ? null : String(window.__pwned)');
        assert.deepEqual(inFrame, { pwned: null, scripts: 0, csp: true, handlers: 0, jsLinks: 0, iframes: 0, svgs: 2 });
        assert.equal(inWorkbench, null);
        assert.deepEqual(dialogs, [], 'no alert/confirm/prompt');
      } finally {
        page.off('dialog', onDialog);
        if (allowHtml) fs.rmSync(settingsFile, { force: true });
      }
    });
  }
});
