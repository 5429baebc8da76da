// The typed messages between the extension host (engine/client.ts) and the background worker (engine/worker.ts).
// Both sides import this file; nothing else crosses the boundary. The domain types the messages carry are the
// core's own (src/core), re-exported here so the host imports one file.
import type { TokenContribution } from '../core/predictions';
import type { Evaluation, TrainOptions, TrainProgress, TrainResult } from '../core/trainTypes';
import type { ExportFormat, ExportResult } from '../core/keras/exportFormat';
import type { CoreText } from '../core/coreText';

export type { CoreText } from '../core/coreText';
export type { ModelKind } from '../core/modelKind';
export type { ClassMetrics, Report } from '../core/report';
export type { Evaluation, FitFacts, TrainOptions, TrainOutcome, TrainPhase, TrainProgress, TrainResult, ValidationFacts } from '../core/trainTypes';
export type { Calibration, CalibrationReport, ReliabilityBin } from '../core/calibration';
export { packProbabilities, unpackPredictions, type Prediction, type TokenContribution } from '../core/predictions';

export interface EngineErrorInfo {
  /** In English (logs, the CLI). */
  message: string;
  /** The same as a template and its values, for the editor to translate (the core's own errors only). */
  text?: CoreText;
  file?: string;
  line?: number;
  code?: string;
}

export type HostToWorker =
  | { type: 'train'; id: number; options: TrainOptions }
  | { type: 'cancel'; id: number }
  | { type: 'score'; id: number; modelDir: string; texts: string[]; explain?: boolean }
  | { type: 'evaluate'; id: number; modelDir: string; data: string; encoding?: string }
  /** Writes the model's run to the new folder `out` (core/keras/export.ts). */
  | { type: 'export'; id: number; modelDir: string; out: string; format?: ExportFormat };

export type WorkerToHost =
  | { type: 'ready'; backend?: string }
  | { type: 'progress'; id: number; progress: TrainProgress }
  | { type: 'trained'; id: number; result: TrainResult }
  /**
   * Probabilities packed row-major (texts × labels) in a transferred buffer: structured-cloning one
   * Prediction object per line cost the host a third of the scoring time on batches of 2,000 lines.
   */
  | { type: 'scored'; id: number; labels: readonly string[]; probabilities: Float32Array; explanations?: TokenContribution[][] }
  | { type: 'evaluated'; id: number; evaluation: Evaluation }
  | { type: 'exported'; id: number; result: ExportResult }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; error: EngineErrorInfo };
