// The article panel's HTML and its Content Security Policy, built in one place. No vscode import:
// unit tests check the policy directly.

export interface PreviewHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  /** dist/media/shared.js (Mermaid): the page loads it itself, with the nonce, when a diagram needs it. */
  mermaidUri: string;
  styleUri: string;
  /** The document shown, so a reloaded webview knows it before the first message (serializer). */
  resource: string;
  title: string;
  lang?: string;
}

/**
 * default-src 'none'; scripts only with this load's nonce (no inline script, no eval); styles from
 * the extension plus inline ones (Mermaid writes <style> into its SVGs and KaTeX positions with style
 * attributes); images from the workspace/extension, data: and https:; fonts from the extension.
 */
export function buildCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data: https:`,
    `font-src ${cspSource}`,
    "connect-src 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** A fresh nonce per page load: 32 characters from a 62-letter alphabet (≈190 bits). */
export function createNonce(random: (size: number) => Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random(32), (b) => alphabet[b % alphabet.length]).join('');
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function buildPreviewHtml(input: PreviewHtmlInput): string {
  return `<!DOCTYPE html>
<html lang="${attr(input.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(buildCsp(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>${attr(input.title)}</title>
</head>
<body data-resource="${attr(input.resource)}" data-mermaid-src="${attr(input.mermaidUri)}">
<main id="nl-root" class="nl-article"></main>
<script nonce="${attr(input.nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
