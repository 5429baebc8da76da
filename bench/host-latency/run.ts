// How much an LSTM training delays the extension host's event loop, when it runs the way the extension runs
// it: in the engine worker (dist/worker.js) through EngineClient, with the host folding every progress event
// into the dashboard state and serialising throttled snapshots as the dashboard panel does.
// This plain Node process plays the host. References, measured in the same run in interleaved rounds: the same
// process idle, and the same process while a worker thread does nothing but spin (what any CPU-bound
// background thread costs on this machine). All with perf_hooks.monitorEventLoopDelay at a 10 ms resolution;
// figures are the delay beyond the 10 ms timer (what a keystroke or a hover would wait), p50 / p99 / max in
// ms, plus the share of time the host's loop was busy (eventLoopUtilization): the host's own work.
// Target (issue 5): p99 under 20 ms during training.
// Build first: npm run build && npm run compile-tests; then: node out/bench/host-latency/run.js [--quick]
//   NL_BENCH_DATA=path.csv   training file (default: ../shared/data/chnsenticorp_htl.train.csv, 6,200 Chinese
//                            hotel reviews of ~55 tokens, else samples/reviews.csv)
//   NL_BENCH_EPOCHS=N        LSTM epochs per round (default 2)
//   NL_BENCH_ROUNDS=N        rounds of training / idle / spinning worker (default 3; 1 with --quick)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { EngineClient } from '../../src/engine/client';
import type { TrainProgress } from '../../src/engine/protocol';
import type { DashboardRun } from '../../src/training/dashboard/protocol';
import { applyProgress, isMilestone, progressFraction } from '../../src/training/dashboard/runState';

const REPO = path.join(__dirname, '..', '..', '..');
const WORKER = process.env.NL_WORKER ?? path.join(REPO, 'dist', 'worker.js');
const QUICK = process.argv.includes('--quick');
const RESOLUTION_MS = 10;
/** The dashboard panel's throttle (src/training/dashboard/dashboardPanel.ts). */
const SNAPSHOT_THROTTLE_MS = 250;

function dataFile(): string {
  const candidates = [process.env.NL_BENCH_DATA, path.join(REPO, '..', 'shared', 'data', 'chnsenticorp_htl.train.csv'), path.join(REPO, 'samples', 'reviews.csv')];
  const found = candidates.find((f): f is string => !!f && fs.existsSync(f));
  if (!found) throw new Error(`no training data: set NL_BENCH_DATA (tried ${candidates.filter(Boolean).join(', ')})`);
  return found;
}

interface Figures {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  /** Share of the wall time the host's event loop was busy (performance.eventLoopUtilization). */
  elu: number;
}

/**
 * One kind of measurement, repeated over the rounds. Each segment gets a fresh histogram (a disabled one
 * would count the pause before its next enable() as one huge delay); segments are summarised by the median
 * of their p50 and p99 and the largest max.
 */
class Phase {
  private readonly segments: Figures[] = [];

  async measure<T>(work: () => Promise<T>): Promise<T> {
    const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    const elu = performance.eventLoopUtilization();
    h.enable();
    try {
      return await work();
    } finally {
      h.disable();
      const d = performance.eventLoopUtilization(elu);
      // Delay beyond the timer interval, in ms.
      const ms = (ns: number): number => Math.max(0, ns / 1e6 - RESOLUTION_MS);
      this.segments.push({ samples: h.count, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), elu: d.utilization });
    }
  }

  figures(): Figures & { p99s: number[] } {
    const median = (xs: number[]): number => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    const seg = this.segments;
    return {
      samples: seg.reduce((n, f) => n + f.samples, 0),
      p50: median(seg.map((f) => f.p50)),
      p99: median(seg.map((f) => f.p99)),
      max: Math.max(...seg.map((f) => f.max)),
      elu: median(seg.map((f) => f.elu)),
      p99s: seg.map((f) => f.p99),
    };
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A worker thread that only spins: the delay any CPU-bound background thread causes on this machine. */
async function busyWorker(ms: number): Promise<void> {
  const worker = new Worker('for (;;) {}', { eval: true });
  await sleep(ms);
  await worker.terminate();
}

interface TrainingRun {
  seconds: number;
  progressEvents: number;
  snapshots: number;
  snapshotBytes: number;
  epochs: number;
  backend: string;
  trainRows: number;
  accuracy: number;
}

async function train(data: string, epochs: number): Promise<TrainingRun> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-host-latency-'));
  const client = new EngineClient(WORKER);
  const run: DashboardRun = { id: 'bench', source: 'training', dataFile: data, kind: 'lstm', startedAt: new Date().toISOString(), status: 'running', epochs: [] };
  let progressEvents = 0;
  let snapshots = 0;
  let snapshotBytes = 0;
  let lastSnapshot = 0;
  let last: TrainProgress | undefined;
  const onProgress = (p: TrainProgress): void => {
    progressEvents++;
    // What TrainingService.onProgress does on the host for each event.
    const milestone = isMilestone(p, last);
    last = p;
    applyProgress(run, p);
    progressFraction(p);
    // The dashboard panel sends at most one snapshot per SNAPSHOT_THROTTLE_MS (and only once the webview drew
    // the previous one); a phase change goes at once.
    const now = performance.now();
    if ((milestone && !p.epochEnd) || now - lastSnapshot >= SNAPSHOT_THROTTLE_MS) {
      lastSnapshot = now;
      snapshots++;
      // postMessage serialises the whole snapshot.
      snapshotBytes += JSON.stringify({ type: 'state', state: { version: 1, run } }).length;
    }
  };
  const started = performance.now();
  try {
    const result = await client.train({ data, out: path.join(out, 'model'), model: 'lstm', epochs, earlyStopping: false }, onProgress);
    return {
      seconds: (performance.now() - started) / 1000,
      progressEvents,
      snapshots,
      snapshotBytes: snapshots ? snapshotBytes / snapshots : 0,
      epochs: run.epochs.length,
      backend: result.backend,
      trainRows: result.trainRows,
      accuracy: result.report.accuracy,
    };
  } finally {
    client.dispose();
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const f1 = (n: number): string => n.toFixed(2);

async function main(): Promise<void> {
  if (!fs.existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build first`);
  const data = dataFile();
  const epochs = Number(process.env.NL_BENCH_EPOCHS ?? 2);
  const rounds = Number(process.env.NL_BENCH_ROUNDS ?? (QUICK ? 1 : 3));
  const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(
    `host latency during an LSTM training in the worker: ${path.relative(process.cwd(), data)}, ${epochs} epochs, ${rounds} round(s); ` +
      `Node ${process.version}, ${os.cpus().length} cores, load average ${load()}`,
  );
  const idle = new Phase();
  const busy = new Phase();
  const training = new Phase();
  const runs: TrainingRun[] = [];
  // Interleaved rounds, so that the other processes' load drifts over all three alike.
  for (let r = 0; r < rounds; r++) {
    const run = await training.measure(() => train(data, epochs));
    runs.push(run);
    const span = Math.max(3_000, Math.min(30_000, run.seconds * 1000));
    await idle.measure(() => sleep(span));
    await busy.measure(() => busyWorker(span));
    console.log(`  round ${r + 1}: training ${run.seconds.toFixed(1)} s, then idle and busy-core references of ${(span / 1000).toFixed(1)} s each`);
  }

  const fi = idle.figures();
  const fb = busy.figures();
  const ft = training.figures();
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const row = (name: string, f: ReturnType<Phase['figures']>): string =>
    `| ${name} | ${f.samples} | ${f1(f.p50)} | ${f1(f.p99)} (${f.p99s.map(f1).join(', ')}) | ${f1(f.max)} | ${pct(f.elu)} |`;
  const ratio = (a: number, b: number): string => (b >= 0.05 ? `${(a / b).toFixed(1)}×` : `${f1(a)} vs ${f1(b)} ms`);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const last = runs[runs.length - 1];
  const lines = [
    '',
    `| host event loop, delay beyond a ${RESOLUTION_MS} ms timer (median of ${rounds} rounds) | samples | p50 ms | p99 ms (per round) | max ms | loop busy |`,
    '|---|---:|---:|---:|---:|---:|',
    row('idle (reference)', fi),
    row('a worker thread spinning (reference: one core taken)', fb),
    row(`LSTM training in the engine worker (${seconds.toFixed(1)} s)`, ft),
    '',
    `p99 during training: ${f1(ft.p99)} ms (target < 20 ms: ${ft.p99 < 20 ? 'met' : 'NOT met'}). ` +
      `Training vs idle: p50 ${ratio(ft.p50, fi.p50)}, p99 ${ratio(ft.p99, fi.p99)}; vs a spinning worker: p99 ${ratio(ft.p99, fb.p99)}.`,
    `Per round: ${last.trainRows} rows, ${last.epochs} epochs, backend ${last.backend}, accuracy ${(last.accuracy * 100).toFixed(1)}%; ` +
      `${last.progressEvents} progress events folded into the dashboard state, ${last.snapshots} snapshots serialised (${(last.snapshotBytes / 1024).toFixed(1)} KB each).`,
    `Load average at the end: ${load()}.`,
  ];
  console.log(lines.join('\n'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
