// A training whose numbers stop being numbers (a learning rate far too high overflows the weights to
// Infinity, then NaN) produces a model that cannot be trusted: it must stop with a clear error rather than
// be saved and score "negative NaN". One check for every trainer, and for loading a saved model.
import { CoreError, coreText, type CoreText } from './coreText';

/** Thrown when a loss or a weight is NaN or infinite; `code` is what the engine reports. */
export class DivergedError extends CoreError {
  readonly code = 'diverged';
  constructor(text: CoreText) {
    super(text);
    this.name = 'DivergedError';
  }
}

/** Index of the first NaN or infinite value, or -1. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

/**
 * Throws DivergedError when a training `loss` or any of `weights` is not finite after epoch `epoch`;
 * `learningRate` goes into the advice.
 */
export function assertTrainingFinite(epoch: number, learningRate: number, loss: number, ...weights: ArrayLike<number>[]): void {
  if (!Number.isFinite(loss)) throw new DivergedError(coreText('divergedLoss', epoch, String(loss), learningRate));
  if (weights.some((w) => firstNonFinite(w) >= 0)) throw new DivergedError(coreText('divergedWeights', epoch, learningRate));
}
