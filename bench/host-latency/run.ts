// How much an LSTM training delays the extension host's event loop, when it runs the way the extension runs
// it: in the engine worker (dist/worker.js) through EngineClient, with the host folding every progress event
// into the dashboard state and serialising throttled snapshots as the dashboard panel does.
// This plain Node process plays the host. References, measured in the same run in interleaved rounds: the same
// process idle, and the same process while a worker thread does nothing but spin (what any CPU-bound
// background thread costs on this machine). All with perf_hooks.monitorEventLoopDelay at a 10 ms resolution;
// figures are the delay beyond the 10 ms timer (what a keystroke or a hover would wait), p50 / p99 / max in
// ms, plus the share of time the host's loop was busy (eventLoopUtilization): the host's own work.
// Target (issue 5): p99 under 20 ms during training.
//   npm run bench:host-latency [-- --quick]
//   NL_BENCH_DATA=folder     the data folder (default ../shared/data): its chnsenticorp_htl.train.csv, 6,200
//                            Chinese hotel reviews of ~55 tokens, else samples/reviews.csv
//   NL_BENCH_EPOCHS=N        LSTM epochs per round (default 2)
//   NL_BENCH_ROUNDS=N        rounds of training / idle / spinning worker (default 3; 1 with --quick)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { EngineClient } from '../../src/engine/client';
import type { TrainProgress } from '../../src/engine/protocol';
import type { DashboardRun } from '../../src/training/dashboard/protocol';
import { applyProgress, isMilestone, progressFraction } from '../../src/training/dashboard/runState';
import { repoRoot } from '../../test/harness/paths';
import { loadAverage } from '../common';
import { RESOLUTION_MS, dataFile, measure, summarise, tableRow, type Figures } from './eventLoop';

const WORKER = process.env.NL_WORKER ?? path.join(repoRoot, 'dist', 'worker.js');
const QUICK = process.argv.includes('--quick');
/** The dashboard panel's throttle (src/training/dashboard/dashboardPanel.ts). */
const SNAPSHOT_THROTTLE_MS = 250;

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
  console.log(
    `host latency during an LSTM training in the worker: ${path.relative(process.cwd(), data)}, ${epochs} epochs, ${rounds} round(s); ` +
      `Node ${process.version}, ${os.cpus().length} cores, load average ${loadAverage()}`,
  );
  const idle: Figures[] = [];
  const busy: Figures[] = [];
  const training: Figures[] = [];
  const runs: TrainingRun[] = [];
  // Interleaved rounds, so that the other processes' load drifts over all three alike.
  for (let r = 0; r < rounds; r++) {
    const { result: run, figures } = await measure(() => train(data, epochs));
    training.push(figures);
    runs.push(run);
    const span = Math.max(3_000, Math.min(30_000, run.seconds * 1000));
    idle.push((await measure(() => sleep(span))).figures);
    busy.push((await measure(() => busyWorker(span))).figures);
    console.log(`  round ${r + 1}: training ${run.seconds.toFixed(1)} s, then idle and busy-core references of ${(span / 1000).toFixed(1)} s each`);
  }

  const fi = summarise(idle);
  const fb = summarise(busy);
  const ft = summarise(training);
  const ratio = (a: number, b: number): string => (b >= 0.05 ? `${(a / b).toFixed(1)}×` : `${f1(a)} vs ${f1(b)} ms`);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const last = runs[runs.length - 1];
  const lines = [
    '',
    `| host event loop, delay beyond a ${RESOLUTION_MS} ms timer (median of ${rounds} rounds) | samples | p50 ms | p99 ms (per round) | max ms | loop busy |`,
    '|---|---:|---:|---:|---:|---:|',
    tableRow('idle (reference)', idle),
    tableRow('a worker thread spinning (reference: one core taken)', busy),
    tableRow(`LSTM training in the engine worker (${seconds.toFixed(1)} s)`, training),
    '',
    `p99 during training: ${f1(ft.p99)} ms (target < 20 ms: ${ft.p99 < 20 ? 'met' : 'NOT met'}). ` +
      `Training vs idle: p50 ${ratio(ft.p50, fi.p50)}, p99 ${ratio(ft.p99, fi.p99)}; vs a spinning worker: p99 ${ratio(ft.p99, fb.p99)}.`,
    `Per round: ${last.trainRows} rows, ${last.epochs} epochs, backend ${last.backend}, accuracy ${(last.accuracy * 100).toFixed(1)}%; ` +
      `${last.progressEvents} progress events folded into the dashboard state, ${last.snapshots} snapshots serialised (${(last.snapshotBytes / 1024).toFixed(1)} KB each).`,
    `Load average at the end: ${loadAverage()}.`,
  ];
  console.log(lines.join('\n'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
