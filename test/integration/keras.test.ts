// The Keras bridge in a real extension host: the CodeLens above the sample article's Keras model (and a
// Python file's), carrying the numbers the wizard starts with; a training with those numbers records them;
// a model written for another class count stops before training; a trained run exports from the Models view
// command into a new folder each time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KerasModel } from '../../src/core/keras/kerasModel';
import type { ExportResult } from '../../src/core/keras/exportFormat';
import { prefillFor } from '../../src/training/keras/trainFromCode';
import type { TrainOutcome } from '../../src/training/trainingService';
import { waitFor } from '../harness/waitFor';

const EXTENSION_ID = 'neural-lens.neural-lens';

const PYTHON_MODEL = `import tensorflow as tf
EPOCHS = 2
model = tf.keras.Sequential([
    tf.keras.layers.Embedding(2000, 16),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(12, dropout=0.1)),
    tf.keras.layers.Dense(2, activation='softmax'),
])
model.compile(loss='sparse_categorical_crossentropy', optimizer=tf.keras.optimizers.Adam(learning_rate=0.005))
model.fit(x, y, epochs=EPOCHS, batch_size=8)
`;

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  // The provider answers once the parsers bundle is loaded; a first request may come before activation settles.
  return waitFor(
    `Keras lenses in ${path.basename(uri.fsPath)}`,
    async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      const ours = lenses.filter((l) => l.command?.command === 'neuralLens.keras.train');
      return ours.length > 0 ? ours : undefined;
    },
    60_000,
  );
}

describe('Keras code and export', function () {
  this.timeout(300_000);
  let workspace: string;
  let sample: string;
  const trained: string[] = [];
  let exportsRoot: string;

  before(async function () {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    sample = path.join(workspace, 'reviews.csv');
    if (!fs.existsSync(path.join(workspace, 'article.md')) || !fs.existsSync(sample)) {
      console.log('    (skipped: samples/article.md or samples/reviews.csv is not in the test workspace)');
      this.skip();
    }
    exportsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-export-it-'));
  });

  after(async () => {
    for (const dir of trained) await vscode.commands.executeCommand('neuralLens.models.delete', dir, { confirmed: true });
    if (exportsRoot) fs.rmSync(exportsRoot, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('puts "Train this model on a CSV…" above the article’s Keras model, with its numbers', async () => {
    const uri = vscode.Uri.file(path.join(workspace, 'article.md'));
    const lenses = await lensesOf(uri);
    assert.equal(lenses.length, 1);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.lineAt(lenses[0].range.start.line).text, 'model = Sequential()');
    assert.match(lenses[0].command!.title, /^\$\(beaker\) Train this model on a CSV…$/);
    const model = lenses[0].command!.arguments![0] as KerasModel;
    assert.deepEqual(model.options, { model: 'lstm', maxWords: 10000, embeddingDim: 32, units: 64, dropout: 0.2, recurrentDropout: 0.2, epochs: 10, batchSize: 32, validationSplit: 0.1, maxLength: 100 });
    assert.equal(model.outputClasses, 3);
  });

  it('lists in a Python file’s lens what cannot be trained, and trains the rest with its numbers recorded', async () => {
    const file = path.join(workspace, 'keras_model.py');
    fs.writeFileSync(file, PYTHON_MODEL);
    try {
      const [lens] = await lensesOf(vscode.Uri.file(file));
      assert.equal(lens.range.start.line, 2);
      assert.match(lens.command!.title, /\(1 not supported\)/);
      assert.match(lens.command!.tooltip ?? '', /Bidirectional is not supported: trained without it/);
      const model = lens.command!.arguments![0] as KerasModel;
      // What the wizard would train with, without its pickers: the sample has three labels, the code two.
      const prefill = prefillFor(model, sample);
      const refused = await vscode.commands.executeCommand<TrainOutcome>('neuralLens.training.train', { data: sample, ...prefill.prefill, ...prefill.runOnly, silent: true, activate: false });
      assert.equal(refused.status, 'failed');
      if (refused.status === 'failed') {
        assert.equal(refused.error.code, 'class-count');
        assert.match(refused.error.message, /2 outputs.*3 labels/);
      }
      const outcome = await vscode.commands.executeCommand<TrainOutcome>('neuralLens.training.train', { data: sample, ...prefill.prefill, silent: true, activate: false });
      assert.equal(outcome.status, 'trained', JSON.stringify(outcome));
      if (outcome.status !== 'trained') return;
      trained.push(outcome.model.dir);
      const meta = JSON.parse(fs.readFileSync(path.join(outcome.model.dir, 'meta.json'), 'utf8'));
      assert.deepEqual(
        [meta.kind, meta.training.units, meta.training.dropout, meta.training.embeddingDim, meta.training.maxWords, meta.training.learningRate, meta.training.epochs, meta.training.batchSize],
        ['lstm', 12, 0.1, 16, 2000, 0.005, 2, 8],
      );
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('exports a trained lstm from the Models view command, into a new folder each time', async () => {
    const outcome = await vscode.commands.executeCommand<TrainOutcome>('neuralLens.training.train', { data: sample, model: 'lstm', epochs: 1, maxLength: 30, silent: true, activate: false });
    assert.equal(outcome.status, 'trained', JSON.stringify(outcome));
    if (outcome.status !== 'trained') return;
    trained.push(outcome.model.dir);
    const first = await vscode.commands.executeCommand<ExportResult>('neuralLens.models.export', outcome.model, exportsRoot);
    assert.equal(first?.dir, path.join(exportsRoot, `${outcome.model.name}-keras`));
    assert.deepEqual(first?.files, ['train_keras.py', 'tfjs_model/model.json', 'tfjs_model/weights.bin', 'vocab.json']);
    assert.match(fs.readFileSync(path.join(first!.dir, 'train_keras.py'), 'utf8'), /^MAX_LENGTH = 30$/m);
    const second = await vscode.commands.executeCommand<ExportResult>('neuralLens.models.export', outcome.model, exportsRoot);
    assert.equal(second?.dir, path.join(exportsRoot, `${outcome.model.name}-keras-2`));
    assert.ok(fs.existsSync(path.join(first!.dir, 'train_keras.py')), 'the first export was left alone');
  });
});
