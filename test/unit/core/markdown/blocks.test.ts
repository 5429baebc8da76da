import * as assert from 'node:assert/strict';
import { IncrementalRenderer } from '../../../../src/core/markdown/blocks';
import { createMarkdown } from '../../../../src/core/markdown/parser';
import { sample } from './helpers';

const md = () => createMarkdown({ math: true, allowHtml: false });

describe('incremental block rendering', () => {
  const article = sample('article.md');

  it('sends every block with its HTML the first time', () => {
    const r = new IncrementalRenderer(md());
    const update = r.update(article);
    assert.equal(update.full, true);
    assert.ok(update.blocks.length > 30);
    assert.ok(update.blocks.every((b) => b.html !== undefined));
    assert.equal(update.rendered, update.blocks.length);
    const joined = update.blocks.map((b) => b.html).join('');
    assert.equal(joined, md().render(article), 'block by block gives the same HTML as a whole render');
  });

  it('re-renders only the edited block; diagrams outside it are not resent', () => {
    const r = new IncrementalRenderer(md());
    r.update(article);
    const edited = article.replace('万能逼近定理说', '万能逼近定理告诉我们');
    const update = r.update(edited);
    assert.equal(update.full, false);
    assert.equal(update.rendered, 1);
    const sent = update.blocks.filter((b) => b.html !== undefined);
    assert.equal(sent.length, 1);
    assert.ok(sent[0].html!.includes('万能逼近定理告诉我们'));
    assert.ok(!sent.some((b) => b.html!.includes('nl-mermaid')), 'no diagram block resent');
  });

  it('re-renders a diagram block only when its own source changed', () => {
    const r = new IncrementalRenderer(md());
    r.update(article);
    const update = r.update(article.replace('B --> F[机器翻译]', 'B --> F[机器翻译与摘要]'));
    const sent = update.blocks.filter((b) => b.html !== undefined);
    assert.equal(sent.length, 1);
    assert.ok(sent[0].html!.includes('机器翻译与摘要'));
  });

  it('keeps blocks below an inserted line, with their new line numbers', () => {
    const r = new IncrementalRenderer(md());
    const before = r.update(article);
    const after = r.update('新的第一段。\n\n' + article);
    assert.equal(after.rendered, 1, 'only the new paragraph is rendered');
    assert.equal(after.blocks.length, before.blocks.length + 1);
    for (let i = 0; i < before.blocks.length; i++) {
      assert.equal(after.blocks[i + 1].key, before.blocks[i].key);
      assert.equal(after.blocks[i + 1].line, before.blocks[i].line + 2);
    }
  });

  it('sends the HTML again for a duplicated block the webview holds only once', () => {
    const r = new IncrementalRenderer(md());
    r.update('same\n\nother\n');
    const update = r.update('same\n\nsame\n\nother\n');
    assert.deepEqual(
      update.blocks.map((b) => b.html !== undefined),
      [false, true, false],
    );
  });

  it('starts over after reset() (webview reloaded, settings changed)', () => {
    const r = new IncrementalRenderer(md());
    r.update(article);
    r.reset();
    const update = r.update(article);
    assert.equal(update.full, true);
    assert.ok(update.blocks.every((b) => b.html !== undefined));
  });

  it('re-renders blocks that use a reference link when its definition changes', () => {
    const r = new IncrementalRenderer(md());
    r.update('see [docs][d]\n\n[d]: https://a.example/\n');
    const update = r.update('see [docs][d]\n\n[d]: https://b.example/\n');
    const sent = update.blocks.filter((b) => b.html !== undefined);
    assert.ok(sent.some((b) => b.html!.includes('https://b.example/')));
  });
});
