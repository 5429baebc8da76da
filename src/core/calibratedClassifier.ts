// A classifier whose every probability is temperature-scaled: predict and predictPacked (hence the worker's
// scores, the hover, the decorations and minConfidence, the CLI's predict and evaluate) all go through
// predictPacked here. explain() is the model's own: it ranks words by their share of the logit margin, which
// a temperature divides evenly, so the ranking and the signs stay as they are.
import { withTemperature } from './calibration';
import type { Classifier } from './classifier';
import { unpackPredictions, type Prediction, type TokenContribution } from './predictions';

class TemperatureScaled implements Classifier {
  constructor(
    readonly inner: Classifier,
    readonly temperature: number,
  ) {}

  get kind(): Classifier['kind'] {
    return this.inner.kind;
  }

  get labels(): readonly string[] {
    return this.inner.labels;
  }

  async predictPacked(texts: readonly string[]): Promise<Float32Array> {
    return withTemperature(await this.inner.predictPacked(texts), this.labels.length, this.temperature);
  }

  async predict(texts: readonly string[]): Promise<Prediction[]> {
    return unpackPredictions(this.labels, await this.predictPacked(texts));
  }

  explain(text: string, top?: number): Promise<TokenContribution[]> {
    return this.inner.explain(text, top);
  }

  save(dir: string): Promise<Record<string, unknown>> {
    return this.inner.save(dir);
  }

  dispose(): void {
    this.inner.dispose?.();
  }
}

/** `classifier` with its probabilities at `temperature` (itself when T = 1). */
export function withCalibration(classifier: Classifier, temperature: number): Classifier {
  if (!(Number.isFinite(temperature) && temperature > 0)) throw new RangeError(`temperature must be a number > 0, got ${temperature}`);
  return temperature === 1 ? classifier : new TemperatureScaled(classifier, temperature);
}
