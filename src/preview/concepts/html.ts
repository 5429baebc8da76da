import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { conceptsStrings } from './strings';

/**
 * The view's page: strict CSP (nothing by default; our script by nonce only; styles from the extension
 * plus the inline styles Mermaid's SVG carries; images from the extension and data: for PNG export).
 */
export function conceptsHtml(webview: vscode.Webview, mediaRoot: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'concepts.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'concepts.css'));
  // Mermaid, loaded by the page (with this nonce) when it first draws a diagram.
  const mermaid = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'shared.js'));
  const csp = [
    `default-src 'none'`,
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `font-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  // JSON in a data block: `<` escaped so no string can close the element.
  const strings = JSON.stringify(conceptsStrings()).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${vscode.l10n.t('Concepts')}</title>
</head>
<body data-mermaid-src="${mermaid}">
<script type="application/json" id="nl-strings">${strings}</script>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
