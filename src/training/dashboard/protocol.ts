// The typed messages between the extension host (dashboardPanel.ts) and the dashboard webview
// (media/dashboard). Both sides import this file; nothing else crosses the boundary.
import type { ModelKind, Report, TrainPhase } from '../../engine/protocol';
import type { LayerSummary } from '../../core/layerSummary';

export interface EpochPoint {
  /** 1-based. */
  epoch: number;
  loss?: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
}

/** The latest figures of a running training. */
export interface LiveFigures {
  phase: TrainPhase;
  rowsRead?: number;
  epoch?: number;
  epochs?: number;
  batch?: number;
  batches?: number;
  loss?: number;
  accuracy?: number;
}

export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface RunResult {
  modelName: string;
  modelDir: string;
  report: Report;
  backend: string;
  trainSeconds?: number;
  trainRows?: number;
  testRows?: number;
  skippedRows?: number;
  /** Set when the report is an evaluation on another file than the training data. */
  evaluatedOn?: string;
}

export interface ArchitectureView {
  layers: LayerSummary[];
  totalParams: number;
  /** Mermaid flowchart source, built on the host (core/layerSummary.ts). */
  mermaid: string;
  /** True when computed from the model kind and sizes rather than read from the model itself. */
  estimated: boolean;
}

/** Everything the dashboard shows: one training run, or a stored model's report. */
export interface DashboardRun {
  id: string;
  source: 'training' | 'model' | 'evaluation';
  dataFile: string;
  kind: ModelKind;
  startedAt: string;
  status: RunStatus;
  live?: LiveFigures;
  epochs: EpochPoint[];
  result?: RunResult;
  architecture?: ArchitectureView;
  error?: string;
  /** Training options worth showing (epochs, batch size, …), already formatted as label → value. */
  options?: Record<string, string>;
}

/** What the webview persists with setState, so a reload or a hidden panel shows the same thing. */
export interface DashboardState {
  version: 1;
  run?: DashboardRun;
  activeModelDir?: string;
}

export type HostToDashboard =
  /** A full snapshot; sent on ready and (throttled) on every change. */
  { type: 'state'; state: DashboardState };

export type DashboardToHost =
  | { type: 'ready' }
  /** The last snapshot is on screen: the host may send the next (flow control). */
  | { type: 'rendered' }
  | { type: 'useModel'; modelDir: string }
  | { type: 'openModelFolder'; modelDir: string }
  | { type: 'cancel'; runId: string };

/** UI strings, localised on the host (vscode.l10n) and handed to the webview in its HTML. */
export interface DashboardStrings {
  empty: string;
  phaseReading: string;
  phaseTokenising: string;
  /** `{0}` epoch, `{1}` epochs. */
  phaseEpoch: string;
  phaseEvaluating: string;
  phaseSaving: string;
  statusDone: string;
  statusFailed: string;
  statusCancelled: string;
  statusInterrupted: string;
  statusReport: string;
  cancel: string;
  useModel: string;
  inUse: string;
  openFolder: string;
  loss: string;
  accuracy: string;
  train: string;
  validation: string;
  epoch: string;
  noCurves: string;
  report: string;
  confusion: string;
  trueLabel: string;
  predicted: string;
  architecture: string;
  layer: string;
  outputShape: string;
  params: string;
  totalParams: string;
  estimated: string;
  trainingTime: string;
  rows: string;
  /** `{0}` train rows, `{1}` test rows, `{2}` skipped rows. */
  rowsDetail: string;
  backend: string;
  model: string;
  data: string;
  evaluatedOn: string;
  options: string;
  batch: string;
  rowsRead: string;
  diagramFailed: string;
}
