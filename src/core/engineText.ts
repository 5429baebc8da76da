// The engine's own messages, translated in the editor like the core's: coreText.ts lists them in its table
// (where the translations are checked), and engine/client.ts, on the extension host, takes them from here
// without bringing that whole table into the host's bundle.

/** {0}: the worker's heap limit in MB. */
export const ENGINE_OUT_OF_MEMORY =
  'The Neural Lens engine ran out of memory (its limit is {0} MB of JavaScript heap) and stopped; the next job starts it again. Use smaller data, or raise the limit (setting neuralLens.training.maxMemoryMb).';
