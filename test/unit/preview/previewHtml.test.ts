import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { buildCsp, buildPreviewHtml } from '../../../src/preview/previewHtml';
import { createNonce } from '../../../src/webview/page';

describe('preview HTML and CSP', () => {
  const cspSource = 'https://*.vscode-cdn.net';

  it('allows scripts only by nonce and nothing by default', () => {
    const csp = buildCsp(cspSource, 'abc123');
    const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), ["'nonce-abc123'"]);
    assert.deepEqual(directives.get('style-src'), [cspSource, "'unsafe-inline'"]);
    assert.deepEqual(directives.get('img-src'), [cspSource, 'data:', 'https:']);
    assert.deepEqual(directives.get('font-src'), [cspSource]);
    assert.ok(!csp.includes('unsafe-eval'));
    assert.ok(!/script-src[^;]*unsafe-inline/.test(csp));
  });

  it('makes a different 32-character nonce for every load', () => {
    const a = createNonce((n) => randomBytes(n));
    const b = createNonce((n) => randomBytes(n));
    assert.match(a, /^[A-Za-z0-9]{32}$/);
    assert.notEqual(a, b);
  });

  it('loads exactly one script, external and carrying the nonce', () => {
    const html = buildPreviewHtml({ cspSource, nonce: 'N0nce', scriptUri: 'https://x/preview.js', mermaidUri: 'https://x/shared.js', styleUri: 'https://x/preview.css', resource: 'file:///a/b "c".md', title: 'P' });
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, ['<script nonce="N0nce" src="https://x/preview.js">']);
    assert.ok(html.includes('</script>'));
    assert.match(html, /<\/script>\s*<\/body>/, 'no inline script body');
    assert.ok(html.includes(`content="${buildCsp(cspSource, 'N0nce').replace(/'/g, "'")}"`));
    assert.ok(html.includes('data-resource="file:///a/b &quot;c&quot;.md"'), 'attribute values are escaped');
  });

  it('fetches Mermaid as the page starts only when asked, with the nonce, without running it', () => {
    const input = { cspSource, nonce: 'N0nce', scriptUri: 'https://x/preview.js', mermaidUri: 'https://x/shared.js', styleUri: 'https://x/preview.css', resource: 'file:///a.md', title: 'P' };
    assert.ok(!buildPreviewHtml(input).includes('rel="preload"'));
    const html = buildPreviewHtml({ ...input, preloadMermaid: true });
    assert.deepEqual(html.match(/<link rel="preload"[^>]*>/g), ['<link rel="preload" as="script" href="https://x/shared.js" nonce="N0nce">']);
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script nonce="N0nce" src="https://x/preview.js">'], 'still one script element');
  });
});
