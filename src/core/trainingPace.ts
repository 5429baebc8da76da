// How fast a training goes and how long its current phase has left: rows per second while the CSV is read,
// and the time left of reading or training, from the share done so far (a large file is minutes of work, and
// the progress must say so). Pure: the CLI's bar and the dashboard (through the training service) both use it.
import type { TrainPhase, TrainProgress } from './trainTypes';

/** Below this much time in a phase, its pace is not yet a fair guess. */
const SETTLE_SECONDS = 1;

export interface Pace {
  /** While reading, and within a training epoch (rows trained on: a streamed epoch reads them too). */
  rowsPerSecond?: number;
  /** Of the phase running (reading, or training: every epoch of every fit), once it can be told. */
  secondsLeft?: number;
}

/**
 * The share of the training phase done in [0, 1]: epochs and the batches of the running one, and under
 * cross-fitting one part per fold plus one for the final fit (which may end before its part: it runs only the
 * epochs kept).
 */
export function trainingFraction(p: TrainProgress): number {
  if (p.phase !== 'training' || !p.epochs) return 0;
  const fits = p.folds ? p.folds + 1 : 1;
  const fitsDone = p.refit ? fits - 1 : p.fold ? p.fold - 1 : 0;
  return (fitsDone + fitFraction(p)) / fits;
}

/** The share of the running fit done in [0, 1]: its epochs and the batches of the running one (the CLI's bar). */
export function fitFraction(p: TrainProgress): number {
  if (p.phase !== 'training' || !p.epochs) return 0;
  const epochDone = Math.max(0, (p.epoch ?? 1) - 1);
  const withinEpoch = p.epochEnd ? 1 : p.batches ? Math.min(1, (p.batch ?? 0) / p.batches) : 0;
  return Math.min(p.epochs, epochDone + withinEpoch) / p.epochs;
}

/** Follows one training's progress events; `now` in milliseconds. */
export class PaceMeter {
  private phase: TrainPhase | undefined;
  private phaseStart = 0;
  /** The epoch (of which fit) running, and when it started. */
  private epoch = '';
  private epochStart = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  observe(p: TrainProgress): Pace {
    const t = this.now();
    if (p.phase !== this.phase) {
      this.phase = p.phase;
      this.phaseStart = t;
    }
    const epoch = p.phase === 'training' ? `${p.fold ?? 0}/${p.refit ? 'r' : ''}/${p.epoch ?? 0}` : '';
    if (epoch !== this.epoch) {
      this.epoch = epoch;
      this.epochStart = t;
    }
    const elapsed = (t - this.phaseStart) / 1000;
    const pace: Pace = {};
    if (elapsed < SETTLE_SECONDS) return pace;
    if (p.phase === 'reading' && p.rowsRead) pace.rowsPerSecond = p.rowsRead / elapsed;
    const inEpoch = (t - this.epochStart) / 1000;
    if (p.phase === 'training' && !p.epochEnd && p.batch && p.batches && inEpoch >= SETTLE_SECONDS) pace.rowsPerSecond = p.batch / inEpoch;
    const done = p.phase === 'reading' ? p.readFraction : p.phase === 'training' ? trainingFraction(p) : undefined;
    if (done !== undefined && done > 0 && done < 1) pace.secondsLeft = (elapsed * (1 - done)) / done;
    return pace;
  }
}

/** "48,000 rows/s · about 12 s left" (English: the CLI's; the dashboard formats the numbers in its language). */
export function paceText(pace: Pace): string {
  const parts: string[] = [];
  if (pace.rowsPerSecond !== undefined) parts.push(`${Math.round(pace.rowsPerSecond).toLocaleString('en-US')} rows/s`);
  if (pace.secondsLeft !== undefined) parts.push(`about ${timeLeft(pace.secondsLeft)} left`);
  return parts.join(' · ');
}

/** Seconds up to two minutes, then minutes. */
export function timeLeft(seconds: number): string {
  const { unit, value } = timeLeftIn(seconds);
  return `${value} ${unit}`;
}

/** The time left in the unit it is said in (seconds up to two minutes, then minutes), rounded up: the CLI's and the dashboard's. */
export function timeLeftIn(seconds: number): { unit: 's' | 'min'; value: number } {
  return seconds < 120 ? { unit: 's', value: Math.ceil(seconds) } : { unit: 'min', value: Math.ceil(seconds / 60) };
}
