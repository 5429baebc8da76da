// The one DOMPurify configuration for an article's raw HTML (neuralLens.preview.allowHtml / render
// --allow-html): the article panel's webview (media/preview) and the standalone export
// (sanitizerBundle.ts, DOMPurify on jsdom) both sanitise with it, so what the panel shows is what the
// exported file holds. DOMPurify's defaults already drop scripts, event handlers, javascript: URLs,
// <meta> and <base>; a file that is shared must also not collect what is typed into it.
import type { Config } from 'dompurify';

export const SANITIZE_CONFIG: Readonly<Config> = Object.freeze({
  FORBID_TAGS: ['form', 'meta', 'base'],
  FORBID_ATTR: ['action', 'formaction'],
});
