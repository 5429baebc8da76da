// The Concepts side view inside a real extension host: it resolves, lists what the core finds in the
// active Markdown document, draws every diagram and formula in its webview, follows the active editor
// and its edits, and a click (the same request the webview sends) reveals the source line.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extractConcepts } from '../../src/core/concepts';
import type { ConceptsViewSnapshot } from '../../src/preview/conceptsView';

const STATE = '_neuralLens.concepts.state';
const REVEAL = '_neuralLens.concepts.reveal';

function state(): Thenable<ConceptsViewSnapshot> {
  return vscode.commands.executeCommand<ConceptsViewSnapshot>(STATE);
}

/** Polls the view's state until `accept` returns true; fails with the last state seen. */
async function waitForState(what: string, accept: (s: ConceptsViewSnapshot) => boolean, timeoutMs = 45_000): Promise<ConceptsViewSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let last: ConceptsViewSnapshot | undefined;
  for (;;) {
    last = await state();
    if (last && accept(last)) return last;
    if (Date.now() > deadline) {
      const { items, ...rest } = last ?? ({ items: [] } as unknown as ConceptsViewSnapshot);
      throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify({ ...rest, items: items.length })}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** True once the webview reported having drawn this exact version of this document. */
function settledOn(document: vscode.TextDocument): (s: ConceptsViewSnapshot) => boolean {
  const uri = document.uri.toString();
  return (s) => s.ready && s.document?.uri === uri && s.document.version === document.version && s.report?.uri === uri && s.report.documentVersion === document.version;
}

describe('Concepts view', function () {
  let article: vscode.TextDocument;
  let folder: vscode.WorkspaceFolder;
  // Files of our own in the (throwaway) workspace: untitled editors would ask to be saved on close.
  const scratch: vscode.Uri[] = [];

  async function scratchDocument(name: string, content: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.joinPath(folder.uri, name);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(content, 'utf8'));
    scratch.push(uri);
    return vscode.workspace.openTextDocument(uri);
  }

  before(async function () {
    const ext = vscode.extensions.getExtension('neural-lens.neural-lens');
    assert.ok(ext, 'the extension is not loaded');
    await ext.activate();
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'the test workbench has no workspace folder open');
    folder = first;
    const uri = vscode.Uri.joinPath(folder.uri, 'article.md');
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      console.log(`    (skipped: ${uri.fsPath} is missing: samples/article.md is not in the test workspace)`);
      this.skip();
    }
    article = await vscode.workspace.openTextDocument(uri);
    const commands = await vscode.commands.getCommands(false);
    assert.ok(commands.includes(STATE), `${STATE} is not registered: registerConceptsView is not called from src/preview/register.ts`);
  });

  after(async () => {
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of scratch) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('resolves in the Neural Lens container and shows every diagram and formula of the active article', async function () {
    // The first Mermaid drawing loads the library in the webview: slow on a busy machine.
    this.timeout(240_000);
    await vscode.window.showTextDocument(article);
    await vscode.commands.executeCommand('neuralLens.concepts.focus');
    const expected = extractConcepts(article.getText());
    assert.ok(expected.some((c) => c.kind === 'mermaid'), 'the sample article has diagrams');
    assert.ok(expected.some((c) => c.kind !== 'mermaid'), 'the sample article has formulas');

    const s = await waitForState('the view to draw article.md', settledOn(article), 200_000);
    assert.equal(s.resolved, true);
    assert.deepEqual(
      s.items.map((i) => [i.id, i.kind, i.startLine, i.endLine, i.heading?.text]),
      expected.map((c) => [c.id, c.kind, c.startLine, c.endLine, c.heading?.text]),
    );
    const report = s.report!;
    const diagrams = expected.filter((c) => c.kind === 'mermaid').length;
    assert.equal(report.cards, expected.length, 'one card per concept');
    assert.equal(report.diagramErrors, 0, 'no diagram of the sample fails');
    assert.equal(report.diagramsDrawn, diagrams, 'every diagram drawn as SVG');
    assert.equal(report.formulas, expected.length - diagrams, 'every formula typeset by KaTeX');
    assert.equal(report.shown, expected.filter((c) => !c.oneSymbol).length, 'one-symbol formulas behind the toggle');
  });

  it('follows the active Markdown editor, ignores other editors, and follows edits', async () => {
    const other = await scratchDocument('concepts-second.md', '# 第二篇\n\n其中 $Z_l$ 是输出。\n');
    await vscode.window.showTextDocument(other);
    let s = await waitForState('the view to follow the second document', settledOn(other));
    assert.deepEqual(
      s.items.map((i) => [i.kind, i.source, i.heading?.text]),
      [['inlineMath', 'Z_l', '第二篇']],
    );

    // A plain-text editor is not Markdown: the view keeps showing the last Markdown document.
    const text = await scratchDocument('concepts-notes.txt', 'not markdown $x$\n');
    await vscode.window.showTextDocument(text);
    await new Promise((r) => setTimeout(r, 500));
    s = await state();
    assert.equal(s.document?.uri, other.uri.toString());

    const editor = await vscode.window.showTextDocument(other);
    const ok = await editor.edit((b) => b.insert(new vscode.Position(3, 0), '\n```mermaid\ngraph LR\n  A[输入] --> B[输出]\n```\n'));
    assert.ok(ok, 'the edit applied');
    s = await waitForState('the view to show the edited document', settledOn(other));
    assert.deepEqual(
      s.items.map((i) => i.kind),
      ['inlineMath', 'mermaid'],
    );
    assert.equal(s.report?.diagramsDrawn, 1);
    assert.equal(s.report?.diagramErrors, 0);
    await other.save();
  });

  it('reveals a concept’s source line in the editor (what a click on a card asks for)', async () => {
    await vscode.window.showTextDocument(article);
    const s = await waitForState('the view to be back on article.md', settledOn(article));
    const target = s.items[s.items.length - 1];
    assert.ok(target.startLine > 0);
    // Move away first so the reveal has something to do.
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const revealed = await vscode.commands.executeCommand<boolean>(REVEAL, target.id);
    assert.equal(revealed, true);
    const active = vscode.window.activeTextEditor;
    assert.equal(active?.document.uri.toString(), article.uri.toString());
    assert.equal(active?.selection.active.line, target.startLine);
    // Visible ranges reach the extension host a moment after the editor scrolled.
    const deadline = Date.now() + 10_000;
    const isVisible = () => active!.visibleRanges.some((r) => r.start.line <= target.startLine && target.startLine <= r.end.line);
    while (!isVisible() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(isVisible(), `line ${target.startLine} is scrolled into view (visible: ${active!.visibleRanges.map((r) => `${r.start.line}-${r.end.line}`).join(', ')})`);
    assert.equal(await vscode.commands.executeCommand<boolean>(REVEAL, 'no-such-id'), false);
  });
});
