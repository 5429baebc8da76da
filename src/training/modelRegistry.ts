import type * as vscode from 'vscode';
import type { LayerSummary } from '../core/layerSummary';
import type { Report, TrainOutcome } from '../engine/protocol';
import type { EpochPoint } from './dashboard/protocol';

/**
 * A trained model bundle known to the workspace. The validation, fit, calibration and reliability figures
 * are those meta.json recorded (absent in models saved before they were).
 */
export interface ModelInfo extends Partial<Pick<TrainOutcome, 'validationRows' | 'validation' | 'fit' | 'calibration' | 'reliability' | 'warnings'>> {
  name: string;
  dir: string;
  kind: string;
  dataFile: string;
  /** SHA-256 of the data file's bytes when the model was trained. */
  dataSha256?: string;
  /** The columns of the data file the model read (a labels file is created with them). */
  columns?: { textColumn: string; labelColumn: string };
  createdAt: string;
  accuracy?: number;
  macroF1?: number;
  labels: string[];
  /** The held-out report saved with the model. */
  report?: Report;
  backend?: string;
  trainSeconds?: number;
  trainRows?: number;
  testRows?: number;
  /** Per-epoch figures, when the bundle kept them. */
  history?: EpochPoint[];
  /** Layers as the model itself reports them, when the bundle has them. */
  layers?: LayerSummary[];
  /** Training options as saved (epochs, batch size, …). */
  options?: Record<string, unknown>;
  vocabSize?: number;
  /** What the model's own save() recorded (sizes, tokeniser settings). */
  modelMeta?: Record<string, unknown>;
}

/** What the sentiment feature needs from training: the active model and when it changes. */
export interface ModelRegistry {
  readonly active: ModelInfo | undefined;
  readonly onDidChangeActive: vscode.Event<ModelInfo | undefined>;
  /** Every model in the current storage, newest first. */
  readonly models: readonly ModelInfo[];
  readonly onDidChangeModels: vscode.Event<readonly ModelInfo[]>;
  /** Re-reads the model folders (the sentiment "Select Model" picker calls it before listing). */
  refresh(): Promise<readonly ModelInfo[]>;
  /** Makes the model in `dir` the active one (undefined: none); fires onDidChangeActive. */
  setActive(dir: string | undefined): Promise<void>;
  /** True when `model` is the active one (same folder). */
  isActive(model: ModelInfo): boolean;
}
