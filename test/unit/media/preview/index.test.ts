// The article panel's webview script (dist/media/preview.js + shared.js) in real headless Chromium,
// with the real CSP and nonce, fed by the real host-side renderer: only acquireVsCodeApi is a stub.
// Faster and more precise than the workbench e2e: it can watch DOM nodes survive an edit, a stale
// drawing stand in for a changed diagram, zoom survive a redraw, and a theme switch redraw diagrams.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { IncrementalRenderer } from '../../../../src/core/markdown/blocks';
import { createMarkdown } from '../../../../src/core/markdown/parser';
import { buildPreviewHtml } from '../../../../src/preview/previewHtml';
import { openHeadlessPreview } from '../../../../src/core/markdown/headlessPreview';
import type { HostToWebview, PreviewConfig, RenderStats, WebviewToHost } from '../../../../src/preview/protocol';
import { fixture, sample } from '../../core/markdown/helpers';
import { repoRoot } from '../../../harness/paths';
import { extractConcepts } from '../../../../src/core/concepts';
import { generateDiagramArticle } from '../../../../bench/preview/article';
import { WEBVIEW_CHROMIUM, WEBVIEW_ORIGIN, drawnSvgs, openWebviewPage, waitUntil, webviewBrowserFor } from '../../../harness/webviewPage';

const origin = WEBVIEW_ORIGIN;

/** Page JS: shared.js script elements in the page. */
const MERMAID_SCRIPTS = `document.querySelectorAll('script[src$="shared.js"]').length`;
/** A drawing without its elements' ids: Mermaid numbers some (`actor5`) by a count of every drawing it has made. */
const comparable = (svg: string): string => svg.replace(/\sid="[^"]*"/g, '');

/** Page JS: the document of the frame Mermaid builds its drawings in (media/shared/mermaid/scratchFrame.ts), if any. */
const FRAME_DOCUMENT = `document.querySelector('iframe.nl-mermaid-frame')?.contentDocument`;

const config = (overrides: Partial<PreviewConfig> = {}): PreviewConfig => ({
  scrollPreviewWithEditor: true,
  scrollEditorWithPreview: true,
  doubleClickToSwitchToEditor: true,
  mermaidTheme: 'auto',
  maxDiagramTextSize: 50000,
  minDiagramLabelSize: 11,
  allowHtml: false,
  strings: { diagramError: 'Diagram error', diagramTooLarge: 'too large {0} > {1}', line: 'line {0}', zoomIn: 'Zoom in', zoomOut: 'Zoom out', fitWidth: 'Fit to width', actualSize: 'Actual size', wideHint: 'Wider than the panel', openInTab: 'Open in a tab', copySvg: 'Copy as SVG', copyPng: 'Copy as PNG' },
  ...overrides,
});

/** One webview page and the host side that feeds it. */
class Harness {
  private version = 0;
  private renderer: IncrementalRenderer;
  readonly cspViolations: string[] = [];
  readonly dialogs: string[] = [];

  private constructor(
    readonly page: Page,
    private cfg: PreviewConfig,
  ) {
    this.renderer = new IncrementalRenderer(createMarkdown({ math: true, allowHtml: cfg.allowHtml }));
  }

  static async open(browser: Browser, cfg = config(), bodyClass = 'vscode-light', viewport = { width: 900, height: 700 }, preloadMermaid = false): Promise<Harness> {
    const page = await browser.newPage({ viewport });
    const h = new Harness(page, cfg);
    page.on('dialog', (d) => {
      h.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) h.cspViolations.push(m.text());
    });
    const html = buildPreviewHtml({
      cspSource: origin,
      nonce: 'TestNonce123',
      scriptUri: `${origin}/media/preview.js`,
      mermaidUri: `${origin}/media/shared.js`,
      styleUri: `${origin}/media/preview.css`,
      resource: 'file:///work/article.md',
      title: 'test',
      preloadMermaid,
    }).replace('<body ', `<body class="${bodyClass}" `);
    await openWebviewPage(page, html);
    return h;
  }

  /** Renders `text` as the host would and posts the update; resolves with the webview's stats. */
  async show(text: string): Promise<RenderStats> {
    const update = this.renderer.update(text);
    this.version++;
    await this.post({ type: 'update', version: this.version, full: update.full, blocks: update.blocks, config: this.cfg, resource: 'file:///work/article.md' });
    return this.settled(this.version);
  }

  async post(message: HostToWebview): Promise<void> {
    await this.page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
  }

  async settled(version: number): Promise<RenderStats> {
    await waitUntil(this.page, `window.__posted.some((m) => m.type === 'rendered' && m.stats.version === ${version})`);
    return this.page.evaluate(`window.__posted.filter((m) => m.type === 'rendered' && m.stats.version === ${version}).pop().stats`) as Promise<RenderStats>;
  }

  async posted(): Promise<WebviewToHost[]> {
    return this.page.evaluate('window.__posted') as Promise<WebviewToHost[]>;
  }

  eval<T>(js: string): Promise<T> {
    return this.page.evaluate(js) as Promise<T>;
  }

  /** Resolves after `n` animation frames have run in the page. */
  frames(n: number): Promise<unknown> {
    return this.eval(`new Promise((resolve) => { let left = ${n}; const tick = () => (--left <= 0 ? resolve(0) : requestAnimationFrame(tick)); requestAnimationFrame(tick); })`);
  }
}

/**
 * In the page: the vertical gaps between consecutive top-level elements of the article, as laid out in the
 * panel (one wrapper per block) and as the same elements lay out without wrappers (one flow, margins
 * collapsing as in VS Code's built-in preview and the export).
 */
const BLOCK_GAPS = `(() => {
  const root = document.getElementById('nl-root');
  const gaps = (elements) => elements.slice(1).map((el, i) => Math.round(el.getBoundingClientRect().top - elements[i].getBoundingClientRect().bottom));
  const inPanel = Array.from(root.querySelectorAll(':scope > .nl-block > *'));
  const flat = document.createElement('main');
  flat.className = root.className;
  flat.style.cssText = getComputedStyle(root).cssText;
  for (const el of inPanel) flat.appendChild(el.cloneNode(true));
  document.body.appendChild(flat);
  const result = { panel: gaps(inPanel), flat: gaps(Array.from(flat.children)), tags: inPanel.map((el) => el.tagName.toLowerCase()) };
  flat.remove();
  return result;
})()`;

describe('article panel webview (headless Chromium)', function () {
  this.timeout(240_000);
  const pages = webviewBrowserFor(['preview.js', 'shared.js']);
  const article = sample('article.md');

  it('draws the article: one SVG per diagram with its Chinese labels, one .katex per formula, no error, no CSP violation', async () => {
    const h = await Harness.open(pages.browser);
    const stats = await h.show(article);
    assert.equal(stats.diagrams, 5);
    assert.equal(stats.diagramErrors, 0);
    assert.equal(stats.formulas, 20);
    assert.equal(stats.formulaErrors, 0);
    assert.equal(stats.diagramRenders, 5);
    assert.equal(await h.eval(`${drawnSvgs('.nl-mermaid')}.length`), 5);
    const text = await h.eval<string>(`${drawnSvgs('.nl-mermaid')}.map((s) => s.textContent).join(' ')`);
    for (const label of ['神经网络的普遍性', '反向传播', '保存模型', '训练进程 Worker', '全连接层']) assert.ok(text.includes(label), label);
    assert.deepEqual(h.cspViolations, []);
    // Mermaid came from shared.js, loaded on demand (the CSP let it run: it carries the page's nonce), into the page
    // only: its frame gets no script, and every drawing was built there.
    assert.equal(await h.eval(MERMAID_SCRIPTS), 1);
    assert.equal(await h.eval(`${FRAME_DOCUMENT}.querySelectorAll('script').length`), 0);
    assert.equal(await h.eval(`document.body.dataset.framedRenders`), '5');
    await h.page.close();
  });

  it('draws in its scratch frame exactly the SVG Mermaid draws in the page, for every diagram of the sample article and each shape of the benchmark’s', async () => {
    const h = await Harness.open(pages.browser);
    await h.show(article);
    const sources = [...extractConcepts(article), ...extractConcepts(generateDiagramArticle(4))].filter((c) => c.kind === 'mermaid').map((c) => c.source);
    assert.ok(sources.length >= 9, `${sources.length} diagrams`);
    // Mermaid as the page configured it, drawing each source under one id twice: through the frame, then in the page.
    // Its hand-drawn shapes' jitter fixed (a random seed by default), so that both drawings can be the same.
    const pairs = await h.eval<{ frame: string; page: string }[]>(`(async () => {
      const mermaid = globalThis.neuralLensMermaid;
      mermaid.initialize({ ...mermaid.mermaidAPI.getConfig(), handDrawnSeed: 1 });
      const target = globalThis.neuralLensMermaidDocument;
      const frame = target.current();
      if (frame === document || frame !== ${FRAME_DOCUMENT}) throw new Error('Mermaid does not draw in its frame');
      const out = [];
      for (const [i, source] of ${JSON.stringify(sources)}.entries()) {
        const frameSvg = (await mermaid.render('nl-compare-' + i, source)).svg;
        target.use(document);
        try {
          out.push({ frame: frameSvg, page: (await mermaid.render('nl-compare-' + i, source)).svg });
        } finally {
          target.use(frame);
        }
      }
      return out;
    })()`);
    for (const [i, pair] of pairs.entries()) {
      assert.ok(pair.frame.includes('<svg') && pair.frame.length > 1000, `diagram ${i} drawn`);
      assert.equal(comparable(pair.frame), comparable(pair.page), `diagram ${i}: the frame's drawing differs from the page's`);
    }
    await h.page.close();
  });

  it('keeps every drawn diagram (the same DOM nodes) when an edit is outside them', async () => {
    const h = await Harness.open(pages.browser);
    await h.show(article);
    await h.eval(`${drawnSvgs('.nl-mermaid')}.forEach((s, i) => { s.__mark = i; })`);
    const stats = await h.show(article.replace('万能逼近定理说', '万能逼近定理告诉我们'));
    assert.equal(stats.blocksReplaced, 1);
    assert.equal(stats.diagramRenders, 5, 'no diagram redrawn');
    assert.deepEqual(await h.eval(`${drawnSvgs('.nl-mermaid')}.map((s) => s.__mark)`), [0, 1, 2, 3, 4]);
    assert.ok(await h.eval<boolean>(`document.body.textContent.includes('万能逼近定理告诉我们')`));
    await h.page.close();
  });

  it('shifts the source lines of kept blocks when lines are inserted above them', async () => {
    const h = await Harness.open(pages.browser);
    await h.show(article);
    const before = await h.eval<number[]>(`Array.from(document.querySelectorAll('.nl-mermaid')).map((e) => +e.dataset.line)`);
    const stats = await h.show('前言。\n\n' + article);
    assert.equal(stats.diagramRenders, 5);
    const after = await h.eval<number[]>(`Array.from(document.querySelectorAll('.nl-mermaid')).map((e) => +e.dataset.line)`);
    assert.deepEqual(after, before.map((l) => l + 2));
    const lines = ('前言。\n\n' + article).split('\n');
    for (const l of after) assert.equal(lines[l], '```mermaid');
    await h.page.close();
  });

  it('shows the old drawing, at its height, until the changed diagram is redrawn; then only that one is redrawn', async () => {
    const h = await Harness.open(pages.browser);
    await h.show(article);
    const height = await h.eval<number>(`document.querySelectorAll('.nl-mermaid')[0].getBoundingClientRect().height`);
    const edited = article.replace('B --> F[机器翻译]', 'B --> F[机器翻译与摘要]');
    const update = (h as unknown as { renderer: IncrementalRenderer }).renderer.update(edited);
    // Post and look in the same task as the patch: before the new SVG can be ready.
    const during = await h.eval<{ stale: number; height: number; svgs: number }>(`(() => {
      window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify({ type: 'update', version: 99, full: false, blocks: update.blocks, config: config(), resource: 'file:///work/article.md' })} }));
      const first = document.querySelectorAll('.nl-mermaid')[0];
      return { stale: Array.from(first.querySelectorAll('.nl-diagram.nl-stale .nl-diagram-canvas')).filter((c) => c.shadowRoot.querySelector('svg')).length, height: first.getBoundingClientRect().height, svgs: ${drawnSvgs('.nl-mermaid')}.length };
    })()`);
    assert.equal(during.stale, 1, 'the previous drawing stands in');
    assert.equal(during.svgs, 5, 'no diagram blank');
    assert.ok(Math.abs(during.height - height) < 1, `height kept (${during.height} vs ${height})`);
    const stats = await h.settled(99);
    assert.equal(stats.diagramRenders, 6, 'exactly one diagram redrawn');
    assert.ok(await h.eval<boolean>(`document.querySelectorAll('.nl-mermaid')[0].textContent.includes('机器翻译与摘要')`));
    assert.equal(await h.eval(`document.querySelectorAll('.nl-stale').length`), 0);
    await h.page.close();
  });

  it('abandons queued renders that became stale before they started', async () => {
    const h = await Harness.open(pages.browser);
    const first = await h.show(article);
    const renderer = (h as unknown as { renderer: IncrementalRenderer }).renderer;
    const stale = renderer.update(article.replace('B --> F[机器翻译]', 'B --> F[旧一]').replace('H2 --> Y[输出层 ŷ]', 'H2 --> Y[旧二]'));
    const fresh = renderer.update(article.replace('B --> F[机器翻译]', 'B --> F[新一]').replace('H2 --> Y[输出层 ŷ]', 'H2 --> Y[新二]'));
    const message = (version: number, blocks: typeof stale.blocks) => JSON.stringify({ type: 'update', version, full: false, blocks, config: config(), resource: 'file:///work/article.md' });
    // Both updates in one task: the second arrives before any render of the first could start.
    await h.eval(`(() => {
      window.dispatchEvent(new MessageEvent('message', { data: ${message(200, stale.blocks)} }));
      window.dispatchEvent(new MessageEvent('message', { data: ${message(201, fresh.blocks)} }));
    })()`);
    const stats = await h.settled(201);
    // The two stale renders are abandoned; only the two fresh diagrams are drawn.
    assert.equal(stats.diagramRenders, first.diagramRenders + 2);
    const text = await h.eval<string>(`${drawnSvgs('.nl-mermaid')}.map((s) => s.textContent).join(' ')`);
    assert.ok(text.includes('新一') && text.includes('新二'));
    assert.ok(!text.includes('旧一') && !text.includes('旧二'));
    await h.page.close();
  });

  it('keeps a diagram zoomed across a redraw of that diagram; zooms with + - 0 when it has focus and with the toolbar', async () => {
    const h = await Harness.open(pages.browser);
    await h.show(article);
    const width = () => h.eval<number>(`parseFloat(${drawnSvgs('.nl-mermaid')}[0].style.width)`);
    const fitted = await width();
    assert.ok(fitted > 0, `the first diagram is sized (${fitted})`);
    const box = await h.page.locator('.nl-mermaid .nl-diagram-viewport').first().boundingBox();
    assert.ok(box);
    await h.page.mouse.move(box.x + box.width / 2, box.y + 20);
    await h.page.keyboard.down('Control');
    await h.page.mouse.wheel(0, -300);
    await h.page.keyboard.up('Control');
    const zoomed = await width();
    assert.ok(zoomed > fitted * 1.3, `zoomed in: ${zoomed} vs ${fitted}`);
    await h.show(article.replace('B --> F[机器翻译]', 'B --> F[翻译]'));
    assert.ok(await h.eval<boolean>(`document.querySelectorAll('.nl-mermaid')[0].textContent.includes('翻译')`));
    assert.ok(Math.abs((await width()) - zoomed) < zoomed * 0.05, 'still zoomed after the redraw');
    // The keyboard, once the box has focus.
    await h.page.locator('.nl-mermaid .nl-diagram-viewport').first().focus();
    await h.page.keyboard.press('0');
    const refitted = await width();
    assert.ok(Math.abs(refitted - fitted) < fitted * 0.05, `0 fits it again: ${refitted} vs ${fitted}`);
    await h.page.keyboard.press('+');
    assert.ok((await width()) > refitted * 1.2, '+ zooms in');
    await h.page.keyboard.press('-');
    await h.page.keyboard.press('-');
    assert.ok((await width()) < refitted * 0.9, '- zooms out');
    // The toolbar's fit button brings it back.
    await h.page.locator('.nl-mermaid').first().hover();
    await h.page.locator('.nl-diagram-toolbar button[title="Fit to width"]').first().click();
    assert.ok(Math.abs((await width()) - refitted) < 0.5);
    await h.page.close();
  });

  /** In the page: each diagram's smallest label height on screen, its box width and scroll width, and whether it says it scrolls. */
  const DIAGRAM_SIZES = `Array.from(document.querySelectorAll('.nl-mermaid .nl-diagram')).map((d) => ({
    smallestLabel: Math.min(...Array.from(d.querySelector('.nl-diagram-canvas').shadowRoot.querySelectorAll('svg text')).filter((t) => t.textContent.trim()).map((t) => t.getBoundingClientRect().height)),
    box: d.querySelector('.nl-diagram-viewport').clientWidth,
    content: d.querySelector('.nl-diagram-viewport').scrollWidth,
    hint: getComputedStyle(d.querySelector('.nl-diagram-hint')).display !== 'none',
  }))`;

  it('draws every label at least 11 px tall in a 521 px panel; a diagram too wide for that scrolls in its box, and says so', async () => {
    for (const text of [article, fixture('wide-diagram.md')]) {
      const h = await Harness.open(pages.browser, config(), 'vscode-light', { width: 521, height: 700 });
      await h.show(text);
      await h.frames(2);
      const sizes = await h.eval<{ smallestLabel: number; box: number; content: number; hint: boolean }[]>(DIAGRAM_SIZES);
      assert.ok(sizes.length > 0);
      for (const [i, d] of sizes.entries()) {
        assert.ok(d.smallestLabel >= 11, `diagram ${i}: smallest label ${d.smallestLabel.toFixed(1)} px`);
        assert.equal(d.hint, d.content > d.box + 1, `diagram ${i}: the hint shows exactly when it scrolls (${d.content} in ${d.box})`);
      }
      if (text !== article) assert.ok(sizes[0].content > sizes[0].box * 1.5, `the three trees scroll: ${sizes[0].content} in ${sizes[0].box}`);
      await h.page.close();
    }
    // With the floor off, the wide diagram is fitted to the width, labels and all.
    const h = await Harness.open(pages.browser, config({ minDiagramLabelSize: 0 }), 'vscode-light', { width: 521, height: 700 });
    await h.show(fixture('wide-diagram.md'));
    await h.frames(2);
    const [wide] = await h.eval<{ smallestLabel: number; box: number; content: number; hint: boolean }[]>(DIAGRAM_SIZES);
    assert.ok(wide.content <= wide.box + 1 && !wide.hint, `fitted: ${wide.content} in ${wide.box}`);
    assert.ok(wide.smallestLabel < 8, `and its labels shrink: ${wide.smallestLabel}`);
    await h.page.close();
  });

  it('asks the host to open a diagram in a tab and to copy it as SVG, and copies it as PNG itself', async () => {
    const h = await Harness.open(pages.browser);
    await h.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await h.show(article);
    const first = h.page.locator('.nl-mermaid').first();
    await first.hover();
    await first.locator('.nl-diagram-toolbar button[title="Open in a tab"]').click();
    await first.locator('.nl-diagram-toolbar button[title="Copy as SVG"]').click();
    await first.locator('.nl-diagram-toolbar button[title="Copy as PNG"]').click();
    await waitUntil(h.page, `window.__posted.some((m) => m.type === 'pngCopied' || m.type === 'diagramActionFailed')`);
    const posted = await h.posted();
    const open = posted.find((m) => m.type === 'openDiagram') as Extract<WebviewToHost, { type: 'openDiagram' }>;
    assert.ok(open, 'openDiagram posted');
    assert.ok(open.source.includes('神经网络的普遍性') && open.svg.startsWith('<svg') && open.themeKey && open.hash, 'with its source, drawing, theme and hash');
    assert.equal(article.split('\n')[open.line], '```mermaid');
    const copy = posted.find((m) => m.type === 'copySvg') as Extract<WebviewToHost, { type: 'copySvg' }>;
    assert.match(copy.svg, /^<svg[^>]* width="\d+"/, 'a standalone SVG with its width');
    assert.match(copy.svg, /^<svg[^>]* height="\d+"/, 'and height');
    assert.ok(copy.svg.includes('神经网络的普遍性'));
    assert.deepEqual(posted.filter((m) => m.type === 'diagramActionFailed'), []);
    const types = await h.eval<string[]>(`navigator.clipboard.read().then((items) => items.flatMap((i) => i.types))`);
    assert.deepEqual(types, ['image/png']);
    await h.page.close();
  });

  it('redraws every diagram in the new colours when the editor theme changes', async () => {
    const h = await Harness.open(pages.browser, config(), 'vscode-light');
    await h.eval(`document.documentElement.style.setProperty('--vscode-editor-background', '#ffffff'); document.documentElement.style.setProperty('--vscode-editor-foreground', '#3b3b3b')`);
    const first = await h.show(article);
    const lightFill = await h.eval<string>(`getComputedStyle(${drawnSvgs('.nl-mermaid')}[0].querySelector('.node rect, .node polygon')).fill`);
    await h.eval(`document.documentElement.style.setProperty('--vscode-editor-background', '#1f1f1f'); document.documentElement.style.setProperty('--vscode-editor-foreground', '#cccccc'); document.body.className = 'vscode-dark'`);
    await waitUntil(h.page, `window.__posted.filter((m) => m.type === 'rendered').pop().stats.diagramRenders >= ${first.diagramRenders + 5}`);
    const darkFill = await h.eval<string>(`getComputedStyle(${drawnSvgs('.nl-mermaid')}[0].querySelector('.node rect, .node polygon')).fill`);
    assert.notEqual(darkFill, lightFill);
    const [r, g, b] = darkFill.match(/\d+/g)!.map(Number);
    assert.ok(r + g + b < 200, `dark node fill ${darkFill}`);
    await h.page.close();
  });

  it('shows errors in place and draws the rest', async () => {
    const h = await Harness.open(pages.browser);
    const stats = await h.show(fixture('invalid.md'));
    assert.equal(stats.diagramErrors, 1);
    assert.equal(stats.formulaErrors, 2);
    assert.equal(stats.diagrams, 2);
    assert.equal(stats.formulas, 3);
    const message = await h.eval<string>(`document.querySelector('.nl-diagram-error .nl-error-message').textContent`);
    assert.match(message, /^Diagram error \(line \d+\): /);
    await h.page.close();
  });

  it('refuses a diagram over the size limit in the words the host gave it, and draws the rest', async () => {
    const h = await Harness.open(pages.browser, config({ maxDiagramTextSize: 40 }));
    const stats = await h.show('```mermaid\ngraph TD\n  A[a short one] --> B\n```\n\n```mermaid\ngraph TD\n  A[a diagram longer than forty characters] --> B\n```\n');
    assert.equal(stats.diagrams, 2);
    assert.equal(stats.diagramErrors, 1);
    const message = await h.eval<string>(`document.querySelector('.nl-diagram-error .nl-error-message').textContent`);
    assert.match(message, /: too large \d+ > 40$/);
    await h.page.close();
  });

  for (const allowHtml of [false, true]) {
    it(`runs nothing from the hostile fixture (allowHtml ${allowHtml})`, async () => {
      const h = await Harness.open(pages.browser, config({ allowHtml }));
      const stats = await h.show(fixture('hostile.md'));
      assert.equal(stats.diagrams, 2);
      for (const el of await h.page.locator('#nl-root a, #nl-root .node, #nl-root div').all()) {
        await el.click({ timeout: 1_000, force: true }).catch(() => undefined);
      }
      await h.page.waitForTimeout(300);
      // The article's elements and its drawings' (each in a shadow root of its own).
      const everything = `[...document.querySelectorAll('#nl-root *'), ...${drawnSvgs('#nl-root')}.flatMap((svg) => [svg, ...svg.querySelectorAll('*')])]`;
      assert.ok((await h.eval<number>(`${drawnSvgs('#nl-root')}.length`)) > 0, 'the drawings are looked at too');
      const result = await h.eval(`((everything) => ({
        pwned: window.__pwned === undefined ? null : String(window.__pwned),
        pwnId: !!document.getElementById('pwn'),
        handlers: everything.filter((el) => Array.from(el.attributes).some((a) => /^on/i.test(a.name))).length,
        scripts: everything.filter((el) => el.localName === 'script').length,
      }))(${everything})`);
      assert.deepEqual(result, { pwned: null, pwnId: false, handlers: 0, scripts: 0 });
      assert.deepEqual(h.dialogs, []);
      const links = (await h.posted()).filter((m) => m.type === 'openLink').map((m) => (m as { href: string }).href);
      assert.ok(links.every((l) => !/^\s*javascript:/i.test(l)), `asked the host to open ${links.join(', ')}`);
      if (allowHtml) assert.ok(await h.eval<boolean>(`!!document.querySelector('#nl-root a')`), 'raw HTML was rendered (sanitised)');
      await h.page.close();
    });
  }

  it('sanitises raw HTML exactly as the CLI export does (its script in a plain page): block by block, the same HTML', async () => {
    const h = await Harness.open(pages.browser, config({ allowHtml: true }));
    const markdown = fixture('raw-html.md') + '\n' + fixture('hostile.md');
    await h.show(markdown);
    const { blocks } = new IncrementalRenderer(createMarkdown({ math: true, allowHtml: true })).update(markdown);
    const inPage = await h.eval<Array<string | null>>(`Array.from(document.querySelectorAll('#nl-root > .nl-block')).map((el) => el.querySelector('.nl-mermaid') ? null : el.innerHTML)`);
    assert.equal(inPage.length, blocks.length);
    const headless = await openHeadlessPreview(path.join(repoRoot, 'dist'), WEBVIEW_CHROMIUM);
    let compared = 0;
    try {
      for (const [i, b] of blocks.entries()) {
        if (inPage[i] === null) continue;
        assert.equal(inPage[i], await headless.sanitize(b.html!), `block ${i}: ${b.html}`);
        compared++;
      }
    } finally {
      await headless.close();
    }
    assert.ok(compared >= 15, `compared ${compared} blocks`);
    await h.page.close();
  });

  it('scrolls to a source line from the editor, and reports the line at the top when scrolled', async () => {
    const h = await Harness.open(pages.browser);
    await h.show(article);
    const lines = article.split('\n');
    // A heading with more than a screenful below it (the last screenful of a page cannot reach the top).
    const target = lines.findIndex((l) => l.startsWith('## 4.'));
    await h.post({ type: 'scrollToLine', line: target });
    await h.page.waitForTimeout(100);
    const top = await h.eval<number>(`document.querySelector('[data-line="${target}"]').getBoundingClientRect().top`);
    assert.ok(Math.abs(top) < 2, `the heading of line ${target} is at the top (${top})`);
    await h.eval(`window.scrollBy(0, 0); window.__posted.length = 0`);
    await h.page.waitForTimeout(300);
    await h.eval(`window.scrollTo(0, document.querySelector('[data-line="${target}"]').getBoundingClientRect().top + window.scrollY + 1)`);
    await waitUntil(h.page, `window.__posted.some((m) => m.type === 'revealLine')`);
    const reveal = (await h.posted()).find((m) => m.type === 'revealLine') as { line: number };
    assert.ok(reveal.line >= target && reveal.line < target + 2, `revealLine ${reveal.line} for ${target}`);
    await h.page.close();
  });

  for (const enabled of [true, false]) {
    it(`${enabled ? 'reports' : 'does not report'} the source line of a double-click (doubleClickToSwitchToEditor ${enabled})`, async () => {
      const h = await Harness.open(pages.browser, config({ doubleClickToSwitchToEditor: enabled }));
      const text = 'intro\n\n## 标题 heading\n\nA paragraph\nover two lines.\n';
      await h.show(text);
      await h.page.locator('p', { hasText: 'A paragraph' }).dblclick();
      await h.page.waitForTimeout(200);
      const clicks = (await h.posted()).filter((m) => m.type === 'doubleClick') as { line: number }[];
      if (enabled) assert.deepEqual(clicks.map((c) => c.line), [4]);
      else assert.deepEqual(clicks, []);
      await h.page.close();
    });
  }

  it('spaces blocks as the built-in preview does: 16 px after a paragraph, 24 px above a heading, as if there were no per-block wrappers', async () => {
    const h = await Harness.open(pages.browser, config(), 'vscode-light', { width: 521, height: 700 });
    const text = ['# 标题', '', 'First paragraph.', '', 'Second paragraph.', '', '- one', '- two', '', 'After the list.', '', '## Section', '', '> quoted', '', '| a | b |', '| - | - |', '| 1 | 2 |', '', '```js', 'let x = 1;', '```', '', '$$', 'x^2', '$$', '', '---', '', '### Sub', '', 'Last.', ''].join('\n');
    await h.show(text);
    const { panel, flat, tags } = await h.eval<{ panel: number[]; flat: number[]; tags: string[] }>(BLOCK_GAPS);
    assert.deepEqual(panel, flat, `gaps in the panel vs one flow, between ${tags.join(' ')}`);
    const gapAfter = (tag: string, next: string) => panel[tags.findIndex((t, i) => t === tag && tags[i + 1] === next)];
    assert.equal(gapAfter('p', 'p'), 16, 'paragraph → paragraph');
    assert.equal(gapAfter('p', 'ul'), 16, 'paragraph → list');
    assert.equal(gapAfter('p', 'h2'), 24, 'paragraph → heading');
    await h.page.close();
  });

  it('shifts nothing on screen when a paragraph is edited (Chromium layout-shift score 0), while blocks off screen skip layout', async () => {
    const h = await Harness.open(pages.browser, config(), 'vscode-light', { width: 521, height: 700 });
    await h.show(article);
    await h.frames(3);
    await h.eval(`window.scrollTo(0, Array.from(document.querySelectorAll('p')).find((p) => p.textContent.includes('万能逼近定理说')).getBoundingClientRect().top + window.scrollY - 100)`);
    await h.frames(3);
    // What moved, and from where to where: an empty previous rect is content that blinked out for a frame.
    await h.eval(`window.__shifts = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__shifts.push({ value: e.value, moved: e.sources.map((s) => (s.node?.textContent ?? '').slice(0, 16) + ' ' + JSON.stringify(s.previousRect) + ' → ' + JSON.stringify(s.currentRect)) }); }).observe({ type: 'layout-shift' })`);
    let text = article;
    for (let i = 0; i < 3; i++) {
      text = text.replace('万能逼近定理说：', '万能逼近定理说：改');
      await h.show(text);
      await h.frames(3);
    }
    assert.ok(await h.eval<boolean>(`document.body.textContent.includes('万能逼近定理说：改改改')`), 'the edits reached the page');
    assert.deepEqual(await h.eval('window.__shifts'), []);
    // The edit performance comes from blocks off screen skipping layout: most of them do.
    const skipping = await h.eval<{ skippable: number; blocks: number }>(`({ skippable: document.querySelectorAll('.nl-block.nl-skippable').length, blocks: document.querySelectorAll('.nl-block').length })`);
    assert.ok(skipping.skippable > skipping.blocks / 2, `${skipping.skippable} of ${skipping.blocks} blocks may skip layout`);
    await h.page.close();
  });

  it('follows [x](#section) links to their heading, by the built-in preview’s ids and whatever the fragment’s case', async () => {
    const h = await Harness.open(pages.browser);
    const filler = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}.`).join('\n\n');
    await h.show(`[to the section](#2-一个神经元) and [upper case](#Hello-World)\n\n${filler}\n\n## 2. 一个神经元\n\n${filler}\n\n## Hello World\n\n${filler}\n`);
    const top = (id: string) => h.eval<number>(`document.getElementById(${JSON.stringify(id)}).getBoundingClientRect().top`);
    assert.ok((await top('2-一个神经元')) > 700, 'the heading starts off screen');
    await h.page.locator('a', { hasText: 'to the section' }).click();
    assert.ok(Math.abs(await top('2-一个神经元')) < 2, 'scrolled to the Chinese heading');
    await h.eval('window.scrollTo(0, 0)');
    await h.page.locator('a', { hasText: 'upper case' }).click();
    assert.ok(Math.abs(await top('hello-world')) < 2, 'scrolled to the heading whatever the case');
    assert.deepEqual((await h.posted()).filter((m) => m.type === 'openLink'), [], 'nothing asked of the host');
    await h.page.close();
  });

  it('draws the diagrams near the viewport first and the others after, in order, in idle time: a long article shows its first screen at once', async () => {
    const h = await Harness.open(pages.browser, config(), 'vscode-light', { width: 800, height: 700 });
    const count = 120;
    const text = Array.from({ length: count }, (_, i) => `## 第 ${i} 节\n\n\`\`\`mermaid\ngraph LR\n  A${i}[开始 ${i}] --> B${i}[结束 ${i}]\n\`\`\`\n`).join('\n');
    // In the page: the order placeholders are drawn in, and how many were drawn when the first screen was.
    await h.eval(`window.__drawn = []; new MutationObserver((records) => { for (const r of records) if (r.attributeName === 'data-drawn' && r.target.dataset.drawn) window.__drawn.push(Number(r.target.dataset.index)); if (document.body.dataset.visibleVersion && window.__atVisible === undefined) window.__atVisible = window.__drawn.length; }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-drawn', 'data-visible-version'] })`);
    const stats = await h.show(text);
    assert.equal(stats.diagrams, count);
    assert.equal(stats.diagramRenders, count, 'every diagram drawn in the end');
    assert.equal(await h.eval(`${drawnSvgs('.nl-mermaid')}.length`), count);
    const drawn = await h.eval<number[]>('window.__drawn');
    const atVisible = await h.eval<number>('window.__atVisible');
    assert.ok(atVisible > 0 && atVisible <= 12, `the first screen was reported after ${atVisible} diagrams`);
    // (Times are the bench's: bench/preview/run.ts --long; here, what was drawn before the first screen was reported.)
    assert.ok(stats.visibleMs <= stats.ms);
    assert.deepEqual(drawn, [...Array(count).keys()], 'top to bottom, each once');
    await h.page.close();
  });

  it('reports its first screen before any diagram off screen is drawn, and its drawings add no style sheet to the document', async () => {
    const h = await Harness.open(pages.browser, config(), 'vscode-light', { width: 800, height: 700 });
    const count = 150;
    const text = Array.from({ length: count }, (_, i) => `## 第 ${i} 节\n\n\`\`\`mermaid\ngraph LR\n  A${i}[开始 ${i}] --> B${i}[结束 ${i}]\n\`\`\`\n`).join('\n');
    // In the page, when the first screen is reported: the diagrams drawn, and the document's style sheets.
    // And how many times drawings were put into the page (the observer's callbacks that saw one).
    await h.eval(`window.__drawn = 0; window.__putIns = 0; new MutationObserver((records) => { const before = window.__drawn; for (const r of records) { if (r.attributeName === 'data-drawn' && r.target.dataset.drawn) window.__drawn++; if (r.attributeName === 'data-visible-version' && window.__atVisible === undefined) window.__atVisible = { drawn: window.__drawn, sheets: document.styleSheets.length }; } if (window.__drawn > before) window.__putIns++; }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-drawn', 'data-visible-version'] })`);
    const stats = await h.show(text);
    assert.equal(stats.diagramRenders, count);
    const atVisible = await h.eval<{ drawn: number; sheets: number }>('window.__atVisible');
    // The diagrams within a screen of the viewport (800×700: about 7 of them), not one more.
    assert.ok(atVisible.drawn > 0 && atVisible.drawn <= 12, `the first screen was reported after ${atVisible.drawn} of ${count} diagrams`);
    // Each change to the page costs a restyle and layout of the whole article: the far diagrams' drawings go in by
    // batches (media/preview/drawQueue.ts BATCH), not one at a time.
    const putIns = await h.eval<number>('window.__putIns');
    assert.ok(putIns <= atVisible.drawn + Math.ceil(count / 4), `${count} drawings put in ${putIns} times`);
    // Each Mermaid SVG carries a <style>: in the document, every one added made every later style recalculation
    // slower, and drawing grew with the square of the diagrams. In their shadow roots, none reaches the document.
    assert.equal(await h.eval<number>('document.styleSheets.length'), atVisible.sheets, `style sheets after ${count} drawings`);
    assert.equal(await h.eval<number>(`${drawnSvgs('.nl-mermaid')}.filter((svg) => svg.querySelector('style')).length`), count, 'each drawing keeps its own style');
    // Mermaid builds and measures each drawing in a scratch element of its frame's <body>, never of the article's (its
    // <style> there restyled the article, which grows with every diagram drawn), and none is left.
    assert.equal(await h.eval<string>('document.body.dataset.framedRenders'), String(count), 'drawings built in the frame');
    assert.equal(await h.eval<number>(`document.querySelectorAll('body > [id^="dnl-mermaid-"]').length`), 0, 'Mermaid left a scratch element in the page');
    assert.equal(await h.eval<number>(`${FRAME_DOCUMENT}.body.children.length`), 0, 'Mermaid left a scratch element in its frame');
    await h.page.close();
  });

  it('lays out a long article’s far blocks after its first screen: skipped until then, each at its real size afterwards, and a scroll from the editor lands exactly meanwhile', async () => {
    const h = await Harness.open(pages.browser, config(), 'vscode-light', { width: 800, height: 700 });
    // 1,500 blocks (media/preview/offscreen.ts LONG_ARTICLE_BLOCKS: 1,000), one diagram at the top.
    const sections = Array.from({ length: 500 }, (_, i) => `## 第 ${i} 节\n\n第 ${i} 节的第一段。\n\n第二段，稍长一些：${'神经网络'.repeat(i % 7)}。\n`);
    const text = '```mermaid\ngraph LR\n  A[开始] --> B[结束]\n```\n\n' + sections.join('\n');
    await h.eval(`window.__skippedAtVisible = undefined; new MutationObserver(() => { if (document.body.dataset.visibleVersion && window.__skippedAtVisible === undefined) window.__skippedAtVisible = document.querySelectorAll('#nl-root > .nl-block.nl-skippable').length; }).observe(document.body, { attributes: true, attributeFilter: ['data-visible-version'] })`);
    const update = (h as unknown as { renderer: IncrementalRenderer }).renderer.update(text);
    const target = text.split('\n').indexOf('## 第 420 节');
    // The editor scrolls the preview as soon as it shows its first screen, before the far blocks are laid out.
    await h.eval(`(() => {
      new MutationObserver((_, observer) => { if (!document.body.dataset.visibleVersion) return; observer.disconnect(); window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify({ type: 'scrollToLine', line: target })} })); window.__topAfterScroll = document.querySelector('[data-line="${target}"]').getBoundingClientRect().top; }).observe(document.body, { attributes: true, attributeFilter: ['data-visible-version'] });
      window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify({ type: 'update', version: 1, full: true, blocks: update.blocks, config: config(), resource: 'file:///work/article.md' })} }));
    })()`);
    const stats = await h.settled(1);
    assert.ok(stats.blocks > 1_000, `${stats.blocks} blocks`);
    // Before its first screen the page laid out its first 300 blocks, and skipped the others' layout.
    assert.equal(await h.eval<number>('window.__skippedAtVisible'), stats.blocks - 300);
    // The scroll asked for meanwhile put the heading at the top, where the real sizes put it.
    const topAfterScroll = await h.eval<number>('window.__topAfterScroll');
    assert.ok(Math.abs(topAfterScroll) < 2, `the heading of line ${target} at ${topAfterScroll} px from the top`);
    // A few frames on, every block has been laid out at its real size (the page is as tall as with none skipped), and
    // the heading is still at the top.
    await h.page.waitForTimeout(500);
    const topAtEnd = await h.eval<number>(`document.querySelector('[data-line="${target}"]').getBoundingClientRect().top`);
    assert.ok(Math.abs(topAtEnd) < 2, `the heading of line ${target} at ${topAtEnd} px from the top once every block is laid out`);
    const heights = await h.eval<{ skipping: number; none: number }>(`(() => {
      const skipping = document.documentElement.scrollHeight;
      for (const b of document.querySelectorAll('.nl-skippable')) b.classList.remove('nl-skippable');
      return { skipping, none: document.documentElement.scrollHeight };
    })()`);
    assert.equal(heights.skipping, heights.none, 'the page’s height with far blocks skipped, against none skipped');
    await h.page.close();
  });

  it('puts a far drawing that waits for its batch in as soon as the reader comes near it', async () => {
    const h = await Harness.open(pages.browser, config(), 'vscode-light', { width: 800, height: 700 });
    // Diagrams three screens apart: near one of them, no other is near, so nothing but the reader puts its batch in.
    const filler = Array.from({ length: 30 }, (_, j) => `第 ${j} 段。${'神经网络的训练需要数据。'.repeat(12)}`).join('\n\n');
    const text = Array.from({ length: 30 }, (_, i) => `## 第 ${i} 节\n\n\`\`\`mermaid\ngraph LR\n  A${i}[开始 ${i}] --> B${i}[结束 ${i}]\n\`\`\`\n\n${filler}\n`).join('\n');
    // In the page: once Mermaid has made the drawings of diagrams 1-3 (far: they wait for a batch of 8), scroll to
    // diagram 2 and count the drawings Mermaid makes until it is shown.
    await h.eval(`(() => {
      let renders = 0;
      new MutationObserver((_, waitForFrame) => {
        const frame = document.querySelector('iframe.nl-mermaid-frame')?.contentDocument;
        if (!frame) return;
        waitForFrame.disconnect();
        new MutationObserver((records) => {
          for (const r of records) for (const n of r.addedNodes) if (n.id?.startsWith('dnl-mermaid-')) renders++;
          if (renders === 4 && window.__scrolledAt === undefined) {
            window.__scrolledAt = renders;
            document.querySelectorAll('.nl-mermaid')[2].scrollIntoView();
          }
        }).observe(frame.body, { childList: true });
      }).observe(document.body, { childList: true, subtree: true });
      new MutationObserver(() => {
        if (window.__shownAt === undefined && document.querySelectorAll('.nl-mermaid')[2]?.dataset.drawn) window.__shownAt = renders;
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-drawn'] });
    })()`);
    await h.show(text);
    const { scrolledAt, shownAt } = await h.eval<{ scrolledAt: number; shownAt: number }>('({ scrolledAt: window.__scrolledAt, shownAt: window.__shownAt })');
    const tops = await h.eval<number[]>(`Array.from(document.querySelectorAll('.nl-mermaid')).slice(0, 4).map((e) => e.getBoundingClientRect().top + window.scrollY)`);
    assert.ok(tops[1] > 2 * 700 + 100 && tops[2] - tops[1] > 3 * 700, `diagrams three screens apart: ${tops.map(Math.round).join(', ')}`);
    assert.equal(scrolledAt, 4, 'scrolled once diagrams 0-3 were drawn');
    assert.ok(shownAt - scrolledAt <= 2, `diagram 2 shown after ${shownAt - scrolledAt} more drawings (a batch waits for 8)`);
    await h.page.close();
  });

  it('draws first the diagrams where the editor has scrolled the preview to', async () => {
    const h = await Harness.open(pages.browser, config(), 'vscode-light', { width: 800, height: 700 });
    const count = 60;
    const text = Array.from({ length: count }, (_, i) => `## 第 ${i} 节\n\n\`\`\`mermaid\ngraph LR\n  A${i}[开始 ${i}] --> B${i}[结束 ${i}]\n\`\`\`\n`).join('\n');
    await h.eval(`window.__drawn = []; new MutationObserver((records) => { for (const r of records) if (r.target.dataset.drawn) window.__drawn.push(Number(r.target.dataset.index)); }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-drawn'] })`);
    const update = (h as unknown as { renderer: IncrementalRenderer }).renderer.update(text);
    const target = text.split('\n').indexOf('## 第 40 节');
    // The update and the editor's scroll in one task, as they come when a preview opens beside a scrolled editor.
    await h.eval(`(() => {
      window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify({ type: 'update', version: 1, full: true, blocks: update.blocks, config: config(), resource: 'file:///work/article.md' })} }));
      window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify({ type: 'scrollToLine', line: target })} }));
    })()`);
    await h.settled(1);
    const drawn = await h.eval<number[]>('window.__drawn');
    assert.equal(drawn.length, count);
    assert.ok(drawn.slice(0, 3).every((i) => i >= 40 && i <= 45), `drawn first: ${drawn.slice(0, 5).join(', ')}`);
    await h.page.close();
  });

  it('shows the diagrams an earlier page drew (kept by the host) without drawing them, nor loading Mermaid', async () => {
    const first = await Harness.open(pages.browser);
    await first.show(article);
    const drawings = (await first.posted()).flatMap((m) => (m.type === 'drawings' ? m.drawings : []));
    assert.equal(drawings.length, 5, 'each drawing Mermaid made was handed to the host');
    await first.page.close();
    const h = await Harness.open(pages.browser);
    const { blocks } = new IncrementalRenderer(createMarkdown({ math: true, allowHtml: false })).update(article);
    await h.post({ type: 'update', version: 1, full: true, blocks, config: config(), resource: 'file:///work/article.md', drawings });
    const stats = await h.settled(1);
    assert.equal(stats.diagramRenders, 0, 'no diagram drawn again');
    assert.equal(await h.eval(`${drawnSvgs('.nl-mermaid')}.length`), 5);
    assert.equal(await h.eval(MERMAID_SCRIPTS), 0, 'Mermaid not even loaded');
    await h.page.close();
  });

  it('puts in the host’s drawings without waiting for idle time, even in a page that is never idle', async () => {
    const count = 30;
    const text = Array.from({ length: count }, (_, i) => `## 第 ${i} 节\n\n\`\`\`mermaid\ngraph LR\n  A${i}[开始 ${i}] --> B${i}[结束 ${i}]\n\`\`\`\n`).join('\n');
    const first = await Harness.open(pages.browser);
    await first.show(text);
    const drawings = (await first.posted()).flatMap((m) => (m.type === 'drawings' ? m.drawings : []));
    assert.equal(drawings.length, count);
    await first.page.close();
    const h = await Harness.open(pages.browser, config(), 'vscode-light', { width: 800, height: 700 });
    // Every frame busy for 30 ms: requestIdleCallback then only fires at its 500 ms time-out, per diagram.
    await h.eval(`(() => { const busy = () => { const until = performance.now() + 30; while (performance.now() < until); requestAnimationFrame(busy); }; requestAnimationFrame(busy); })()`);
    const { blocks } = new IncrementalRenderer(createMarkdown({ math: true, allowHtml: false })).update(text);
    const started = Date.now();
    await h.post({ type: 'update', version: 1, full: true, blocks, config: config(), resource: 'file:///work/article.md', drawings });
    const stats = await h.settled(1);
    const elapsed = Date.now() - started;
    assert.equal(stats.diagramRenders, 0);
    assert.equal(await h.eval(`${drawnSvgs('.nl-mermaid')}.length`), count);
    // Waiting for idle time instead, the drawings off screen alone took about 12 s here.
    assert.ok(elapsed < 6000, `all ${count} drawings in after ${elapsed} ms`);
    await h.page.close();
  });

  it('asks for Mermaid as soon as an update holds a diagram no drawing is kept of, before the page lays the text out', async () => {
    const h = await Harness.open(pages.browser);
    // In the microtask after the blocks are patched in: is shared.js already on its way?
    await h.eval(`new MutationObserver((records, observer) => { observer.disconnect(); window.__loadingAtPatch = ${MERMAID_SCRIPTS}; }).observe(document.getElementById('nl-root'), { childList: true })`);
    await h.show(article);
    assert.equal(await h.eval('window.__loadingAtPatch'), 1);
    await h.page.close();
  });

  it('fetches Mermaid before the first update when the host says the page will need it, and runs it once, under the CSP', async () => {
    const h = await Harness.open(pages.browser, config(), 'vscode-light', { width: 900, height: 700 }, true);
    const fetched = () => h.eval<number>(`performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/shared.js')).length`);
    await waitUntil(h.page, `performance.getEntriesByType('resource').some((e) => e.name.endsWith('/shared.js'))`, 30_000);
    assert.equal(await h.eval(`typeof globalThis.neuralLensMermaid`), 'undefined', 'fetched, not run');
    const stats = await h.show(article);
    assert.equal(stats.diagramRenders, 5);
    assert.equal(await fetched(), 1, 'the script used the fetched copy');
    assert.deepEqual(h.cspViolations, []);
    await h.page.close();
  });

  it('tells the host each update is patched in before its diagrams are drawn (the host sends the next one then)', async () => {
    const h = await Harness.open(pages.browser);
    await h.show(article);
    const edited = article.replace('B --> F[机器翻译]', 'B --> F[机器翻译与摘要]');
    await h.show(edited);
    const order = (await h.posted()).flatMap((m) => (m.type === 'patched' ? [`patched ${m.version}`] : m.type === 'rendered' ? [`rendered ${m.stats.version}`] : []));
    assert.deepEqual(order, ['patched 1', 'rendered 1', 'patched 2', 'rendered 2']);
    await h.page.close();
  });

  it('asks the host for everything again when told to keep a block it does not have', async () => {
    const h = await Harness.open(pages.browser);
    await h.show('one\n\ntwo\n');
    await h.eval(`window.__posted.length = 0`);
    await h.post({ type: 'update', version: 50, full: false, blocks: [{ key: 'never-sent', line: 0 }], config: config(), resource: 'file:///work/article.md' });
    await waitUntil(h.page, `window.__posted.some((m) => m.type === 'ready')`);
    await h.page.close();
  });
});
