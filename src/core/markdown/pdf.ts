// The standalone export printed to PDF by headless Chromium: the same HTML (and so the same strict CSP, no
// script), laid out for print by the stylesheet's print rules (media/preview/preview.css).
import type { Browser } from 'playwright-core';
import { withChromium } from './headlessChromium';

/** The page as an A4 PDF, printed by a Chromium the caller already has open. */
export async function printPdf(browser: Browser, html: string): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' } });
  } finally {
    await page.close();
  }
}

/** The same with a Chromium of its own (the editor's Export PDF: the diagrams come drawn from the panel). */
export function printPdfBytes(html: string, browserPath?: string): Promise<Uint8Array> {
  return withChromium(browserPath, (browser) => printPdf(browser, html));
}
