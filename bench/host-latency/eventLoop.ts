// What the host-latency benches share: the training file, one measurement of an event loop's delay while some
// work runs (perf_hooks.monitorEventLoopDelay at a 10 ms resolution, plus eventLoopUtilization), and the table
// row that summarises the rounds. Used by run.ts (a plain Node process standing in for the host) and by
// hostSuite.ts (inside the real extension host) with extensionHost.ts, which prints its figures.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { repoRoot } from '../../test/harness/paths';
import { benchDataDir, median } from '../common';

export const RESOLUTION_MS = 10;

/** One measured span. Delays are beyond the timer interval (what a keystroke or a hover would wait), in ms. */
export interface Figures {
  seconds: number;
  samples: number;
  p50: number;
  p99: number;
  max: number;
  /** Share of the wall time the event loop was busy (performance.eventLoopUtilization). */
  elu: number;
}

/** chnsenticorp_htl.train.csv in the data folder (NL_BENCH_DATA), else samples/reviews.csv; absolute. */
export function dataFile(): string {
  const candidates = [path.join(benchDataDir(), 'chnsenticorp_htl.train.csv'), path.join(repoRoot, 'samples', 'reviews.csv')];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new Error(`no training data: set NL_BENCH_DATA to the folder of the data sets (tried ${candidates.join(', ')})`);
  return path.resolve(found);
}

/**
 * This thread's event loop while `work` runs. Each span gets a fresh histogram: a disabled one would count the
 * pause before its next enable() as one huge delay.
 */
export async function measure<T>(work: () => PromiseLike<T>): Promise<{ result: T; figures: Figures }> {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const elu = performance.eventLoopUtilization();
  const t0 = performance.now();
  h.enable();
  let result: T;
  try {
    result = await work();
  } finally {
    h.disable();
  }
  const ms = (ns: number): number => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return {
    result,
    figures: {
      seconds: (performance.now() - t0) / 1000,
      samples: h.count,
      p50: ms(h.percentile(50)),
      p99: ms(h.percentile(99)),
      max: ms(h.max),
      elu: performance.eventLoopUtilization(elu).utilization,
    },
  };
}

/** Rounds of one kind summarised: samples added up, the median p50, p99 and busy share, the largest max. */
export function summarise(rounds: Figures[]): { samples: number; p50: number; p99: number; max: number; elu: number; p99s: number[] } {
  return {
    samples: rounds.reduce((n, f) => n + f.samples, 0),
    p50: median(rounds.map((f) => f.p50)),
    p99: median(rounds.map((f) => f.p99)),
    max: Math.max(...rounds.map((f) => f.max)),
    elu: median(rounds.map((f) => f.elu)),
    p99s: rounds.map((f) => f.p99),
  };
}

/** `| name | samples | p50 ms | p99 ms (per round) | max ms | loop busy |` */
export function tableRow(name: string, rounds: Figures[]): string {
  const f = summarise(rounds);
  const f2 = (n: number): string => n.toFixed(2);
  return `| ${name} | ${f.samples} | ${f2(f.p50)} | ${f2(f.p99)} (${f.p99s.map(f2).join(', ')}) | ${f2(f.max)} | ${(f.elu * 100).toFixed(1)}% |`;
}
