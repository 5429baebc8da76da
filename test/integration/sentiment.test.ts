// Per-line sentiment inside a real extension host, with a model trained on the bundled sample through the
// extension's own command. What the editor shows is read through the hidden `_debugState` command (the
// decorations last applied per visible editor); the expected labels come from scoring the same texts with
// the same model in a worker of our own, so every assertion is exact and can fail.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EngineClient } from '../../src/engine/client';
import type { Prediction } from '../../src/engine/protocol';
import type { SentimentDebugState } from '../../src/sentiment/controller';
import { decorationText } from '../../src/core/sentiment/sentimentText';
import { selectLines } from '../../src/core/lineSelection';
import type { ModelInfo } from '../../src/training/modelRegistry';
import { DECORATION_WINDOW, FULL_DECORATION_LIMIT } from '../../src/core/sentiment/tuning';

const EXTENSION_ID = 'neural-lens.neural-lens';
const SECTION = 'neuralLens.sentiment';

type EditorState = SentimentDebugState['editors'][number];

const ARTICLE = [
  '---', //                                                 0 front matter
  'title: Reviews of our shop',
  '---',
  '# Customer voices', //                                   3 heading
  '',
  'Great value, excellent quality, highly recommended.', // 5
  'The rooms were tiny, dark and dirty.', //                6
  '',
  '```mermaid', //                                          8 Mermaid fence
  'graph TD',
  '  A[Great value] --> B[Awful service]',
  '```',
  '',
  '$$', //                                                  13 display math
  '\\text{great} = \\text{excellent}',
  '$$',
  '',
  '- I love this watch, the battery life is great.', //    17
  '> Terrible service, cold food and a rude waiter.', //   18
  '',
  '    awful indented code', //                             20 code
  '',
  '## It is a great heading', //                            22 heading
  'It is a blue phone with a charger.', //                  23
].join('\n');
const ARTICLE_SCORED: Record<number, string> = {
  5: 'Great value, excellent quality, highly recommended.',
  6: 'The rooms were tiny, dark and dirty.',
  17: 'I love this watch, the battery life is great.',
  18: 'Terrible service, cold food and a rude waiter.',
  23: 'It is a blue phone with a charger.',
};

const CSV = ['id,text,label', '1,Great value and excellent quality.,positive', '2,"Broken, awful', 'and a waste of money.",negative', '3,,neutral'].join('\n');
const CSV_SCORED: Record<number, string> = { 1: 'Great value and excellent quality.', 3: 'Broken, awful and a waste of money.' };

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

async function debugState(settle = true): Promise<SentimentDebugState> {
  const state = await vscode.commands.executeCommand<SentimentDebugState>('neuralLens.sentiment._debugState', { settle });
  assert.ok(state, 'the _debugState test hook returned nothing');
  return state;
}

/** Line → decoration text, over every colour class. */
function decorated(editor: EditorState | undefined): Map<number, string> {
  const out = new Map<number, string>();
  if (!editor) return out;
  for (const list of Object.values(editor.decorations)) for (const d of list) out.set(d.line, d.text);
  return new Map([...out].sort((a, b) => a[0] - b[0]));
}

/** Polls the decorations of `uri` until `check` passes (it throws while not), then returns them. */
async function waitForDecorations(uri: vscode.Uri, what: string, check: (lines: Map<number, string>, editor: EditorState | undefined) => void, timeoutMs = 20_000): Promise<Map<number, string>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const state = await debugState();
    const editor = state.editors.find((e) => e.uri === uri.toString());
    const lines = decorated(editor);
    try {
      check(lines, editor);
      return lines;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${(lastError as Error).message}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

async function hoverAt(uri: vscode.Uri, line: number, character = 2): Promise<string | undefined> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character))) ?? [];
  const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
  return texts.find((t) => t.includes('Sentiment'));
}

describe('sentiment', function () {
  let folder: vscode.Uri;
  let articleUri: vscode.Uri;
  let csvUri: vscode.Uri;
  let model: ModelInfo | undefined;
  let engine: EngineClient;

  /** The label the model gives `text`, scored independently of the extension. */
  async function expected(texts: string[]): Promise<Prediction[]> {
    assert.ok(model, 'no model was trained');
    return (await engine.score(model.dir, texts)).predictions;
  }

  async function expectedDecorations(byLine: Record<number, string>, minConfidence = 0): Promise<Map<number, string>> {
    const lines = Object.keys(byLine).map(Number);
    const predictions = await expected(lines.map((l) => byLine[l]));
    return new Map(lines.map((l, i): [number, Prediction] => [l, predictions[i]]).filter(([, p]) => p.confidence >= minConfidence).map(([l, p]) => [l, decorationText(p)]));
  }

  /** Puts the article back as written (a test may have edited it), saved. */
  async function resetArticle(): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(articleUri);
    if (doc.getText() === ARTICLE && !doc.isDirty) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(articleUri, new vscode.Range(0, 0, doc.lineCount, 0), ARTICLE);
    assert.ok(await vscode.workspace.applyEdit(edit), 'could not restore the article');
    await doc.save();
  }

  async function show(uri: vscode.Uri): Promise<vscode.TextEditor> {
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  }

  before(async function () {
    await extension().activate();
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'the test workbench has no workspace folder');
    folder = ws.uri;
    articleUri = vscode.Uri.joinPath(folder, 'sentiment-fixture.md');
    csvUri = vscode.Uri.joinPath(folder, 'sentiment-fixture.csv');
    fs.writeFileSync(articleUri.fsPath, ARTICLE);
    fs.writeFileSync(csvUri.fsPath, CSV);
    engine = new EngineClient(path.join(extension().extensionPath, 'dist', 'worker.js'));
    await setting('minConfidence', 0);
    await setting('mode', 'all');
    await setting('enabled', true);
  });

  after(async () => {
    engine?.dispose();
    for (const key of ['minConfidence', 'mode', 'enabled']) await setting(key, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('without a model, and nothing asked for: no decorations and no hover (quiet until the user opts in)', async () => {
    await vscode.commands.executeCommand('neuralLens.sentiment._useModel', null);
    await setting('enabled', undefined);
    try {
      await show(articleUri);
      const state = await debugState();
      assert.equal(state.model, undefined);
      assert.equal(decorated(state.editors.find((e) => e.uri === articleUri.toString())).size, 0);
      assert.equal(await hoverAt(articleUri, 5), undefined, 'a sentiment hover before any model or choice');
      // A languages list of the user's own that names the document's language is asking for it.
      await setting('languages', ['markdown']);
      assert.match((await hoverAt(articleUri, 5)) ?? '', /no model is active/);
    } finally {
      await setting('languages', undefined);
      await setting('enabled', true);
    }
  });

  it('without a model, sentiment turned on by the user: no decorations, and the hover offers both ways to train', async () => {
    await vscode.commands.executeCommand('neuralLens.sentiment._useModel', null);
    await show(articleUri);
    const state = await debugState();
    assert.equal(state.model, undefined);
    assert.equal(decorated(state.editors.find((e) => e.uri === articleUri.toString())).size, 0);
    const hover = await hoverAt(articleUri, 5);
    assert.ok(hover, 'no sentiment hover on a prose line');
    assert.match(hover, /no model is active/);
    assert.match(hover, /\(command:neuralLens\.training\.train\)/);
    assert.match(hover, /\(command:neuralLens\.sentiment\.trainOnSample\)/);
    assert.equal(await hoverAt(articleUri, 9), undefined, 'a line inside the Mermaid fence has no sentiment hover');
  });

  it('trains on the bundled sample and makes that model active', async function () {
    this.timeout(180_000);
    model = await vscode.commands.executeCommand<ModelInfo | undefined>('neuralLens.sentiment.trainOnSample', { silent: true });
    assert.ok(model, 'training on the bundled sample produced no model');
    assert.deepEqual([...model.labels].sort(), ['negative', 'neutral', 'positive']);
    const state = await debugState();
    assert.equal(state.model?.dir, model.dir);
  });

  describe('with the sample model', () => {
    before(function () {
      if (!model) this.skip();
    });

    beforeEach(resetArticle);

    it('decorates exactly the prose lines of a Markdown article, with the model’s labels', async () => {
      await show(articleUri);
      const want = await expectedDecorations(ARTICLE_SCORED);
      const got = await waitForDecorations(articleUri, 'the article decorations', (lines) => assert.deepEqual([...lines.keys()], [...want.keys()]));
      assert.deepEqual(got, want);
      for (const text of got.values()) assert.match(text, /^● (negative|neutral|positive) (\d{1,3}|<1)%$/);
      // The two unmistakable lines, as a sanity check of the model itself.
      assert.match(got.get(5)!, /positive/);
      assert.match(got.get(6)!, /negative/);
    });

    it('counts the labels shown, per class', async () => {
      const state = await debugState();
      const editor = state.editors.find((e) => e.uri === articleUri.toString())!;
      const shown = [...decorated(editor).values()].map((t) => t.split(' ')[1]);
      for (const { label, count } of editor.counts) assert.equal(count, shown.filter((l) => l === label).length, label);
      assert.equal(editor.counts.reduce((n, c) => n + c.count, 0), shown.length);
      // Each colour class holds only its own label.
      for (const d of editor.decorations.positive) assert.match(d.text, /positive/);
      for (const d of editor.decorations.negative) assert.match(d.text, /negative/);
    });

    it('re-scores a line after it is edited, and follows lines moved by an edit above', async () => {
      const editor = await show(articleUri);
      const replacement = 'Awful, broken after one day, a waste of money.';
      await editor.edit((b) => b.replace(editor.document.lineAt(5).range, replacement));
      const [after] = await expected([replacement]);
      await waitForDecorations(articleUri, 'line 5 re-scored', (lines) => assert.equal(lines.get(5), decorationText(after)));
      assert.equal(after.label, 'negative');
      // A new line above moves every decoration one line down.
      await editor.edit((b) => b.insert(new vscode.Position(5, 0), 'I love it, lovely friendly staff.\n'));
      const moved: Record<number, string> = { 5: 'I love it, lovely friendly staff.', 6: replacement };
      for (const [line, text] of Object.entries(ARTICLE_SCORED)) if (Number(line) > 5) moved[Number(line) + 1] = text;
      const want = await expectedDecorations(moved);
      await waitForDecorations(articleUri, 'decorations after inserting a line', (lines) => assert.deepEqual(lines, want));
    });

    it('hides labels below the minimum confidence', async () => {
      await show(articleUri);
      const all = await expected(Object.values(ARTICLE_SCORED));
      // A threshold between the lowest and the highest confidence, so some lines show and some do not.
      const sorted = all.map((p) => p.confidence).sort((a, b) => a - b);
      const threshold = (sorted[1] + sorted[2]) / 2;
      const want = await expectedDecorations(ARTICLE_SCORED, threshold);
      assert.ok(want.size > 0 && want.size < all.length, `threshold ${threshold} should split the lines`);
      await setting('minConfidence', threshold);
      try {
        await waitForDecorations(articleUri, `only lines above ${threshold}`, (lines) => assert.deepEqual(lines, want));
        const editor = (await debugState()).editors.find((e) => e.uri === articleUri.toString())!;
        assert.equal(editor.uncertain, all.length - want.size);
      } finally {
        await setting('minConfidence', 0);
      }
    });

    it('in currentLine mode decorates only the line with the cursor', async () => {
      const editor = await show(articleUri);
      await setting('mode', 'currentLine');
      try {
        editor.selection = new vscode.Selection(17, 0, 17, 0);
        await waitForDecorations(articleUri, 'only line 17', (lines) => assert.deepEqual([...lines.keys()], [17]));
        editor.selection = new vscode.Selection(8, 0, 8, 0); // inside the fence: nothing
        await waitForDecorations(articleUri, 'no line in the fence', (lines) => assert.equal(lines.size, 0));
      } finally {
        await setting('mode', 'all');
      }
    });

    it('in visible mode decorates only the lines on screen, and follows scrolling', async () => {
      const longUri = vscode.Uri.joinPath(folder, 'sentiment-long.md');
      fs.writeFileSync(longUri.fsPath, Array.from({ length: 600 }, (_, i) => `Line ${i}: great value and excellent quality.`).join('\n'));
      await setting('mode', 'visible');
      try {
        const editor = await show(longUri);
        const inView = (lines: Map<number, string>): void => {
          assert.ok(lines.size > 0, 'no decorations');
          const [range] = editor.visibleRanges;
          // The controller keeps a margin of 30 lines around what is visible.
          for (const line of lines.keys()) assert.ok(line >= range.start.line - 30 && line <= range.end.line + 30, `line ${line} decorated outside ${range.start.line}–${range.end.line}`);
          assert.ok(lines.has(range.start.line), `first visible line ${range.start.line} not decorated`);
        };
        const top = await waitForDecorations(longUri, 'decorations at the top', inView);
        assert.ok(top.size < 600);
        editor.revealRange(new vscode.Range(500, 0, 500, 0), vscode.TextEditorRevealType.AtTop);
        await waitForDecorations(longUri, 'decorations after scrolling to line 500', (lines) => {
          inView(lines);
          assert.ok(lines.has(500));
        });
      } finally {
        await setting('mode', 'all');
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
    });

    it('in a large document decorates a window around the view, counts every line, and moves the window on scrolling', async () => {
      const total = FULL_DECORATION_LIMIT + 2_000;
      const bigUri = vscode.Uri.joinPath(folder, 'sentiment-large.md');
      fs.writeFileSync(bigUri.fsPath, Array.from({ length: total }, (_, i) => `Line ${i}: great value and excellent quality.`).join('\n'));
      try {
        const editor = await show(bigUri);
        const inWindow = (lines: Map<number, string>, state: EditorState | undefined): void => {
          assert.ok(lines.size > 0, 'no decorations');
          const [range] = editor.visibleRanges;
          for (const line of lines.keys()) {
            assert.ok(line >= range.start.line - DECORATION_WINDOW && line <= range.end.line + DECORATION_WINDOW, `line ${line} decorated outside the window around ${range.start.line}–${range.end.line}`);
          }
          assert.ok(lines.has(range.start.line), `first visible line ${range.start.line} not decorated`);
          assert.equal(state?.pending, 0, 'lines still waiting for scores');
          const counted = (state?.counts ?? []).reduce((n, c) => n + c.count, 0);
          assert.equal(counted, total, 'every line of the document is counted, decorated or not');
        };
        const top = await waitForDecorations(bigUri, 'decorations around the top', inWindow, 60_000);
        assert.ok(top.size < total, `all ${total} lines decorated`);
        editor.revealRange(new vscode.Range(total - 100, 0, total - 100, 0), vscode.TextEditorRevealType.AtTop);
        await waitForDecorations(bigUri, `decorations after scrolling to line ${total - 100}`, (lines, state) => {
          inWindow(lines, state);
          assert.ok(lines.has(total - 100));
        });
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
    });

    it('decorations disappear on toggle and come back on the second toggle', async () => {
      await show(articleUri);
      await waitForDecorations(articleUri, 'decorations before the toggle', (lines) => assert.equal(lines.size, 5));
      await vscode.commands.executeCommand('neuralLens.sentiment.toggle');
      try {
        await waitForDecorations(articleUri, 'no decorations when off', (lines, editor) => {
          assert.equal(lines.size, 0);
          assert.ok(editor);
        });
        assert.equal((await debugState()).enabled, false);
        assert.equal(await hoverAt(articleUri, 5), undefined, 'no hover while off');
      } finally {
        await vscode.commands.executeCommand('neuralLens.sentiment.toggle');
      }
      await waitForDecorations(articleUri, 'decorations after toggling back', (lines) => assert.equal(lines.size, 5));
    });

    it('the hover lists every class with its probability, the model and a report link', async () => {
      await show(articleUri);
      const hover = await hoverAt(articleUri, 5);
      assert.ok(hover, 'no sentiment hover on a scored line');
      const [p] = await expected([ARTICLE_SCORED[5]]);
      for (const label of model!.labels) assert.match(hover, new RegExp(`\\| \\**${label}\\** \\| \`[^\`]+\` \\| (\\d{1,3}|<1)% \\|`), `row of ${label}`);
      assert.ok(hover.includes(`: ${p.label} `), `headline names ${p.label}`);
      assert.ok(hover.includes(model!.name.replace(/[\\`*_{}[\]()#+\-.!|<>~$]/g, '\\$&')), 'model name');
      assert.match(hover, /\(fast\)/);
      assert.match(hover, /Words that pushed it towards/);
      assert.match(hover, /command:neuralLens\.models\.showReport\?/);
      assert.equal(await hoverAt(articleUri, 14), undefined, 'no hover inside display math');
      assert.equal(await hoverAt(articleUri, 22), undefined, 'no hover on a heading');
    });

    it('a hover over a multi-line selection scores the selection as one text', async () => {
      const editor = await show(articleUri);
      editor.selection = new vscode.Selection(5, 0, 6, editor.document.lineAt(6).text.length);
      const hover = await hoverAt(articleUri, 5);
      assert.ok(hover);
      assert.match(hover, /selection \(2 lines\)/);
      const [p] = await expected([`${ARTICLE_SCORED[5]} ${ARTICLE_SCORED[6]}`]);
      assert.ok(hover.includes(`: ${p.label} `), `selection scored as ${p.label}`);
      editor.selection = new vscode.Selection(0, 0, 0, 0);
    });

    it('Analyze Selection scores the selection and returns the result', async () => {
      const editor = await show(articleUri);
      editor.selection = new vscode.Selection(17, 2, 17, editor.document.lineAt(17).text.length);
      const result = await vscode.commands.executeCommand<{ prediction: Prediction } | undefined>('neuralLens.sentiment.analyzeSelection');
      const [p] = await expected([ARTICLE_SCORED[17]]);
      assert.ok(result);
      assert.equal(result.prediction.label, p.label);
      assert.ok(Math.abs(result.prediction.confidence - p.confidence) < 1e-6);
    });

    it('decorates the text cells of a CSV, on the last line of a multi-line record, not the header', async () => {
      await show(csvUri);
      const want = await expectedDecorations(CSV_SCORED);
      const got = await waitForDecorations(csvUri, 'the CSV decorations', (lines) => assert.deepEqual([...lines.keys()], [1, 3]));
      assert.deepEqual(got, want);
    });

    it('re-selects a large CSV in steps: opening it, and a header edit that names another column, never hold the extension host for long', async function () {
      this.timeout(180_000);
      const ROWS = 30_000;
      const good = (i: number): string => `Great value and excellent quality, order ${i}.`;
      const bad = (i: number): string => `Broken, awful and a waste of money, order ${i}.`;
      const rows = Array.from({ length: ROWS }, (_, i) => `${i},"${good(i)}","${bad(i)}",x`);
      const text = ['id,text,remark,label', ...rows].join('\n');
      const bigUri = vscode.Uri.joinPath(folder, 'sentiment-large.csv');
      fs.writeFileSync(bigUri.fsPath, text);
      // What reading it all at once costs this extension host now: the reference for the longest pause allowed.
      const t0 = performance.now();
      selectLines(text, 'csv', { maxLength: 1000 });
      const atOnce = performance.now() - t0;
      // The longest the event loop of this extension host went without running a timer of 5 ms.
      let longest = 0;
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 5);
      const pauses: number[] = [];
      try {
        await show(bigUri);
        const opened = await waitForDecorations(bigUri, 'the large CSV decorated', (lines) => assert.ok(lines.has(1) && lines.has(2), 'rows 1 and 2 decorated'), 120_000);
        pauses.push(longest);
        assert.equal(opened.get(2), (await expectedDecorations({ 2: good(1) })).get(2));
        longest = 0;
        last = performance.now();
        const edit = new vscode.WorkspaceEdit();
        edit.replace(bigUri, new vscode.Range(0, 0, 0, 'id,text,remark'.length), 'id,note,review');
        assert.ok(await vscode.workspace.applyEdit(edit));
        // "review" names the text column now: every row's text is the other cell.
        const want = await expectedDecorations({ 1: bad(0), 2: bad(1) });
        await waitForDecorations(bigUri, 'the other column decorated', (lines) => assert.deepEqual([lines.get(1), lines.get(2)], [want.get(1), want.get(2)]), 120_000);
        pauses.push(longest);
      } finally {
        clearInterval(timer);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        fs.rmSync(bigUri.fsPath, { force: true });
      }
      // Read at once, opening it held the host longer than that (939 ms against 756 in one run); in steps, the
      // longest pauses are the machine's and the scoring's (100-300 ms against 550-860 on a loaded machine).
      assert.ok(Math.max(...pauses) < atOnce, `the longest pauses were ${pauses.map((p) => p.toFixed(0)).join(' and ')} ms; reading ${ROWS} rows at once takes ${atOnce.toFixed(0)} ms here`);
    });

    it('forgets every result when the model changes', async () => {
      await show(articleUri);
      await vscode.commands.executeCommand('neuralLens.sentiment._useModel', null);
      await waitForDecorations(articleUri, 'no decorations without a model', (lines) => assert.equal(lines.size, 0));
      await vscode.commands.executeCommand('neuralLens.sentiment._useModel', model!.dir);
      await waitForDecorations(articleUri, 'decorations with the model again', (lines) => assert.equal(lines.size, 5));
    });
  });
});
