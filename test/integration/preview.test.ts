// The article panel inside a real extension host: commands, one panel per document, what the real
// webview reports it drew (it counts SVGs, .katex spans and error boxes in its own DOM), live edits
// that redraw no diagram, settings read live, and the HTML export.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ArticlePanelSnapshot } from '../../src/preview/articlePanel';
import { repoRoot } from '../harness/paths';

const fixtures = path.join(repoRoot, 'test/fixtures/markdown');

function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration suite runs with the samples copy as its workspace folder');
  return folder.uri;
}

async function state(): Promise<ArticlePanelSnapshot[]> {
  return (await vscode.commands.executeCommand<ArticlePanelSnapshot[]>('_neuralLens.preview.state')) ?? [];
}

async function panelFor(uri: vscode.Uri): Promise<ArticlePanelSnapshot | undefined> {
  return (await state()).find((p) => p.resource === uri.toString());
}

/** Waits until the preview of `uri` has drawn the current text of its document (newer than `afterVersion`). */
async function rendered(uri: vscode.Uri, afterVersion = 0, timeoutMs = 90_000): Promise<ArticlePanelSnapshot & { lastStats: NonNullable<ArticlePanelSnapshot['lastStats']> }> {
  const document = await vscode.workspace.openTextDocument(uri);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await panelFor(uri);
    if (p?.lastStats && p.lastUpdate && p.lastStats.version === p.lastUpdate.version && p.lastUpdate.documentVersion === document.version && p.lastStats.version > afterVersion) {
      return p as ArticlePanelSnapshot & { lastStats: NonNullable<ArticlePanelSnapshot['lastStats']> };
    }
    if (Date.now() > deadline) throw new Error(`the preview of ${path.basename(uri.path)} did not render in ${timeoutMs} ms; last state: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('neuralLens.preview'));
}

async function openEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.One });
}

describe('article panel', function () {
  this.timeout(180_000);
  let article: vscode.Uri;
  let invalid: vscode.Uri;
  let hostile: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension('neural-lens.neural-lens')?.activate();
    const folder = workspaceFolder();
    article = vscode.Uri.joinPath(folder, 'article.md');
    assert.ok(fs.existsSync(article.fsPath), 'samples/article.md is in the workspace');
    // The fixtures join the throwaway workspace copy (never the repository's samples/).
    invalid = vscode.Uri.joinPath(folder, 'fixture-invalid.md');
    hostile = vscode.Uri.joinPath(folder, 'fixture-hostile.md');
    fs.copyFileSync(path.join(fixtures, 'invalid.md'), invalid.fsPath);
    fs.copyFileSync(path.join(fixtures, 'hostile.md'), hostile.fsPath);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('neuralLens.preview').update('math', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('opens one panel per document beside the editor, and reveals it on the second call', async function () {
    this.timeout(400_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await openEditor(article);
    await vscode.commands.executeCommand('neuralLens.preview.openToSide');
    // The first webview of the session also loads the preview script: give a busy machine time.
    const shown = await rendered(article, 0, 280_000);
    console.log(`    (first preview: webview ready after ${shown.timings.ready?.toFixed(0)} ms, drawn after ${shown.timings.firstRendered?.toFixed(0)} ms)`);
    assert.equal(previewTabs().length, 1);
    const first = await panelFor(article);
    assert.equal(first?.viewColumn, vscode.ViewColumn.Two, 'beside the editor');

    await openEditor(article);
    await vscode.commands.executeCommand('neuralLens.preview.openToSide');
    await vscode.commands.executeCommand('neuralLens.preview.open');
    assert.equal(previewTabs().length, 1, 'asking again reveals the same panel');
    assert.equal((await state()).length, 1);
    assert.equal((await panelFor(article))?.visible, true);

    await vscode.commands.executeCommand('neuralLens.preview.openToSide', invalid);
    await rendered(invalid);
    assert.equal(previewTabs().length, 2, 'another document gets its own panel');
    assert.deepEqual((await state()).map((p) => path.basename(vscode.Uri.parse(p.resource).path)).sort(), ['article.md', 'fixture-invalid.md']);
  });

  it('draws every diagram and typesets every formula of the article, with no error box', async () => {
    await vscode.commands.executeCommand('neuralLens.preview.openToSide', article);
    const { lastStats } = await rendered(article);
    assert.equal(lastStats.diagrams, 5);
    assert.equal(lastStats.diagramErrors, 0);
    assert.equal(lastStats.formulas, 20);
    assert.equal(lastStats.formulaErrors, 0);
  });

  it('opens the article again with its diagrams from the host’s drawings: none drawn again', async () => {
    await vscode.commands.executeCommand('neuralLens.preview.openToSide', article);
    await rendered(article);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('neuralLens.preview.openToSide', article);
    const { lastStats } = await rendered(article);
    assert.equal(lastStats.diagrams, 5);
    assert.equal(lastStats.diagramRenders, 0, 'the new page drew no diagram itself');
  });

  it('shows errors in place on invalid input and renders the rest', async () => {
    await vscode.commands.executeCommand('neuralLens.preview.openToSide', invalid);
    const { lastStats } = await rendered(invalid);
    assert.equal(lastStats.diagrams, 2);
    assert.equal(lastStats.diagramErrors, 1);
    assert.equal(lastStats.formulaErrors, 2);
    assert.equal(lastStats.formulas, 3);
  });

  it('re-renders only the edited block on a keystroke outside diagrams, and redraws no diagram', async () => {
    await vscode.commands.executeCommand('neuralLens.preview.openToSide', article);
    const before = await rendered(article);
    const document = await vscode.workspace.openTextDocument(article);
    const line = document.getText().split('\n').findIndex((l) => l.startsWith('万能逼近定理说'));
    assert.ok(line > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(article, new vscode.Position(line, 0), '注：');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await rendered(article, before.lastStats.version);
    assert.equal(after.lastUpdate?.rendered, 1, 'one block rendered on the host');
    assert.equal(after.lastStats.blocksReplaced, 1, 'one block replaced in the webview');
    assert.equal(after.lastStats.diagramRenders, before.lastStats.diagramRenders, 'no diagram redrawn');
    assert.equal(after.lastStats.diagrams, 5);

    // Now an edit inside a diagram: exactly that one is redrawn.
    const text = document.getText();
    const offset = text.indexOf('B --> F[机器翻译]') + 'B --> F[机器翻译'.length;
    const edit2 = new vscode.WorkspaceEdit();
    edit2.insert(article, document.positionAt(offset), '与摘要');
    assert.ok(await vscode.workspace.applyEdit(edit2));
    const after2 = await rendered(article, after.lastStats.version);
    assert.equal(after2.lastStats.diagramRenders, after.lastStats.diagramRenders + 1);
    assert.equal(after2.lastStats.diagramErrors, 0);
    await vscode.commands.executeCommand('workbench.action.files.revert', article);
  });

  it('posts no update when nothing in the document changed (focus moving between editor and preview)', async () => {
    await openEditor(article);
    await vscode.commands.executeCommand('neuralLens.preview.openToSide', article);
    const before = await rendered(article);
    await openEditor(article);
    await vscode.commands.executeCommand('neuralLens.preview.open', article);
    await openEditor(article);
    await new Promise((r) => setTimeout(r, 800));
    assert.equal((await panelFor(article))?.updatesPosted, before.updatesPosted);
  });

  it('reads the settings live: math off shows the formulas as text', async () => {
    await vscode.commands.executeCommand('neuralLens.preview.openToSide', article);
    const before = await rendered(article);
    const updatesBefore = before.updatesPosted;
    await vscode.workspace.getConfiguration('neuralLens.preview').update('math', false, vscode.ConfigurationTarget.Workspace);
    const deadline = Date.now() + 60_000;
    let p = await panelFor(article);
    while ((p?.updatesPosted ?? 0) <= updatesBefore || p?.lastStats?.version !== p?.lastUpdate?.version) {
      assert.ok(Date.now() < deadline, 'no re-render after the setting changed');
      await new Promise((r) => setTimeout(r, 100));
      p = await panelFor(article);
    }
    assert.equal(p?.lastStats?.formulas, 0);
    assert.equal(p?.lastStats?.diagrams, 5, 'diagrams are unaffected');
    await vscode.workspace.getConfiguration('neuralLens.preview').update('math', undefined, vscode.ConfigurationTarget.Workspace);
    const q = await rendered(article, p!.lastStats!.version);
    assert.equal(q.lastStats.formulas, 20);
  });

  it('renders the hostile fixture without running it (nothing to report but its text)', async () => {
    await vscode.commands.executeCommand('neuralLens.preview.openToSide', hostile);
    const { lastStats } = await rendered(hostile);
    assert.equal(lastStats.diagrams, 2);
    // \href, \url, \htmlId and \includegraphics are typeset as inert text, not links or errors.
    assert.equal(lastStats.formulaErrors, 0);
  });

  it('exports a standalone HTML file with every diagram as SVG, drawn by the webview', async () => {
    const target = vscode.Uri.joinPath(workspaceFolder(), 'article-export.html');
    const result = await vscode.commands.executeCommand<{ diagrams: number; diagramErrors: number; file: vscode.Uri }>('neuralLens.preview.exportHtml', article, target);
    assert.ok(result, 'the export returned no result');
    assert.equal(result.diagrams, 5);
    assert.equal(result.diagramErrors, 0);
    const html = fs.readFileSync(target.fsPath, 'utf8');
    const body = html.slice(html.indexOf('<body'));
    assert.equal((body.match(/<div class="nl-diagram-canvas"><svg /g) ?? []).length, 5);
    assert.equal((body.match(/<span class="katex">/g) ?? []).length, 20);
    assert.ok(!html.includes('<script'));
    assert.ok(html.includes('url(data:font/woff2;base64,'));
  });

  it('exports a PDF of the article (Export PDF), its diagrams drawn by the webview', async function () {
    if (!fs.existsSync(process.env.NEURAL_LENS_CHROMIUM ?? '/usr/bin/chromium')) {
      console.log('    (skipped: no Chromium to print with)');
      return this.skip();
    }
    const target = vscode.Uri.joinPath(workspaceFolder(), 'article-export.pdf');
    const result = await vscode.commands.executeCommand<{ diagrams: number; diagramErrors: number; bytes: number }>('neuralLens.preview.exportPdf', article, target);
    assert.ok(result, 'the export returned no result');
    assert.equal(result.diagrams, 5);
    assert.equal(result.diagramErrors, 0);
    const pdf = fs.readFileSync(target.fsPath);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(pdf.length, result.bytes);
  });

  it('exports raw HTML sanitised as the panel shows it, and no file from outside the workspace', async () => {
    const dir = vscode.Uri.joinPath(workspaceFolder(), 'export-safety');
    fs.mkdirSync(dir.fsPath, { recursive: true });
    const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-secret-'));
    fs.writeFileSync(path.join(secretDir, 'secret.png'), 'SECRET-BYTES');
    fs.rmSync(path.join(dir.fsPath, 'leak.png'), { force: true });
    fs.symlinkSync(path.join(secretDir, 'secret.png'), path.join(dir.fsPath, 'leak.png'));
    const raw = fs.readFileSync(path.join(fixtures, 'raw-html.md'), 'utf8').replace(/```mermaid[\s\S]*```\n/, '');
    const source = vscode.Uri.joinPath(dir, 'raw.md');
    fs.writeFileSync(source.fsPath, `${raw}\n![leak](leak.png)\n`);
    const config = vscode.workspace.getConfiguration('neuralLens.preview');
    await config.update('allowHtml', true, vscode.ConfigurationTarget.Workspace);
    try {
      const target = vscode.Uri.joinPath(dir, 'raw.html');
      const result = await vscode.commands.executeCommand<{ skippedImages: string[] }>('neuralLens.preview.exportHtml', source, target);
      assert.ok(result, 'the export returned no result');
      assert.deepEqual(result.skippedImages, ['leak.png']);
      const html = fs.readFileSync(target.fsPath, 'utf8');
      const body = html.slice(html.indexOf('<body'));
      assert.doesNotMatch(body, /http-equiv|<base|<form|onerror/i);
      assert.match(body, /<kbd>Ctrl<\/kbd>/, 'raw HTML is allowed');
      assert.ok(!html.includes(Buffer.from('SECRET-BYTES').toString('base64')), 'the file outside the workspace is not inlined');
      assert.match(html, /base-uri 'none'; form-action 'none'/);
      // Nor may the export overwrite its own article.
      const self = await vscode.commands.executeCommand('neuralLens.preview.exportHtml', source, source);
      assert.equal(self, undefined);
      assert.ok(fs.readFileSync(source.fsPath, 'utf8').startsWith('# Raw HTML'));
    } finally {
      await config.update('allowHtml', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(dir.fsPath, { recursive: true, force: true });
      fs.rmSync(secretDir, { recursive: true, force: true });
    }
  });
});
