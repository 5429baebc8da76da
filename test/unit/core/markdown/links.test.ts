import * as assert from 'node:assert/strict';
import { linkTarget, localResource } from '../../../../src/core/markdown/links';

describe('core/markdown/links: where an article links to', () => {
  it('reads an image src as a path beside the article, or from the workspace root with a leading /', () => {
    assert.deepEqual(localResource('img/a%20b.png?v=2#x'), { path: 'img/a b.png', fromWorkspaceRoot: false });
    assert.deepEqual(localResource('/docs/fig.svg'), { path: 'docs/fig.svg', fromWorkspaceRoot: true });
    for (const url of ['https://example.com/a.png', 'data:image/png;base64,AAAA', '//host/a.png', 'bad%E0%A4%A.png']) {
      assert.equal(localResource(url), undefined, url);
    }
  });

  it('opens web and mail links outside, never other schemes, and files beside the article at their #L line', () => {
    assert.deepEqual(linkTarget('HTTPS://example.com'), { kind: 'external' });
    assert.deepEqual(linkTarget('mailto:a@b.c'), { kind: 'external' });
    for (const href of ['javascript:alert(1)', 'command:workbench.action.quit', 'file:///etc/passwd', 'bad%E0%A4%A.md']) {
      assert.deepEqual(linkTarget(href), { kind: 'ignored' }, href);
    }
    assert.deepEqual(linkTarget('other%20notes.md#L12'), { kind: 'document', file: 'other notes.md', line: 12 });
    assert.deepEqual(linkTarget('#L3'), { kind: 'document', file: undefined, line: 3 });
    assert.deepEqual(linkTarget('notes.md#intro'), { kind: 'document', file: 'notes.md', line: undefined });
  });
});
