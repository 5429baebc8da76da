// The TensorFlow.js half of the engine (src/core/tfjs/index.ts: the lstm and cnn models), loaded on first use.
import type * as TfjsIndex from './tfjs/index';
import { requireBundle } from './requireBundle';

/** What the TensorFlow.js half of the engine provides; see loadTfjsModule. */
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
