// The one sanitiser of an article's raw HTML (neuralLens.preview.allowHtml): the panel shows what it
// returns, and the HTML export writes what it returns, asked through this webview from the editor and
// through this very script in headless Chromium from `neural-lens render`.
import DOMPurify from 'dompurify';
import { SANITIZE_CONFIG } from '../../src/core/markdown/sanitizeConfig';

export function sanitizeArticleHtml(html: string): string {
  return DOMPurify.sanitize(html, SANITIZE_CONFIG);
}
