// How each model kind trains and loads: the fast model in this process, lstm and cnn through the TensorFlow.js
// half, required on first use (tfjsLoader.ts). Keyed by ModelKind like the registry (modelKinds.ts), which
// says what each kind takes; kept apart from it because this table brings the model code, and the extension
// host, which reads the registry, never loads that.
import type { Classifier } from './classifier';
import type { FitOutcome } from './earlyStopping';
import { FastModel } from './fast/fastModel';
import { trainFast, type FastOptions } from './fast/train';
import type { ModelKind } from './modelKind';
import { resolveModelOptions } from './modelKinds';
import type { TfModelKind } from './tfjs/options';
import { loadTfjsModule } from './tfjsLoader';
import type { TrainOptions, TrainProgress } from './trainTypes';

export interface RuntimeTrainInput {
  train: { texts: string[]; y: number[] };
  validation?: { texts: string[]; y: number[] };
  labels: string[];
  /** The run's options, with the model, seed and early stopping resolved; `epochs` is the maximum. */
  options: TrainOptions & { seed: number; earlyStopping: boolean };
  /**
   * Keep the learning rate constant (the fast model otherwise decays it over `epochs`), so that an epoch
   * count means the same in a cross-fitting fold and in the refit on all rows. Adam (lstm/cnn) is unaffected.
   */
  constantRate?: boolean;
  classWeights?: number[];
  onProgress: (p: TrainProgress) => void;
  signal: AbortSignal;
}

export interface ModelRuntime {
  /** Fits a model; `backend` names what it ran on ('js' without TensorFlow.js), `fit` how the epochs went. */
  train(input: RuntimeTrainInput): Promise<{ classifier: Classifier; backend: string; fit: FitOutcome }>;
  /** Loads what the classifier's save() wrote into `dir`; `model` is what save() returned (meta.json's model section). */
  load(dir: string, model: Record<string, unknown>, labels: string[]): Promise<Classifier>;
}

/** The fast model's options for a run: the registry's numbers resolved, the schedule the validation plan needs. */
export function fastOptionsFor({ options, constantRate }: Pick<RuntimeTrainInput, 'options' | 'constantRate'>): Partial<FastOptions> {
  const s = resolveModelOptions('fast', options);
  return {
    epochs: s.epochs,
    lr: s.learningRate,
    decay: constantRate ? 'constant' : 'linear',
    dim: s.embeddingDim,
    threads: s.threads,
    seed: options.seed,
    earlyStopping: options.earlyStopping,
    patience: s.patience,
  };
}

const fastRuntime: ModelRuntime = {
  async train(input) {
    const { train, validation, labels, classWeights, onProgress, signal } = input;
    const { model, fit } = await trainFast({ train, validation, labels, options: fastOptionsFor(input), classWeights, onProgress, signal });
    return { classifier: model, backend: 'js', fit };
  },
  load: (dir, model, labels) => FastModel.load(dir, model, labels),
};

function tfjsRuntime(kind: TfModelKind): ModelRuntime {
  return {
    async train(input) {
      const tfjs = await loadTfjsModule();
      const backend = await tfjs.backendName();
      return { ...(await tfjs.trainTfModel({ ...input, kind })), backend };
    },
    async load(dir, model, labels) {
      const tfjs = await loadTfjsModule();
      // The model's own save() result, plus the labels and kind it checks against.
      return tfjs.loadTfModel(dir, { labels, kind, ...model });
    },
  };
}

export const MODEL_RUNTIMES: Readonly<Record<ModelKind, ModelRuntime>> = {
  fast: fastRuntime,
  lstm: tfjsRuntime('lstm'),
  cnn: tfjsRuntime('cnn'),
};
