import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { imageAsDataUri, writeFileAtomic } from '../../../src/core/markdown/exportFiles';
import { inlineFontUrls, listDiagrams, renderStandaloneHtml } from '../../../src/core/markdown/standalone';
import { count, fixture, repoRoot, sample } from './helpers';

const options = { math: true, allowHtml: false };

describe('standalone HTML export', () => {
  const article = sample('article.md');

  it('lists every diagram in document order with its fence line', () => {
    const list = listDiagrams(article, options);
    assert.equal(list.length, 5);
    assert.deepEqual(
      list.map((d) => d.source.split('\n')[0]),
      ['graph TB', 'graph LR', 'flowchart TD', 'sequenceDiagram', 'classDiagram'],
    );
    const lines = article.split('\n');
    for (const d of list) assert.equal(lines[d.line], '```mermaid');
  });

  it('inlines drawn diagrams as SVG, shows diagram errors in place, and carries no script', () => {
    const list = listDiagrams(article, options);
    const diagrams = new Map(list.map((d, i) => [d.hash, i === 1 ? { error: 'Parse error on line 2' } : { svg: `<svg id="d${i}"><text>图${i}</text></svg>` }]));
    const html = renderStandaloneHtml({ markdown: article, title: 'T', options, diagrams, css: 'body{}' });
    assert.equal(count(html, '<svg id="d'), 4);
    assert.equal(count(html, 'class="nl-error nl-diagram-error"'), 1);
    assert.ok(html.includes('Diagram error (line '));
    assert.equal(count(html, '<span class="katex">'), 20);
    assert.equal(count(html, '<script'), 0);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; font-src data:">/);
  });

  it('keeps a diagram it was not given as readable source', () => {
    const html = renderStandaloneHtml({ markdown: '```mermaid\ngraph TD\nA-->B\n```\n', title: 'T', options, diagrams: new Map(), css: '' });
    assert.ok(html.includes('<pre class="nl-mermaid-source">graph TD'));
  });

  it('inlines KaTeX fonts as woff2 data: URIs and drops the woff/ttf fallbacks', () => {
    const katexDir = path.join(repoRoot, 'node_modules/katex/dist');
    const css = fs.readFileSync(path.join(katexDir, 'katex.min.css'), 'utf8');
    const faces = count(css, '@font-face');
    assert.ok(faces >= 20);
    const inlined = inlineFontUrls(css, (url) => fs.readFileSync(path.join(katexDir, url)));
    assert.equal(count(inlined, 'url(data:font/woff2;base64,'), faces);
    assert.equal(count(inlined, '.woff)'), 0);
    assert.equal(count(inlined, '.ttf)'), 0);
    assert.equal(count(inlined, 'url(fonts/'), 0);
  });

  it('leaves a font it cannot read as it was', () => {
    const css = '@font-face{font-family:X;src:url(fonts/x.woff2) format("woff2")}';
    assert.equal(inlineFontUrls(css, () => undefined), css);
  });

  it('turns relative images into data: URIs and leaves remote ones alone', () => {
    const resolve = imageAsDataUri(path.join(repoRoot, 'samples/article.md'));
    const uri = resolve('images/neuron.svg');
    assert.ok(uri?.startsWith('data:image/svg+xml;base64,'));
    assert.ok(Buffer.from(uri!.split(',')[1], 'base64').toString('utf8').includes('<svg'));
    assert.equal(resolve('https://example.com/a.png'), undefined);
    assert.equal(resolve('missing.png'), undefined);
  });

  it('writes atomically: the target appears whole, no temporary file is left', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-export-'));
    const file = path.join(dir, 'out.html');
    writeFileAtomic(file, '<p>ok</p>');
    assert.equal(fs.readFileSync(file, 'utf8'), '<p>ok</p>');
    assert.deepEqual(fs.readdirSync(dir), ['out.html']);
    fs.rmSync(dir, { recursive: true });
  });

  it('escapes the hostile fixture in the export too', () => {
    const html = renderStandaloneHtml({ markdown: fixture('hostile.md'), title: '<script>x</script>', options, diagrams: new Map(), css: '' });
    assert.equal(count(html, '<script'), 0);
    assert.doesNotMatch(html, /href\s*=\s*["']?\s*javascript:/i);
  });
});
