// Which training rows validate a run, decided in this one place for every model kind. Validation always
// comes from the training rows (the test rows are scored once, for the report), and it serves two things:
// early stopping and the temperature that calibrates the model's probabilities (core/calibratedFit.ts).
//   cross-fit: K-fold inside the training rows — each fold stops early on its held-out rows, the temperature
//              is fitted on every training row's out-of-fold scores, and the model shipped is refitted on all
//              rows for the folds' median best epoch. K + 1 fits: only for kinds whose fit is cheap on data
//              this small (the registry's crossFitMaxRows). On ~800-row sets a 10% holdout is 80 rows, and a
//              temperature fitted on them is noise (ECE 0.066–0.08 after it, 0.050–0.060 cross-fitted).
//   holdout:   a stratified, seeded share of the training rows (validationSplit, default 0.1).
//   none:      validationSplit 0: every epoch runs, and the probabilities stay as the model gives them.
// Light on purpose (the registry and the split only): the editor's dashboard reads curveEpoch from here.
import type { ModelKind } from './modelKind';
import { MODEL_REGISTRY } from './modelKinds';
import type { TrainProgress } from './trainTypes';

export type { ValidationFacts } from './trainTypes';

export const CROSS_FIT_FOLDS = 5;
export const DEFAULT_VALIDATION_SPLIT = 0.1;

export type ValidationPlan = { strategy: 'cross-fit'; folds: number } | { strategy: 'holdout'; fraction: number } | { strategy: 'none' };

/**
 * The plan for `kind` on training rows labelled `y`: a validation split the user gave is a holdout of that
 * share (0: none); else cross-fit when the kind is cheap enough on this many rows and every class can be
 * in every fold, else a holdout of DEFAULT_VALIDATION_SPLIT.
 */
export function planValidation(kind: ModelKind, y: readonly number[], classes: number, validationSplit?: number): ValidationPlan {
  if (validationSplit === 0) return { strategy: 'none' };
  if (validationSplit !== undefined) return { strategy: 'holdout', fraction: validationSplit };
  const limit = MODEL_REGISTRY[kind].crossFitMaxRows ?? 0;
  const counts = new Array<number>(classes).fill(0);
  for (const k of y) counts[k]++;
  if (y.length <= limit && counts.every((c) => c >= CROSS_FIT_FOLDS)) return { strategy: 'cross-fit', folds: CROSS_FIT_FOLDS };
  return { strategy: 'holdout', fraction: DEFAULT_VALIDATION_SPLIT };
}

/**
 * Whether a progress event is a point of the run's loss/accuracy curves. Under cross-fit the curves are fold
 * 1's: the only fits with a validation curve are the folds, and one fold's curves show what early stopping
 * saw; the refit on all rows has no validation rows, and mixing folds would draw five runs as one. The
 * epoch the refit keeps (the folds' median best) is marked on them.
 */
export function isCurvePoint(p: TrainProgress): boolean {
  return p.epochEnd === true && !p.refit && (p.fold === undefined || p.fold === 1);
}
