import * as assert from 'node:assert/strict';
import { buildPreviewHtml } from '../../../src/preview/previewHtml';
import { buildPageHtml, contentSecurityPolicy, createNonce, PAGE_CSP, type PageName } from '../../../src/webview/page';

const cspSource = 'https://*.vscode-cdn.net';

/** Every page as its host code builds it (the preview through its own wrapper). */
function pageHtml(page: PageName, nonce: string): string {
  const common = { cspSource, nonce, scriptUri: `https://x/${page}.js`, styleUri: `https://x/${page}.css`, mermaidUri: 'https://x/shared.js', title: 'T' };
  if (page === 'preview') return buildPreviewHtml({ ...common, resource: 'file:///a.md' });
  return buildPageHtml({ ...common, page, strings: { close: '</script><script>alert(1)</script>' } });
}

function directives(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(content, 'the page has a CSP meta tag');
  const policy = content.replace(/&#39;|&apos;/g, "'");
  return new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
}

describe('webview pages', () => {
  for (const page of Object.keys(PAGE_CSP) as PageName[]) {
    describe(page, () => {
      const html = pageHtml(page, 'N0nce42');
      const csp = directives(html);

      it('refuses everything by default, and plugins, form posts and <base> outright', () => {
        assert.deepEqual(csp.get('default-src'), ["'none'"]);
        assert.deepEqual(csp.get('object-src'), ["'none'"]);
        assert.deepEqual(csp.get('form-action'), ["'none'"]);
        assert.deepEqual(csp.get('base-uri'), ["'none'"]);
        assert.deepEqual(csp.get('connect-src'), ["'none'"]);
        assert.deepEqual(csp.get('frame-src'), ["'none'"]);
      });

      it('runs scripts only with the nonce, and every <script> carries it', () => {
        assert.deepEqual(csp.get('script-src'), ["'nonce-N0nce42'"]);
        const scripts = html.match(/<script\b[^>]*>/g) ?? [];
        assert.ok(scripts.length >= 1);
        for (const tag of scripts) assert.match(tag, / nonce="N0nce42"/, tag);
        assert.ok(!html.includes('unsafe-eval'));
      });

      it('allows only the common sources plus its own additions', () => {
        const extra = PAGE_CSP[page];
        assert.deepEqual(csp.get('img-src'), [cspSource, ...(extra['img-src'] ?? [])]);
        assert.deepEqual(csp.get('font-src'), [cspSource, ...(extra['font-src'] ?? [])]);
        assert.deepEqual(csp.get('style-src'), [cspSource, "'unsafe-inline'", ...(extra['style-src'] ?? [])]);
        assert.equal(csp.size, 10, [...csp.keys()].join(', '));
      });

      it('loads Mermaid from the URL it is given, on demand', () => {
        assert.ok(html.includes('data-mermaid-src="https://x/shared.js"'));
      });
    });
  }

  it('puts strings in a data block that no string can close', () => {
    const html = pageHtml('concepts', 'n');
    const block = /<script type="application\/json" id="nl-strings" nonce="n">(.*?)<\/script>/.exec(html)?.[1];
    assert.ok(block);
    assert.ok(!block.includes('<'), block);
    assert.deepEqual(JSON.parse(block), { close: '</script><script>alert(1)</script>' });
  });

  it('escapes attribute values and the title', () => {
    const html = buildPageHtml({ page: 'dashboard', cspSource, nonce: 'n', scriptUri: 's', styleUri: 'c', mermaidUri: 'm', title: '<b>"x"</b>', lang: 'zh-"cn"', data: { resource: 'a"b' } });
    assert.ok(html.includes('<title>&lt;b&gt;&quot;x&quot;&lt;/b&gt;</title>'));
    assert.ok(html.includes('lang="zh-&quot;cn&quot;"'));
    assert.ok(html.includes('data-resource="a&quot;b"'));
  });

  it('gives every page the same policy but for its own additions', () => {
    const base = contentSecurityPolicy(cspSource, 'n');
    assert.equal(contentSecurityPolicy(cspSource, 'n', PAGE_CSP.dashboard), base);
    assert.equal(contentSecurityPolicy(cspSource, 'n', { 'img-src': ['data:'] }), base.replace(`img-src ${cspSource}`, `img-src ${cspSource} data:`));
  });
});

describe('nonce', () => {
  it('is 32 letters or digits, different on every call, from crypto by default', () => {
    const seen = new Set(Array.from({ length: 100 }, () => createNonce()));
    assert.equal(seen.size, 100);
    for (const n of seen) assert.match(n, /^[A-Za-z0-9]{32}$/);
  });

  it('skips the bytes that would make some letters likelier (248 and above)', () => {
    const batches = [new Uint8Array(32).fill(250), new Uint8Array(32).fill(61)];
    const nonce = createNonce(() => batches.shift() ?? new Uint8Array(32).fill(0));
    assert.equal(nonce, '9'.repeat(32));
  });

  it('maps the accepted bytes evenly onto the 62 letters', () => {
    // Bytes 0..247, each once: every letter must come out exactly four times (8 batches of 31).
    const counts = new Map<string, number>();
    for (let start = 0; start < 248; start += 31) {
      // 31 bytes of the range, one skipped byte, then a batch of zeros for the 32nd letter.
      const batches = [Uint8Array.from({ length: 32 }, (_, i) => (i < 31 ? start + i : 255)), new Uint8Array(32)];
      const nonce = createNonce(() => batches.shift()!);
      for (const c of nonce.slice(0, 31)) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    assert.equal(counts.size, 62);
    assert.deepEqual(new Set(counts.values()), new Set([4]));
  });
});
