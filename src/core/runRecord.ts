// A recorded training run (core/runStore.ts keeps them on disk): what it was given, what it measured, its
// curves. Types and pure helpers only, so the dashboard's page can import them.
import type { CalibrationReport, Calibration } from './calibration';
import type { Report } from './report';
import type { FitFacts, ValidationFacts } from './trainTypes';

export const RUN_FORMAT = 'neural-lens-run' as const;

export interface RunCurvePoint {
  epoch: number;
  loss?: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
}

export interface RunRecord {
  format: typeof RUN_FORMAT;
  id: string;
  createdAt: string;
  kind: string;
  /** The model folder the run saved (it may have been deleted or renamed since). */
  modelDir: string;
  modelName: string;
  data: { path: string; sha256?: string; textColumn?: string; labelColumn?: string };
  /** The options the run was given, resolved defaults included (meta.json's `training`). */
  options: Record<string, unknown>;
  rows: { train?: number; validation?: number; test?: number; skipped?: number };
  report: Report;
  reliability?: CalibrationReport;
  calibration?: Calibration;
  fit?: FitFacts;
  validation?: ValidationFacts;
  curves: RunCurvePoint[];
  trainSeconds?: number;
  backend?: string;
}

/** Runs grouped by their data file (the groups by the newest run in them, newest first). */
export function runsByDataFile(runs: readonly RunRecord[]): Array<{ dataFile: string; runs: RunRecord[] }> {
  const groups = new Map<string, RunRecord[]>();
  for (const r of runs) {
    const group = groups.get(r.data.path);
    if (group) group.push(r);
    else groups.set(r.data.path, [r]);
  }
  return [...groups.entries()].map(([dataFile, list]) => ({ dataFile, runs: list })).sort((a, b) => b.runs[0].createdAt.localeCompare(a.runs[0].createdAt));
}
