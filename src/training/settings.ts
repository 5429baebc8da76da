// The neuralLens.training.* settings, read in this one place: what the training wizard starts from, how CSV
// files are decoded, how much memory the engine's worker may take, and where models are stored.
import * as vscode from 'vscode';
import { DEFAULT_MAX_CLASSES } from '../core/csvLabels';
import { DEFAULT_MODEL_KIND, type ModelKind } from '../core/modelKind';
import { modelDefaults } from '../core/modelKinds';
import type { EngineOptions } from '../engine/client';
import type { PickerDefaults } from './pickers';

const SECTION = 'neuralLens.training';

function training(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** What the wizard and a request that leaves them open take: the model, its numbers, early stopping, the class limit. */
export function pickerDefaults(): PickerDefaults {
  const c = training();
  // The settings describe the lstm and cnn models; a unit test keeps package.json's defaults equal to theirs.
  const sequence = modelDefaults('lstm');
  return {
    model: c.get<ModelKind>('defaultModel', DEFAULT_MODEL_KIND),
    epochs: c.get<number>('epochs', sequence.epochs),
    batchSize: c.get<number>('batchSize', sequence.batchSize),
    maxLength: c.get<number>('maxLength', sequence.maxLength),
    earlyStopping: c.get<boolean>('earlyStopping', true),
    patience: c.get<number | null>('patience', null) ?? undefined,
    maxClasses: c.get<number>('maxClasses', DEFAULT_MAX_CLASSES),
  };
}

/** The neuralLens.training.encoding setting: undefined for "auto" (a byte-order mark, else UTF-8). */
export function encodingSetting(): string | undefined {
  const value = training().get<string>('encoding', 'auto').trim();
  return value === '' || value.toLowerCase() === 'auto' ? undefined : value;
}

/** neuralLens.training.maxMemoryMb in MB (at least 128), or undefined for 0: from the machine. */
export function memorySetting(): number | undefined {
  const mb = training().get<number>('maxMemoryMb', 0);
  return Number.isFinite(mb) && mb > 0 ? Math.max(128, Math.floor(mb)) : undefined;
}

/** The engine client's options: its worker's heap limit (neuralLens.training.maxMemoryMb; 0: from the machine). */
export function clientOptions(): EngineOptions {
  return { maxHeapMb: memorySetting() };
}

/** neuralLens.training.modelStorage: models in the extension's global storage rather than the workspace's. */
export function storesModelsGlobally(): boolean {
  return training().get<string>('modelStorage') === 'global';
}
