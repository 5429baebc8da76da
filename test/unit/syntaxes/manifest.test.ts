import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './tokenize';

describe('contributed grammars', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { grammars: { scopeName: string; path: string; injectTo?: string[] }[] };
  };

  for (const scope of ['markdown.neuralLens.mermaid', 'markdown.neuralLens.math']) {
    it(`${scope} is contributed, injected into Markdown, and its file declares the same scope`, () => {
      const entry = manifest.contributes.grammars.find((g) => g.scopeName === scope);
      assert.ok(entry, `package.json contributes ${scope}`);
      assert.deepEqual(entry.injectTo, ['text.html.markdown']);
      const grammar = JSON.parse(fs.readFileSync(path.join(repoRoot, entry.path), 'utf8')) as { scopeName: string; injectionSelector: string };
      assert.equal(grammar.scopeName, scope);
      assert.match(grammar.injectionSelector, /text\.html\.markdown/);
    });
  }
});
