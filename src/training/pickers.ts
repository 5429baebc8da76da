// The quick picks of the train command: text column, label column (each with a preview of its values and
// the engine's guess pre-selected), model, and an "Advanced…" list for the numbers. Escape anywhere cancels.
import * as vscode from 'vscode';
import type { CsvPeek } from '../core/csvPeek';
import { MODEL_KINDS, type ModelKind } from '../core/modelKind';
import { appliesTo, fixedDefault, modelDefaults } from '../core/modelKinds';
import { CROSS_FIT_FOLDS, DEFAULT_VALIDATION_SPLIT } from '../core/validation';
import type { TrainOptions } from '../engine/protocol';

/** What the user chose for a file; remembered per file. Advanced numbers only when set explicitly. */
export interface TrainingChoices {
  textColumn?: string;
  labelColumn?: string;
  model: ModelKind;
  epochs?: number;
  batchSize?: number;
  maxLength?: number;
  validationSplit?: number;
  earlyStopping?: boolean;
  classWeights?: TrainOptions['classWeights'];
  seed?: number;
  embeddingDim?: number;
  maxWords?: number;
  learningRate?: number;
  units?: number;
  dropout?: number;
  recurrentDropout?: number;
  filters?: number;
  kernelSize?: number;
}

/** The layer numbers the Advanced list shows for the models that use them (tfjs/options.ts decides which). */
const LAYER_KEYS = ['embeddingDim', 'maxWords', 'units', 'dropout', 'recurrentDropout', 'filters', 'kernelSize', 'learningRate'] as const;

interface Step {
  title: string;
  step: number;
  totalSteps: number;
}

const t = vscode.l10n.t;
const SAMPLE_WIDTH = 48;

function preview(value: string): string {
  const flat = value.replace(/\s*\r?\n\s*/g, ' ⏎ ');
  return flat.length > SAMPLE_WIDTH ? `${flat.slice(0, SAMPLE_WIDTH - 1)}…` : flat;
}

/** One pick with an item pre-selected (showQuickPick cannot do that). Resolves undefined on Escape. */
function pickOne<T extends vscode.QuickPickItem>(items: T[], options: Step & { placeholder: string; active?: T }): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = options.title;
  qp.step = options.step;
  qp.totalSteps = options.totalSteps;
  qp.placeholder = options.placeholder;
  qp.items = items;
  qp.matchOnDetail = true;
  qp.matchOnDescription = true;
  // A wizard of several steps: clicking into the CSV to check a column (or a webview taking focus as it
  // loads) must not throw away the choices made so far. Escape still cancels.
  qp.ignoreFocusOut = true;
  if (options.active) qp.activeItems = [options.active];
  return new Promise<T | undefined>((resolve) => {
    let done = false;
    qp.onDidAccept(() => {
      done = true;
      resolve(qp.selectedItems[0] ?? qp.activeItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

type ColumnItem = vscode.QuickPickItem & { column: string };

async function pickColumn(
  peek: CsvPeek,
  what: 'text' | 'label',
  preferred: string | undefined,
  exclude: string | undefined,
  step: Step,
): Promise<string | undefined> {
  const guess = what === 'text' ? peek.guess?.textColumn : peek.guess?.labelColumn;
  const items: ColumnItem[] = peek.columns
    .filter((c) => c.name !== exclude)
    .map((c) => ({
      column: c.name,
      label: c.name,
      description: [c.name === guess ? t('detected') : undefined, what === 'label' ? t('{0} distinct values', c.distinct) : undefined]
        .filter(Boolean)
        .join(' · '),
      detail: c.samples.length > 0 ? c.samples.map(preview).join('  ·  ') : t('(empty in the first rows)'),
    }));
  const activeName = items.some((i) => i.column === preferred) ? preferred : guess;
  const picked = await pickOne(items, {
    ...step,
    placeholder: what === 'text' ? t('Which column holds the texts?') : t('Which column holds the labels?'),
    active: items.find((i) => i.column === activeName),
  });
  return picked?.column;
}

type ModelItem = vscode.QuickPickItem & { model?: ModelKind; advanced?: true };

/** What the model pick says about each kind (a Record: a new kind does not compile until it has its words). */
function modelTexts(): Record<ModelKind, { description: string; detail: string }> {
  return {
    fast: { description: t('default · seconds'), detail: t('fastText-style: word and n-gram embeddings averaged, then softmax.') },
    lstm: { description: t('the article’s Keras model · slower'), detail: t('Embedding → LSTM({0}) → Dense(softmax), on TensorFlow.js.', modelDefaults('lstm').units) },
    cnn: { description: t('convolutional'), detail: t('Embedding → Conv1D → GlobalMaxPooling1D → Dense(softmax), on TensorFlow.js.') },
  };
}

function modelItems(): ModelItem[] {
  const texts = modelTexts();
  return MODEL_KINDS.map((model) => ({ model, label: model, ...texts[model] }));
}

export interface PickerDefaults {
  model: ModelKind;
  epochs: number;
  batchSize: number;
  maxLength: number;
  earlyStopping: boolean;
  /** The patience setting; undefined: the model kind's own. */
  patience?: number;
  maxClasses: number;
}

/** How the pickers start: with choices made elsewhere (a Keras model's numbers) shown in the Advanced list. */
export interface PickerStart {
  /** Go from the columns straight to the Advanced list, where the numbers can be seen and changed. */
  advancedFirst?: boolean;
  /** A line under "Train": where the numbers come from, and what else the run takes along. */
  note?: string;
}

/**
 * Runs the pickers for `file`. `remembered` pre-selects the last choices for this file. Resolves undefined
 * when the user escapes.
 */
export async function pickTrainingChoices(
  fileLabel: string,
  peek: CsvPeek,
  remembered: TrainingChoices | undefined,
  defaults: PickerDefaults,
  start: PickerStart = {},
): Promise<TrainingChoices | undefined> {
  const title = t('Train Sentiment Model on {0}', fileLabel);
  const withColumns = peek.columns.length >= 2;
  const totalSteps = withColumns ? 3 : 1;
  const choices: TrainingChoices = { ...remembered, model: remembered?.model ?? defaults.model };
  if (withColumns) {
    const text = await pickColumn(peek, 'text', remembered?.textColumn, undefined, { title, step: 1, totalSteps });
    if (text === undefined) return undefined;
    // A remembered label column equal to the new text column cannot be offered again.
    const label = await pickColumn(peek, 'label', remembered?.labelColumn === text ? undefined : remembered?.labelColumn, text, {
      title,
      step: 2,
      totalSteps,
    });
    if (label === undefined) return undefined;
    choices.textColumn = text;
    choices.labelColumn = label;
  } else {
    // Nothing readable to offer: the engine detects the columns and reports what is wrong with the file.
    delete choices.textColumn;
    delete choices.labelColumn;
  }

  if (start.advancedFirst) return editAdvanced(title, choices, defaults, { step: totalSteps, totalSteps }, start.note);
  const models = modelItems();
  const advanced: ModelItem = {
    label: `$(settings-gear) ${t('Advanced…')}`,
    description: t('epochs, batch size, max length, layer sizes, learning rate, validation split, early stopping, class weights, seed'),
    advanced: true,
  };
  const picked = await pickOne<ModelItem>([...models, { label: '', kind: vscode.QuickPickItemKind.Separator }, advanced], {
    title,
    step: totalSteps,
    totalSteps,
    placeholder: t('Which model? (Enter trains)'),
    active: models.find((m) => m.model === choices.model),
  });
  if (!picked) return undefined;
  if (picked.model) return { ...choices, model: picked.model };
  return editAdvanced(title, choices, defaults, { step: totalSteps + 1, totalSteps: totalSteps + 1 });
}

type AdvancedItem = vscode.QuickPickItem & { key?: keyof TrainingChoices; start?: true };

function layerLabel(key: (typeof LAYER_KEYS)[number]): string {
  return {
    embeddingDim: t('Embedding size'),
    maxWords: t('Vocabulary size'),
    units: t('LSTM units'),
    dropout: t('Dropout'),
    recurrentDropout: t('Recurrent dropout'),
    filters: t('Conv1D filters'),
    kernelSize: t('Conv1D kernel size'),
    learningRate: t('Learning rate'),
  }[key];
}

/** A list of the options with their values; picking one edits it; "Train" accepts. */
async function editAdvanced(title: string, initial: TrainingChoices, defaults: PickerDefaults, at: Omit<Step, 'title'>, note?: string): Promise<TrainingChoices | undefined> {
  const choices = { ...initial };
  const shown = (key: keyof TrainingChoices, fallback: string): string => (choices[key] !== undefined ? String(choices[key]) : fallback);
  // What an option left empty means for the chosen kind: the setting's number, the data's choice, or nothing.
  const fallback = (key: 'epochs' | 'batchSize' | 'maxLength'): string => {
    if (!appliesTo(key, choices.model)) return t('not used by {0}', choices.model);
    return fixedDefault(choices.model, key) === undefined ? t('model default') : String(defaults[key]);
  };
  let lastKey: keyof TrainingChoices | undefined;
  for (;;) {
    // The layer numbers of the chosen model only, each with the registry's default.
    const layers: AdvancedItem[] = LAYER_KEYS.filter((key) => appliesTo(key, choices.model)).map((key) => ({
      key,
      label: layerLabel(key),
      description: shown(key, fixedDefault(choices.model, key)?.toString() ?? t('model default')),
    }));
    const items: AdvancedItem[] = [
      { start: true, label: `$(play) ${t('Train')}`, description: t('with these options'), detail: note },
      { key: 'model', label: t('Model'), description: choices.model },
      { key: 'epochs', label: t('Epochs'), description: shown('epochs', fallback('epochs')) },
      { key: 'batchSize', label: t('Batch size'), description: shown('batchSize', fallback('batchSize')) },
      { key: 'maxLength', label: t('Max length (tokens)'), description: shown('maxLength', fallback('maxLength')) },
      ...layers,
      {
        key: 'validationSplit',
        label: t('Validation split'),
        description: shown('validationSplit', t('automatic: {0}-fold cross-fitting on small data, else {1}', CROSS_FIT_FOLDS, DEFAULT_VALIDATION_SPLIT)),
      },
      { key: 'earlyStopping', label: t('Early stopping'), description: (choices.earlyStopping ?? defaults.earlyStopping) ? t('on') : t('off') },
      { key: 'classWeights', label: t('Class weights'), description: shown('classWeights', 'auto') },
      { key: 'seed', label: t('Seed'), description: shown('seed', '42') },
    ];
    const picked = await pickOne(items, {
      title,
      ...at,
      placeholder: t('Advanced options: pick one to change it, or Train'),
      active: items.find((i) => i.key !== undefined && i.key === lastKey) ?? items[0],
    });
    if (!picked) return undefined;
    if (picked.start || !picked.key) return choices;
    lastKey = picked.key;
    await editOne(picked.key, choices, { title, ...at }, defaults);
  }
}

async function editOne(key: keyof TrainingChoices, choices: TrainingChoices, step: Step, defaults: PickerDefaults): Promise<void> {
  const { title } = step;
  if (key === 'model') {
    const models = modelItems();
    const m = await pickOne(models, { ...step, placeholder: t('Which model?'), active: models.find((i) => i.model === choices.model) });
    if (m?.model) choices.model = m.model;
    return;
  }
  if (key === 'earlyStopping') {
    const items = [
      { label: t('on'), value: true, detail: t('stop when the validation loss stops improving, keep the best epoch') },
      { label: t('off'), value: false, detail: t('run every epoch and keep the last') },
    ];
    const picked = await pickOne(items, { title, step: 4, totalSteps: 4, placeholder: t('Early stopping'), active: items.find((i) => i.value === (choices.earlyStopping ?? defaults.earlyStopping)) });
    if (picked) choices.earlyStopping = picked.value;
    return;
  }
  if (key === 'classWeights') {
    const items = (['auto', 'on', 'off'] as const).map((v) => ({
      label: v,
      value: v,
      detail: { auto: t('on when the classes are imbalanced'), on: t('always weight classes by inverse frequency'), off: t('never') }[v],
    }));
    const picked = await pickOne(items, { ...step, placeholder: t('Class weights'), active: items.find((i) => i.value === (choices.classWeights ?? 'auto')) });
    if (picked) choices.classWeights = picked.value;
    return;
  }
  const spec = {
    epochs: { prompt: t('Epochs (a whole number, 1 or more)'), min: 1, max: 1000, integer: true },
    batchSize: { prompt: t('Batch size (a whole number, 1 or more)'), min: 1, max: 65536, integer: true },
    maxLength: { prompt: t('Tokens per text, padded or truncated (a whole number, 1 or more)'), min: 1, max: 10000, integer: true },
    validationSplit: { prompt: t('Share of the training rows held out for validation (0 to 0.5; 0: none, probabilities left uncalibrated)'), min: 0, max: 0.5, integer: false },
    seed: { prompt: t('Random seed (a whole number)'), min: 0, max: 2 ** 31 - 1, integer: true },
    embeddingDim: { prompt: t('Embedding size (a whole number, 1 or more)'), min: 1, max: 4096, integer: true },
    maxWords: { prompt: t('Vocabulary size, the padding and unknown-word ids included (a whole number, 2 or more)'), min: 2, max: 100_000_000, integer: true },
    units: { prompt: t('LSTM units (a whole number, 1 or more)'), min: 1, max: 4096, integer: true },
    dropout: { prompt: t('Dropout on the LSTM’s inputs (0 to 0.95)'), min: 0, max: 0.95, integer: false },
    recurrentDropout: { prompt: t('Dropout on the LSTM’s recurrent state (0 to 0.95)'), min: 0, max: 0.95, integer: false },
    filters: { prompt: t('Conv1D filters (a whole number, 1 or more)'), min: 1, max: 4096, integer: true },
    kernelSize: { prompt: t('Conv1D kernel width in tokens (a whole number, 1 or more)'), min: 1, max: 10000, integer: true },
    learningRate: { prompt: t('Initial learning rate (a number above 0, at most 10)'), min: 1e-9, max: 10, integer: false },
  }[key as 'epochs' | 'batchSize' | 'maxLength' | 'validationSplit' | 'seed' | (typeof LAYER_KEYS)[number]];
  if (!spec) return;
  const value = await vscode.window.showInputBox({
    title,
    ignoreFocusOut: true,
    prompt: spec.prompt + ' ' + t('Empty: default.'),
    value: choices[key] !== undefined ? String(choices[key]) : '',
    validateInput: (raw) => {
      if (raw.trim() === '') return undefined;
      const n = Number(raw);
      if (!Number.isFinite(n) || (spec.integer && !Number.isInteger(n)) || n < spec.min || n > spec.max) {
        return t('Enter a number from {0} to {1}.', spec.min, spec.max);
      }
      return undefined;
    },
  });
  if (value === undefined) return;
  if (value.trim() === '') delete choices[key];
  else (choices as unknown as Record<string, number>)[key] = Number(value);
}
