// The typed messages between the extension host (dashboardPanel.ts) and the dashboard webview
// (media/dashboard). Both sides import this file; nothing else crosses the boundary.
import type { ModelKind, Report, TrainOutcome, TrainPhase } from '../../engine/protocol';
import type { LayerSummary } from '../../core/layerSummary';
import type { TestRows } from '../../core/testRows';
import type { RunComparison } from '../../core/runCompare';

export type { TestRow, TestRows } from '../../core/testRows';
export type { ComparedRun, FlippedRow, MetricRow, OptionRow, RunComparison } from '../../core/runCompare';

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
  /** Under cross-fitting: the fold being fitted, or the final fit on all rows (core/validation.ts). */
  fold?: number;
  folds?: number;
  refit?: boolean;
  /** Reading: rows per second; reading or training: seconds the phase has left (core/trainingPace.ts). */
  rowsPerSecond?: number;
  secondsLeft?: number;
}

export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

/**
 * A run's result. The validation, fit, calibration and reliability figures are absent from models saved
 * before they were recorded; an evaluation has its reliability only.
 */
export interface RunResult extends Partial<Pick<TrainOutcome, 'validationRows' | 'validation' | 'fit' | 'calibration' | 'reliability'>> {
  /** The run's warnings, in the editor's language (the host translates them: the page has no l10n). */
  warnings?: string[];
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
  /** The test rows one by one (the model folder's testRows.json), for the error analysis; absent in older models. */
  testRows?: TestRows;
}

/** What the webview persists with setState, so a reload or a hidden panel shows the same thing. */
export interface DashboardState {
  version: 1;
  run?: DashboardRun;
  /** Runs compared (Compare Runs, or a retrain with corrections): shown instead of `run` while set. */
  comparison?: RunComparison;
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
  | { type: 'cancel'; runId: string }
  /** Copies the shown run's report to the clipboard, as a Markdown table or CSV (core/reportExport.ts). */
  | { type: 'copyReport'; format: 'markdown' | 'csv' }
  /** Opens the CSV of the shown run's test rows (or a row's own file: a correction) at `line` (1-based). */
  | { type: 'openRow'; line: number; file?: string };

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
  /** The loss chart's validation curve: the loss after temperature scaling, what early stopping watches. */
  validationLoss: string;
  epoch: string;
  noCurves: string;
  /** A chart's text alternative: `{0}` the metric, `{1}` epochs, `{2}` last training value, `{3}` last validation value. */
  chartSummary: string;
  /** The same without a validation curve: `{0}` the metric, `{1}` epochs, `{2}` last training value. */
  chartSummaryNoValidation: string;
  /** `{0}` the metric. */
  chartEmpty: string;
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
  /** `{0}` train rows, `{1}` validation rows, `{2}` test rows, `{3}` skipped rows. */
  rowsDetail: string;
  /** Under cross-fitting: `{0}` folds, `{1}` training rows (each validates once, out of fold), `{2}` test rows, `{3}` skipped rows. */
  rowsCrossFit: string;
  /** `{0}` fold, `{1}` folds (the live status). */
  phaseFold: string;
  phaseRefit: string;
  keptEpoch: string;
  /** `{0}` best epoch, `{1}` epochs run. */
  stopPatience: string;
  /** `{0}` best epoch, `{1}` epochs allowed. */
  stopMaxEpochs: string;
  /** `{0}` epochs. */
  stopNoValidation: string;
  stopDisabled: string;
  /** `{0}` epochs, `{1}` the folds' best epochs. */
  stopCrossFit: string;
  /** `{0}` folds: the curves are fold 1's. */
  curvesFold: string;
  /** `{0}` the kept epoch (the legend entry of its mark). */
  keptMark: string;
  temperature: string;
  /** `{0}` temperature, `{1}` rows it was fitted on. */
  temperatureHoldout: string;
  temperatureCrossFit: string;
  temperatureNone: string;
  calibration: string;
  /** `{0}` ECE, `{1}` NLL, `{2}` Brier. */
  calibrationDetail: string;
  reliability: string;
  /** `{0}` ECE, `{1}` rows: the diagram's text alternative. */
  reliabilitySummary: string;
  reliabilityTable: string;
  confidence: string;
  meanConfidence: string;
  diagonal: string;
  warnings: string;
  backend: string;
  model: string;
  data: string;
  evaluatedOn: string;
  options: string;
  batch: string;
  rowsRead: string;
  rowsPerSecond: string;
  secondsLeft: string;
  minutesLeft: string;
  diagramFailed: string;
  copyMarkdown: string;
  copyCsv: string;
  testRows: string;
  mostConfidentMistakes: string;
  leastConfident: string;
  /** `{0}` true label, `{1}` predicted label, `{2}` rows. */
  cellRows: string;
  /** `{0}` rows shown, `{1}` rows of the list. */
  rowsShown: string;
  /** `{0}` rows kept, `{1}` test rows: the bound of testRows.json cut correct rows. */
  rowsKept: string;
  noTestRows: string;
  noRowsHere: string;
  line: string;
  text: string;
  /** The confusion cells' tooltip suffix: they list their rows. */
  cellHint: string;
  /** A row's tooltip: it opens the CSV at its line. */
  openRowHint: string;
  /** `{0}` runs. */
  compareTitle: string;
  baseline: string;
  figure: string;
  option: string;
  optionsDiffer: string;
  flipped: string;
  /** `{0}` flipped rows, `{1}` test rows both runs scored. */
  flippedSummary: string;
  flippedNone: string;
  before: string;
  after: string;
  /** `{0}` run number: a curve's legend. */
  runN: string;
}
