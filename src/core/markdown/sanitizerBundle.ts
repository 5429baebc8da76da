// Entry of dist/sanitizer.js: DOMPurify on a jsdom window, for the standalone export of an article whose
// raw HTML is allowed. A bundle of its own (jsdom is large), required by exportFiles.ts's htmlSanitizer()
// only for such an export.
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { SANITIZE_CONFIG } from './sanitizeConfig';

/** A sanitiser for HTML fragments, configured exactly as the article panel's webview is. */
export function createSanitizer(): (html: string) => string {
  const purify = createDOMPurify(new JSDOM('').window as unknown as Window & typeof globalThis);
  return (html) => purify.sanitize(html, SANITIZE_CONFIG);
}
