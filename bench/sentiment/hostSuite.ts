// The in-extension-host half of bench/sentiment/workbench.ts: loaded by the workbench as `extensionTestsPath`,
// it times the sentiment feature where it runs, reading what it applied through the `_debugState` test hook.
//   (a) showTextDocument of the 10,000-line article → first labels set → every line scored (window set);
//   (b) an edit of the probe line → its label set again: the extension's own part of a keystroke, from the
//       edit's onDidChangeTextDocument in this host to the time the hook reports the decorations set
//       (debounce included).
// Prints one `SENTIMENT-HOST {json}` line; workbench.ts picks it up from the relayed console.
import * as vscode from 'vscode';
import type { SentimentDebugState } from '../../src/sentiment/controller';
import { waitFor } from '../../test/harness/waitFor';

const PROBE_LINE = 5;
const PROBE_COLUMN = 16; // inside "great" of "The food was great."

async function state(): Promise<SentimentDebugState> {
  return vscode.commands.executeCommand<SentimentDebugState>('neuralLens.sentiment._debugState', { settle: false });
}

/** Polls `probe` every 2 ms, for up to 2 minutes. */
const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => waitFor(what, probe, 120_000, 2);

export async function run(): Promise<void> {
  const doc = process.env.NL_BENCH_DOC;
  const model = process.env.NL_BENCH_MODEL;
  const edits = Number(process.env.NL_BENCH_KEYSTROKES ?? 10);
  if (!doc || !model) throw new Error('NL_BENCH_DOC and NL_BENCH_MODEL must be set');
  await vscode.extensions.getExtension('neural-lens.neural-lens')!.activate();
  await vscode.commands.executeCommand('neuralLens.sentiment._useModel', model);
  const uri = vscode.Uri.file(doc);
  const labelsOf = (s: SentimentDebugState): Array<{ line: number; text: string }> | undefined => {
    const editor = s.editors.find((e) => e.uri === uri.toString());
    return editor && Object.values(editor.decorations).flat();
  };

  const opened = performance.now();
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const shown = performance.now() - opened;
  const first = await until('the first labels', async () => ((labelsOf(await state())?.length ?? 0) > 0 ? performance.now() - opened : undefined));
  const all = await until('every line scored', async () => {
    const s = await state();
    const e = s.editors.find((x) => x.uri === uri.toString());
    return e && e.pending === 0 && e.counts.some((c) => c.count > 0) ? performance.now() - opened : undefined;
  });

  // The edit's event reaches this listener right after the controller's, in the same host thread.
  let editedAt: number | undefined;
  const listener = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document.uri.toString() === uri.toString() && e.contentChanges.length > 0) editedAt ??= performance.now();
  });
  const keystrokes: number[] = [];
  const roundTrips: number[] = [];
  for (let i = 0; i < edits; i++) {
    for (const edit of [
      (b: vscode.TextEditorEdit) => b.insert(new vscode.Position(PROBE_LINE, PROBE_COLUMN), 'X'),
      (b: vscode.TextEditorEdit) => b.delete(new vscode.Range(PROBE_LINE, PROBE_COLUMN, PROBE_LINE, PROBE_COLUMN + 1)),
    ]) {
      editedAt = undefined;
      const sent = performance.now();
      await editor.edit(edit);
      roundTrips.push(performance.now() - sent);
      keystrokes.push(
        await until("the edited line's label", async () => {
          // Settled: no debounce or pass left, so the decorations last set are the edit's.
          const settled = await vscode.commands.executeCommand<SentimentDebugState>('neuralLens.sentiment._debugState', { settle: true });
          const appliedAt = settled.editors.find((e) => e.uri === uri.toString())?.appliedAt;
          return editedAt !== undefined && appliedAt !== undefined && appliedAt > editedAt ? appliedAt - editedAt : undefined;
        }),
      );
    }
  }
  listener.dispose();
  console.log(`SENTIMENT-HOST ${JSON.stringify({ shown, first, all, keystrokes, roundTrips })}`);
}
