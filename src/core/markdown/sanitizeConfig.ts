// The one DOMPurify configuration for an article's raw HTML (neuralLens.preview.allowHtml / render
// --allow-html), used by media/preview/sanitize.ts: the article panel shows, and the standalone export
// writes, what that webview script returns (the export asks the panel, `render` runs the script in
// headless Chromium), so what the panel shows is what the exported file holds. DOMPurify's defaults already drop scripts, event handlers, javascript: URLs,
// <meta> and <base>; a file that is shared must also not collect what is typed into it.
import type { Config } from 'dompurify';

export const SANITIZE_CONFIG: Readonly<Config> = Object.freeze({
  FORBID_TAGS: ['form', 'meta', 'base'],
  FORBID_ATTR: ['action', 'formaction'],
});
