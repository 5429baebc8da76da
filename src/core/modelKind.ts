// The model kinds Neural Lens trains, as one list: the type, the check of a name read from a file or a
// command line, and the kind trained when none is chosen. A new kind is listed here; the compiler then
// asks for its entries in modelKinds.ts (options, defaults, layers), modelRuntimes.ts (train, load) and the
// training picker, and a unit test compares package.json's setting enum with this list.

export const MODEL_KINDS = ['fast', 'lstm', 'cnn'] as const;

export type ModelKind = (typeof MODEL_KINDS)[number];

export const DEFAULT_MODEL_KIND: ModelKind = 'fast';

export function isModelKind(value: unknown): value is ModelKind {
  return (MODEL_KINDS as readonly unknown[]).includes(value);
}
