// The shortest path a writer takes: open the article, ask for the preview beside it, read it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { session, workbench } from '../harness/e2eSession';

/** The article's first heading as it should read once rendered (inline markup stripped). */
function firstHeading(markdown: string): string | undefined {
  const line = markdown.split(/\r?\n/).find((l) => /^#{1,6}\s+\S/.test(l));
  return line
    ?.replace(/^#{1,6}\s+/, '')
    .replace(/\s+#+\s*$/, '')
    .replace(/[*_`]/g, '')
    .trim();
}

describe('smoke', () => {
  after(async () => {
    await workbench().closeAllEditors();
  });

  it('opens the preview of article.md to the side and shows its first heading', async function () {
    const article = path.join(session().workspaceDir, 'article.md');
    if (!fs.existsSync(article)) {
      console.log('    (skipped: samples/article.md is missing)');
      this.skip();
    }
    const heading = firstHeading(fs.readFileSync(article, 'utf8'));
    assert.ok(heading, 'samples/article.md has no heading to look for');

    const wb = workbench();
    await wb.openFile('article.md');
    await wb.runCommand('Neural Lens: Open Preview to the Side');

    const rendered = (await wb.previewFrame()).locator('h1, h2, h3, h4, h5, h6').first();
    await rendered.waitFor({ state: 'visible', timeout: 30_000 });
    const text = (await rendered.innerText()).replace(/\s+/g, ' ').trim();
    assert.ok(text.includes(heading.replace(/\s+/g, ' ')), `the preview's first heading reads "${text}", expected "${heading}"`);
    assert.equal(await wb.editorGroupCount(), 2, 'the preview should open in a second editor group, beside the article');
  });
});
