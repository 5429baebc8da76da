// The diagram tab's page (dist/media/diagram.js) in real headless Chromium, with the real CSP and nonce: only
// acquireVsCodeApi is a stub. One diagram at its actual size, zoomed with the keys, exported as SVG and PNG,
// its source copied, and the article panel's drawing shown without drawing again when the theme is the same.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { DiagramTabContent, DiagramTabReport, DiagramTabStrings, DiagramTabToHost } from '../../../../src/preview/diagram/protocol';
import { chooseMermaidTheme } from '../../../../media/shared/mermaid/theme';
import { buildPageHtml } from '../../../../src/webview/page';
import { WEBVIEW_ORIGIN as origin, drawnSvgs, openWebviewPage, waitUntil, webviewBrowserFor } from '../../../harness/webviewPage';
import { fixture } from '../../core/markdown/helpers';

const strings: DiagramTabStrings = {
  diagramError: 'Diagram error',
  diagramTooLarge: 'Too large: {0} > {1}',
  line: 'line {0}',
  zoomIn: 'Zoom in (+)',
  zoomOut: 'Zoom out (-)',
  fitWidth: 'Fit to width (0)',
  actualSize: 'Actual size',
  wideHint: 'Scroll sideways',
  exportSvg: 'Export SVG',
  exportPng: 'Export PNG',
  copySource: 'Copy source',
};

/** The three trees of the wide-diagram fixture: far wider than the tab at their actual size. */
const source = /```mermaid\n([\s\S]*?)```/.exec(fixture('wide-diagram.md'))![1];

describe('diagram tab page (headless Chromium)', function () {
  this.timeout(120_000);
  const pages = webviewBrowserFor(['diagram.js', 'shared.js']);

  async function open(diagram: Partial<DiagramTabContent> = {}): Promise<Page> {
    const page = await pages.browser.newPage({ viewport: { width: 700, height: 600 } });
    const html = buildPageHtml({
      page: 'diagram',
      cspSource: origin,
      nonce: 'TestNonce123',
      scriptUri: `${origin}/media/diagram.js`,
      styleUri: `${origin}/media/diagram.css`,
      mermaidUri: `${origin}/media/shared.js`,
      title: 'Diagram',
      strings,
    }).replace('<body ', '<body class="vscode-light" ');
    await openWebviewPage(page, html);
    const content: DiagramTabContent = { source, hash: 'h1', line: 4, mermaidTheme: 'auto', maxDiagramTextSize: 50000, ...diagram };
    await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'show', diagram: content })}, '*')`);
    await waitUntil(page, `window.__posted.some((m) => m.type === 'rendered')`);
    return page;
  }

  const posted = (page: Page) => page.evaluate('window.__posted') as Promise<DiagramTabToHost[]>;
  const report = async (page: Page) => (await posted(page)).filter((m): m is { type: 'rendered'; report: DiagramTabReport } => m.type === 'rendered').pop()!.report;
  const smallestLabel = (page: Page) =>
    page.evaluate<number>(`Math.min(...Array.from(document.querySelector('.nl-diagram-canvas').shadowRoot.querySelectorAll('svg text')).filter((t) => t.textContent.trim()).map((t) => t.getBoundingClientRect().height))`);

  it('draws the diagram at its actual size, zooms with + and -, and exports and copies it', async () => {
    const page = await open();
    assert.deepEqual({ ...(await report(page)), renders: undefined }, { drawn: true, error: undefined, scale: 1, renders: undefined });
    assert.ok((await smallestLabel(page)) >= 16, `labels at their actual size: ${await smallestLabel(page)} px`);
    await page.locator('.nl-diagram-viewport').focus();
    const width = () => page.evaluate<number>(`parseFloat(${drawnSvgs('')}[0].style.width)`);
    const before = await width();
    await page.keyboard.press('+');
    assert.ok((await width()) > before * 1.2, 'zoomed in');
    await page.keyboard.press('-');
    assert.ok(Math.abs((await width()) - before) < 1, 'and back');

    await page.locator('.nl-tab-actions button', { hasText: 'Export SVG' }).click();
    await page.locator('.nl-tab-actions button', { hasText: 'Export PNG' }).click();
    await page.locator('.nl-tab-actions button', { hasText: 'Copy source' }).click();
    await waitUntil(page, `window.__posted.filter((m) => m.type === 'saveImage').length === 2 && window.__posted.some((m) => m.type === 'copySource')`);
    const saved = (await posted(page)).filter((m): m is Extract<DiagramTabToHost, { type: 'saveImage' }> => m.type === 'saveImage');
    const svg = saved.find((m) => m.format === 'svg')!.data;
    assert.match(svg, /^<svg[\s\S]*<\/svg>$/);
    assert.ok(svg.includes('反向传播') && svg.includes('图像分类'), 'the labels are in the exported SVG');
    assert.match(saved.find((m) => m.format === 'png')!.data, /^data:image\/png;base64,[A-Za-z0-9+/]{100,}/);
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'exportFailed'), []);
    await page.close();
  });

  it('shows the article panel’s drawing as it is when the theme is the same, and draws it anew when not', async () => {
    const first = await open({ mermaidTheme: 'default' });
    const drawn = await first.evaluate<string>(`${drawnSvgs('')}[0].outerHTML`);
    await first.close();
    const panelDrawing = drawn.replace('图像分类', 'FROM THE PANEL');
    assert.ok(panelDrawing.includes('FROM THE PANEL'));
    // The key the panel's page gave it: the same setting and (unset) editor variables as this page.
    const themeKey = chooseMermaidTheme('default', 'light', () => '').key;
    const text = (page: Page) => page.evaluate<string>(`${drawnSvgs('')}[0].textContent`);
    const same = await open({ mermaidTheme: 'default', svg: panelDrawing, themeKey });
    assert.equal((await report(same)).renders, 0);
    assert.ok((await text(same)).includes('FROM THE PANEL'), 'the panel’s drawing, not a new one');
    await same.close();
    const other = await open({ mermaidTheme: 'default', svg: panelDrawing, themeKey: 'dark|' });
    assert.equal((await report(other)).renders, 1);
    assert.ok(!(await text(other)).includes('FROM THE PANEL'), 'drawn for its own theme');
    await other.close();
  });
});
