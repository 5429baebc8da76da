// A training whose numbers stop being numbers (a learning rate far too high overflows the weights to
// Infinity, then NaN) produces a model that cannot be trusted: it must stop with a clear error rather than
// be saved and score "negative NaN". One check for every trainer, and for loading a saved model.

/** Thrown when a loss or a weight is NaN or infinite; `code` is what the engine reports. */
export class DivergedError extends Error {
  readonly code = 'diverged';
  constructor(message: string) {
    super(message);
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
  const bad = !Number.isFinite(loss) ? `the training loss became ${loss}` : weights.some((w) => firstNonFinite(w) >= 0) ? 'the weights became NaN or infinite' : undefined;
  if (bad) {
    throw new DivergedError(`Training diverged in epoch ${epoch}: ${bad} (learning rate ${learningRate}). No model was saved; train again with a lower learning rate.`);
  }
}
