// The preview webview's own script (dist/media/preview.js) in headless Chromium (playwright-core, with the
// system's chromium): what `neural-lens render` needs a browser for. Mermaid measures text in a real DOM,
// and raw HTML is sanitised by the very DOMPurify and configuration the article panel runs, so the file
// holds what the panel shows (and no second DOM implementation ships in the package).
import * as path from 'node:path';
import type { DiagramResult, DiagramSource, HeadlessPreviewApi, MermaidThemeSetting } from './diagramTypes';
import { launchChromium } from './headlessChromium';
import { printPdf } from './pdf';
import type { DrawnDiagram } from './standalone';

export { chromiumPath } from './headlessChromium';

export interface HeadlessPreview {
  renderDiagrams(diagrams: DiagramSource[], theme: MermaidThemeSetting, maxTextSize: number): Promise<Map<string, DrawnDiagram>>;
  sanitize(html: string): Promise<string>;
  /** The standalone page (`render`'s HTML) printed to an A4 PDF in the same browser. */
  printPdf(html: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Starts Chromium on a plain page holding dist/media/preview.js (Mermaid, shared.js, is added on the first diagrams). */
export async function openHeadlessPreview(distDir: string, browserPath?: string): Promise<HeadlessPreview> {
  // Loaded only when needed (playwright-core too): the rest of the CLI works without a browser.
  const browser = await launchChromium(browserPath);
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: path.join(distDir, 'media', 'preview.js') });
    // media/preview/index.ts sets it when it is not inside a webview.
    if (!(await page.evaluate(() => 'neuralLensRender' in globalThis))) throw new Error('dist/media/preview.js did not expose its headless renderer');
    let mermaidLoaded = false;
    return {
      async renderDiagrams(diagrams, theme, maxTextSize) {
        if (!mermaidLoaded) {
          await page.addScriptTag({ path: path.join(distDir, 'media', 'shared.js') });
          mermaidLoaded = true;
        }
        const results: DiagramResult[] = await page.evaluate(({ list, theme, max }) => (globalThis as unknown as HeadlessPage).neuralLensRender.renderDiagrams(list, theme, max), { list: diagrams, theme, max: maxTextSize });
        if (results.length !== diagrams.length) throw new Error(`the page drew ${results.length} of ${diagrams.length} diagrams ${errors.join('; ')}`);
        return new Map(results.map((r) => [r.hash, 'svg' in r ? { svg: r.svg } : { error: r.error }]));
      },
      sanitize: (html) => page.evaluate((html) => (globalThis as unknown as HeadlessPage).neuralLensRender.sanitize(html), html),
      printPdf: (html) => printPdf(browser, html),
      close: () => browser.close(),
    };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** The page's global scope (the functions given to page.evaluate run there, from their source text). */
interface HeadlessPage {
  neuralLensRender: HeadlessPreviewApi;
}
