// Closing the loop in a real extension host: a model trained on the sample, a scored line corrected through
// the "Label this line as …" Code Action (appended to the labels file, created with the model's columns),
// a CSV's label cell set through "Set label to …" (one edit, undone by Undo), then "Retrain Active Model with
// Corrections": the same options plus the labels file, a new run recorded, and the two runs compared.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'csv-parse/sync';
import type { TrainOutcome } from '../../src/training/trainingService';
import { waitFor } from '../harness/waitFor';

const EXTENSION_ID = 'neural-lens.neural-lens';

interface Inspect {
  active?: string;
  history: Array<{ id: string; modelDir: string; dataFile: string }>;
  dashboard?: { runId?: string; status?: string; comparing?: string[] };
}
const inspect = async (): Promise<Inspect> => (await vscode.commands.executeCommand<Inspect>('neuralLens.training.inspect'))!;
const corrections = async (): Promise<{ labelsFile?: string; waiting: number }> => (await vscode.commands.executeCommand('neuralLens.sentiment._corrections'))!;

async function codeActions(uri: vscode.Uri, line: number): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(line, 0, line, 0))) ?? [];
}

describe('correcting labels and retraining (the loop)', function () {
  this.timeout(300_000);
  let workspace: string;
  let sample: string;
  let tmp: string;
  let labelsFile: string;
  let first: Extract<TrainOutcome, { status: 'trained' }>;

  before(async function () {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    sample = path.join(workspace, 'reviews.csv');
    if (!fs.existsSync(sample) || !fs.existsSync(path.join(__dirname, '../../../dist/worker.js'))) {
      console.log('    (skipped: the sample or dist/worker.js is missing: run `npm run build` first)');
      return this.skip();
    }
    tmp = fs.mkdtempSync(path.join(workspace, 'loop-'));
    labelsFile = path.join(os.tmpdir(), `nl-loop-labels-${process.pid}.csv`);
    fs.rmSync(labelsFile, { force: true });
    const outcome = await vscode.commands.executeCommand<TrainOutcome>('neuralLens.training.train', { data: sample, model: 'fast', silent: true });
    assert.equal(outcome?.status, 'trained', JSON.stringify(outcome));
    first = outcome as Extract<TrainOutcome, { status: 'trained' }>;
    assert.ok(first.runId, 'the training was not recorded as a run');
    assert.ok((await inspect()).history.some((r) => r.id === first.runId && r.modelDir === first.model.dir));
    assert.equal(await vscode.commands.executeCommand('neuralLens.sentiment.chooseLabelsFile', labelsFile), labelsFile);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    if (labelsFile) fs.rmSync(labelsFile, { force: true });
  });

  it('offers "Label this line as …" per class on a scored line, and appends the correction with the model’s columns', async () => {
    const doc = path.join(tmp, 'notes.md');
    fs.writeFileSync(doc, '# Notes\n\nThe staff were friendly but the room smelled of smoke.\n');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(doc));
    await vscode.commands.executeCommand('neuralLens.sentiment._debugState', { settle: true });
    const actions = await waitFor('the label actions on line 3', async () => {
      const found = (await codeActions(editor.document.uri, 2)).filter((a) => a.title.startsWith('Label this line as '));
      return found.length ? found : undefined;
    }, 60_000);
    assert.deepEqual(
      actions.map((a) => a.title),
      first.model.labels.map((l) => `Label this line as ${l}`),
    );
    assert.equal((await codeActions(editor.document.uri, 1)).length, 0, 'an empty line has nothing to label');
    const negative = actions.find((a) => a.title === 'Label this line as negative')!;
    assert.equal(await vscode.commands.executeCommand(negative.command!.command, ...negative.command!.arguments!), true);
    const rows = parse(fs.readFileSync(labelsFile, 'utf8')) as string[][];
    assert.deepEqual(rows, [
      ['text', 'label'],
      ['The staff were friendly but the room smelled of smoke.', 'negative'],
    ]);
    assert.equal((await corrections()).waiting, 1);
  });

  it('"Set label to …" in a CSV edits that record’s label cell, and Undo takes it back', async () => {
    const csv = path.join(tmp, 'more.csv');
    const original = 'text,label\n"Lovely, quiet room",negative\nAwful breakfast,negative\n';
    fs.writeFileSync(csv, original);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(csv));
    await vscode.commands.executeCommand('neuralLens.sentiment._debugState', { settle: true });
    const set = await waitFor('the set-label actions on line 2', async () => (await codeActions(editor.document.uri, 1)).find((a) => a.title === 'Set label to positive'), 60_000);
    assert.equal(await vscode.commands.executeCommand(set.command!.command, ...set.command!.arguments!), true);
    assert.equal(editor.document.getText(), 'text,label\n"Lovely, quiet room",positive\nAwful breakfast,negative\n');
    assert.equal(editor.document.isDirty, true, 'an edit, not a write behind the editor');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
  });

  it('retrains the active model with the corrections and compares the two runs', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const outcome = await vscode.commands.executeCommand<TrainOutcome>('neuralLens.training.retrainWithCorrections', labelsFile);
    assert.equal(outcome?.status, 'trained', JSON.stringify(outcome));
    if (outcome?.status !== 'trained') return;
    const meta = JSON.parse(fs.readFileSync(path.join(outcome.model.dir, 'meta.json'), 'utf8'));
    assert.equal(meta.training.corrections, labelsFile);
    assert.equal(meta.training.correctionsApplied.rows, 1);
    assert.equal(meta.training.model, 'fast');
    assert.equal(meta.training.seed, JSON.parse(fs.readFileSync(path.join(first.model.dir, 'meta.json'), 'utf8')).training.seed);
    assert.equal((await inspect()).active, outcome.model.dir);
    const state = await waitFor('the comparison in the dashboard', async () => ((await inspect()).dashboard?.comparing?.length === 2 ? inspect() : undefined), 60_000);
    assert.deepEqual(state.dashboard?.comparing, [first.runId, outcome.runId]);
    await waitFor('no corrections waiting', async () => ((await corrections()).waiting === 0 ? true : undefined), 60_000);
    // Deleting the model keeps its run unless asked otherwise.
    assert.equal(await vscode.commands.executeCommand('neuralLens.models.delete', outcome.model, { confirmed: true, keepRun: false }), true);
    assert.ok(!(await inspect()).history.some((r) => r.id === outcome.runId), 'the run was kept');
    assert.ok((await inspect()).history.some((r) => r.id === first.runId));
  });
});
