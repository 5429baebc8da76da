// How a stream of engine progress events becomes what the dashboard, the notification and the status bar
// show. Pure (no `vscode`), so the unit tests and the host-latency bench run it as the host does.
import type { TrainPhase, TrainProgress } from '../../engine/protocol';
import { trainingFraction, type Pace } from '../../core/trainingPace';
import { isCurvePoint } from '../../core/validation';
import type { DashboardRun, EpochPoint } from './protocol';

/** Share of the whole run each phase ends at: training dominates, reading and saving are short. */
const PHASE_END: Record<TrainPhase, number> = { reading: 0.05, tokenising: 0.1, training: 0.9, evaluating: 0.97, saving: 1 };
const PHASE_START: Record<TrainPhase, number> = { reading: 0, tokenising: 0.05, training: 0.1, evaluating: 0.9, saving: 0.97 };

/** Overall progress in [0, 1], monotone within a phase (the training share: core/trainingPace.ts trainingFraction). */
export function progressFraction(p: TrainProgress): number {
  const start = PHASE_START[p.phase];
  const end = PHASE_END[p.phase];
  if (p.phase !== 'training' || !p.epochs) return start;
  return start + (end - start) * trainingFraction(p);
}

/** Folds one progress event (and the pace so far, when the caller follows it) into the run, in place, and returns it. */
export function applyProgress(run: DashboardRun, p: TrainProgress, pace: Pace = {}): DashboardRun {
  const live = { ...(run.live ?? {}), phase: p.phase };
  // The pace of this moment only: set or cleared by every event.
  for (const key of ['rowsPerSecond', 'secondsLeft'] as const) {
    if (pace[key] === undefined) delete live[key];
    else live[key] = pace[key];
  }
  for (const key of ['rowsRead', 'epoch', 'epochs', 'batch', 'batches', 'loss', 'accuracy'] as const) {
    if (p[key] !== undefined) live[key] = p[key];
  }
  // Which cross-fit fit is running, if any: set or cleared by every training event.
  if (p.phase === 'training') {
    for (const key of ['fold', 'folds', 'refit'] as const) {
      if (p[key] === undefined) delete live[key];
      else (live as Record<string, unknown>)[key] = p[key];
    }
  }
  run.live = live;
  if (isCurvePoint(p) && p.epoch !== undefined) {
    const point: EpochPoint = { epoch: p.epoch, loss: p.loss, accuracy: p.accuracy, valLoss: p.valLoss, valAccuracy: p.valAccuracy };
    // An epoch reported twice (a resent event) replaces its point rather than adding a second one.
    const at = run.epochs.findIndex((e) => e.epoch === p.epoch);
    if (at >= 0) run.epochs[at] = point;
    else run.epochs.push(point);
    run.epochs.sort((a, b) => a.epoch - b.epoch);
  }
  return run;
}

/** True when the event changes what a chart shows (so it must reach the dashboard without throttling). */
export function isMilestone(p: TrainProgress, previous: TrainProgress | undefined): boolean {
  return p.epochEnd === true || previous === undefined || previous.phase !== p.phase;
}
