// Training the Keras model an article shows, the way a reader does it: the CodeLens above the sample
// article's model, then a Python file whose model has a Bidirectional wrapper: one click, a single dialog
// listing what cannot be trained, the CSV and its columns, and the wizard's Advanced list showing the code's
// numbers; Train, and the new model records them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { session, workbench } from '../harness/e2eSession';
import { testResultsDir } from '../harness/paths';
import { waitFor } from '../harness/waitFor';

const FIXTURE = 'keras_bidirectional.py';
const PYTHON_MODEL = `from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Embedding(5000, 16),
    layers.Bidirectional(layers.LSTM(24, dropout=0.1, recurrent_dropout=0.1)),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, batch_size=16)
`;
const LENS = '.codelens-decoration a';

function modelMetas(): Array<{ dir: string; meta: { kind: string; training: Record<string, unknown> } }> {
  const root = path.join(session().workspaceDir, '.neural-lens', 'models');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((d) => fs.existsSync(path.join(root, d, 'meta.json')))
    .map((d) => ({ dir: path.join(root, d), meta: JSON.parse(fs.readFileSync(path.join(root, d, 'meta.json'), 'utf8')) }));
}

describe('Keras code in the editor', () => {
  const shots = path.join(testResultsDir, 'e2e');

  before(() => {
    fs.mkdirSync(shots, { recursive: true });
    fs.writeFileSync(path.join(session().workspaceDir, FIXTURE), PYTHON_MODEL);
  });

  after(async () => {
    await workbench().closeAllEditors();
  });

  it('shows "Train this model on a CSV…" above the article’s Keras model', async function () {
    this.timeout(180_000);
    const page = session().page;
    await workbench().openFile('article.md');
    // The lens sits in the viewport only when its line is: go to it.
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(':138');
    await page.keyboard.press('Enter');
    const lens = page.locator(LENS, { hasText: 'Train this model on a CSV…' }).first();
    await lens.waitFor({ state: 'visible', timeout: 120_000 });
    assert.doesNotMatch(await lens.innerText(), /not supported/);
  });

  it('trains a Python file’s model after one confirmation, with the code’s numbers in the wizard', async function () {
    this.timeout(600_000);
    const page = session().page;
    const wb = workbench();
    const before = new Set(modelMetas().map((m) => m.dir));
    await wb.openFile(FIXTURE);
    const lens = page.locator(LENS, { hasText: 'Train this model on a CSV… (1 not supported)' }).first();
    await lens.waitFor({ state: 'visible', timeout: 120_000 });
    await lens.click();

    // One dialog, listing what is left out.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await dialog.innerText(), /Bidirectional is not supported: trained without it/);
    await page.screenshot({ path: path.join(shots, 'keras-confirm.png') });
    await dialog.locator('.monaco-button', { hasText: /^Yes$/ }).click();

    // The CSV, then the detected columns.
    await wb.quickInputRow('reviews.csv').waitFor({ state: 'visible', timeout: 60_000 });
    await wb.quickInputRow('reviews.csv').click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Train Sentiment Model on reviews.csv' }).waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');

    // The Advanced list, with the code's numbers.
    await wb.quickInputRow('LSTM units').waitFor({ state: 'visible', timeout: 30_000 });
    const shown = async (label: string): Promise<string> => (await wb.quickInputRow(label).locator('.label-description').innerText()).trim();
    assert.deepEqual(
      { units: await shown('LSTM units'), epochs: await shown('Epochs'), embedding: await shown('Embedding size'), vocabulary: await shown('Vocabulary size'), batch: await shown('Batch size'), dropout: await shown('Dropout') },
      { units: '24', epochs: '3', embedding: '16', vocabulary: '5000', batch: '16', dropout: '0.1' },
    );
    const train = wb.quickInputRow('Train');
    assert.match(await train.innerText(), /From the Keras code: Embedding\(5000, 16\) → LSTM\(24, dropout=0\.1, recurrent_dropout=0\.1\)/);
    await page.screenshot({ path: path.join(shots, 'keras-wizard.png') });
    await train.click();

    const trained = await waitFor(
      'the model trained from the Keras code',
      () => modelMetas().find((m) => !before.has(m.dir)),
      480_000,
      500,
    );
    assert.equal(trained.meta.kind, 'lstm');
    const t = trained.meta.training;
    assert.deepEqual([t.units, t.dropout, t.recurrentDropout, t.embeddingDim, t.maxWords, t.epochs, t.batchSize, t.outputClasses], [24, 0.1, 0.1, 16, 5000, 3, 16, 3]);
  });
});
