// How a trained model leaves Neural Lens: an lstm or cnn as a Keras script (plus its TensorFlow.js weights),
// the fast model as fastText data and command line. Types and names only — the host imports this; the
// export itself runs in the engine (export.ts).
import type { ModelKind } from '../modelKind';

export type ExportFormat = 'keras' | 'fasttext';

/** What an export wrote. */
export interface ExportResult {
  format: ExportFormat;
  /** The folder written (it did not exist before). */
  dir: string;
  /** The files in it, relative to `dir`. */
  files: string[];
  /** The file to open first: the Keras script, or the fastText commands. */
  main: string;
}

/** The one format each kind exports to: the TensorFlow.js models to Keras, the fastText-style model to fastText. */
export function exportFormatOf(kind: ModelKind): ExportFormat {
  return kind === 'fast' ? 'fasttext' : 'keras';
}

/** The folder an export of the model `name` goes to by default, beside wherever it is put: `reviews-lstm-keras`. */
export function exportDirName(name: string, format: ExportFormat): string {
  return `${name}-${format}`;
}
