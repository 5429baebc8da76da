// A model's recorded training options (meta.json's `training`: what the run was given, resolved) as the
// options of a new run that repeats it: what only describes the old run — where it was saved, the data it
// read, the validation the engine planned, the corrections it merged, the sizes the data chose ('auto',
// modelKinds.ts recordedOptions) — is left for the new run to decide.
import type { TrainOptions } from './trainTypes';

// Whether the file streamed and the memory budget are the new run's (its file's size, its settings) to decide.
const RECORD_ONLY = new Set(['out', 'data', 'validation', 'corrections', 'correctionsApplied', 'streamed', 'maxMemoryMb']);

export function retrainOptions(recorded: Record<string, unknown>): Partial<TrainOptions> {
  return Object.fromEntries(Object.entries(recorded).filter(([key, value]) => !RECORD_ONLY.has(key) && value !== undefined && value !== null && value !== 'auto')) as Partial<TrainOptions>;
}
