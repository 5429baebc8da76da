import * as assert from 'node:assert/strict';
import { diagramHashes, DrawingCache, needsMermaid } from '../../../../src/core/markdown/drawingCache';
import { createMarkdown } from '../../../../src/core/markdown/parser';
import { listDiagrams } from '../../../../src/core/markdown/standalone';
import { sample } from './helpers';

const svg = (n: number) => `<svg>${'x'.repeat(n - 11)}</svg>`;

describe('the host’s Mermaid drawings', () => {
  it('gives back every drawing of the sources asked for, in every theme, and nothing else', () => {
    const cache = new DrawingCache();
    cache.add({ hash: 'a', themeKey: 'light', svg: svg(20) });
    cache.add({ hash: 'a', themeKey: 'dark', svg: svg(21) });
    cache.add({ hash: 'b', themeKey: 'light', svg: svg(22) });
    assert.deepEqual(cache.forHashes(['a']).map((d) => [d.hash, d.themeKey]), [['a', 'light'], ['a', 'dark']]);
    assert.deepEqual(cache.forHashes(['c']), []);
    cache.add({ hash: 'a', themeKey: 'light', svg: svg(30) });
    assert.equal(cache.size, 3, 'the same source and theme replaces its drawing');
    assert.equal(cache.totalChars, 30 + 21 + 22);
  });

  it('stays within its size, dropping the least recently used first', () => {
    const cache = new DrawingCache(100);
    cache.add({ hash: 'a', themeKey: 't', svg: svg(40) });
    cache.add({ hash: 'b', themeKey: 't', svg: svg(40) });
    cache.forHashes(['a']); // used again: b is now the oldest
    cache.add({ hash: 'c', themeKey: 't', svg: svg(40) });
    assert.deepEqual(cache.forHashes(['a', 'b', 'c']).map((d) => d.hash).sort(), ['a', 'c']);
    assert.ok(cache.totalChars <= 100);
    cache.add({ hash: 'huge', themeKey: 't', svg: svg(101) });
    assert.deepEqual(cache.forHashes(['huge']), [], 'a drawing larger than the cache is not kept');
  });

  it('finds the diagrams of rendered HTML by the hashes the renderer gives them', () => {
    const article = sample('article.md');
    const html = createMarkdown({ math: true, allowHtml: false }).render(article);
    assert.deepEqual(diagramHashes(html), listDiagrams(article, { math: true, allowHtml: false }).map((d) => d.hash));
  });

  it('tells a new page to fetch Mermaid as it starts when the text has a diagram and nothing is kept yet', () => {
    const empty = new DrawingCache();
    for (const text of ['# A\n\n```mermaid\ngraph TB\n  a --> b\n```\n', '~~~ mermaid\ngraph LR\n~~~', '   ````mermaid\nx\n````']) assert.ok(needsMermaid(text, empty), text);
    for (const text of ['```js\nmermaid\n```', '    ```mermaid (indented code)', 'the word mermaid in prose', '```mermaidx\n```']) assert.ok(!needsMermaid(text, empty), text);
    const kept = new DrawingCache();
    kept.add({ hash: 'a', themeKey: 't', svg: svg(20) });
    assert.ok(!needsMermaid('```mermaid\ngraph TB\n```', kept), 'with drawings kept, the page asks for Mermaid when it needs it');
  });
});
