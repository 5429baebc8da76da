// The one interface every model kind (fast, lstm, cnn) implements, so bundle.ts, the worker and the CLI
// never care which kind they hold.
import type { ModelKind, Prediction, TokenContribution } from '../engine/protocol';
import type * as TfjsIndex from './tfjs/index';
import { requireBundle } from './requireBundle';

export interface Classifier {
  readonly kind: ModelKind;
  /** Label names in their saved, stable order; probabilities follow it. */
  readonly labels: readonly string[];
  predict(texts: readonly string[]): Promise<Prediction[]>;
  /** Tokens that pushed `text` towards its predicted label most (signed), strongest first. */
  explain(text: string, top?: number): Promise<TokenContribution[]>;
  /** Writes the model's own files into `dir` (an existing temporary folder) and returns metadata for meta.json. */
  save(dir: string): Promise<Record<string, unknown>>;
  dispose?(): void;
}

/** What the TensorFlow.js half of the engine (src/core/tfjs/index.ts) provides; see loadTfjsModule. */
export type TfjsModule = typeof TfjsIndex;

/**
 * Imports the lstm/cnn models on first use only: the fast path (and the extension host) never loads
 * TensorFlow.js. In the bundles they are dist/tfjs.js beside worker.js and cli.js (see esbuild.js); from the
 * compiled sources (tests, benches) the module next to this file.
 */
export async function loadTfjsModule(): Promise<TfjsModule> {
  try {
    return requireBundle<TfjsModule>(__dirname, 'tfjs.js', 'tfjs/index.js');
  } catch (e) {
    throw new Error(`The TensorFlow.js models (lstm, cnn) are not available in this build: ${(e as Error).message}`, { cause: e });
  }
}
