// How much an LSTM training delays the extension host's event loop, when it runs the way the extension runs
// it: in the engine worker (dist/worker.js) through EngineClient, with the host folding every progress event
// into the dashboard state and serialising throttled snapshots as the dashboard panel does.
// This plain Node process plays the host. Reference, measured in the same run: the same process idle for the
// same length of time. Both with perf_hooks.monitorEventLoopDelay at a 10 ms resolution; figures are the
// delay beyond the 10 ms timer (what a keystroke or a hover would wait), p50 / p99 / max in ms.
// Target (issue 5): p99 under 20 ms during training.
// Build first: npm run build && npm run compile-tests; then: node out/bench/host-latency/run.js [--quick]
//   NL_BENCH_DATA=path.csv   training file (default: ../shared/data/uci_imdb.train.csv, else samples/reviews.csv)
//   NL_BENCH_EPOCHS=N        LSTM epochs (default 3; 1 with --quick)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
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
  const candidates = [process.env.NL_BENCH_DATA, path.join(REPO, '..', 'shared', 'data', 'uci_imdb.train.csv'), path.join(REPO, 'samples', 'reviews.csv')];
  const found = candidates.find((f): f is string => !!f && fs.existsSync(f));
  if (!found) throw new Error(`no training data: set NL_BENCH_DATA (tried ${candidates.filter(Boolean).join(', ')})`);
  return found;
}

interface Figures {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** Delay beyond the timer interval, in ms. */
function figures(h: IntervalHistogram): Figures {
  const ms = (ns: number): number => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return { samples: h.count, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) };
}

async function measureIdle(ms: number): Promise<Figures> {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  await new Promise((r) => setTimeout(r, ms));
  h.disable();
  return figures(h);
}

interface TrainingRun {
  figures: Figures;
  seconds: number;
  progressEvents: number;
  snapshots: number;
  epochs: number;
  backend: string;
  trainRows: number;
  accuracy: number;
  snapshotBytes: number;
}

async function measureTraining(data: string, epochs: number): Promise<TrainingRun> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-host-latency-'));
  const client = new EngineClient(WORKER);
  const run: DashboardRun = { id: 'bench', source: 'training', dataFile: data, kind: 'lstm', startedAt: new Date().toISOString(), status: 'running', epochs: [] };
  let progressEvents = 0;
  let snapshots = 0;
  let lastSnapshot = 0;
  let last: TrainProgress | undefined;
  let snapshotBytes = 0;
  const onProgress = (p: TrainProgress): void => {
    progressEvents++;
    // What TrainingService.onProgress does on the host for each event.
    const milestone = isMilestone(p, last);
    last = p;
    applyProgress(run, p);
    progressFraction(p);
    const now = performance.now();
    if (milestone || now - lastSnapshot >= SNAPSHOT_THROTTLE_MS) {
      lastSnapshot = now;
      snapshots++;
      // postMessage serialises the whole snapshot.
      snapshotBytes += JSON.stringify({ type: 'state', state: { version: 1, run } }).length;
    }
  };
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const started = performance.now();
  h.enable();
  try {
    const result = await client.train({ data, out: path.join(out, 'model'), model: 'lstm', epochs, earlyStopping: false }, onProgress);
    h.disable();
    return {
      figures: figures(h),
      seconds: (performance.now() - started) / 1000,
      progressEvents,
      snapshots,
      epochs: run.epochs.length,
      backend: result.backend,
      trainRows: result.trainRows,
      accuracy: result.report.accuracy,
      snapshotBytes: snapshots ? snapshotBytes / snapshots : 0,
    };
  } finally {
    h.disable();
    client.dispose();
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const f1 = (n: number): string => n.toFixed(2);

async function main(): Promise<void> {
  if (!fs.existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build first`);
  const data = dataFile();
  const epochs = Number(process.env.NL_BENCH_EPOCHS ?? (QUICK ? 1 : 3));
  console.log(`host latency during an LSTM training in the worker: ${path.relative(process.cwd(), data)}, ${epochs} epoch(s), Node ${process.version}, ${os.cpus().length} cores`);

  const training = await measureTraining(data, epochs);
  // The reference: the same process, idle, as long as the training took (at most 60 s), measured after it
  // so the worker's start-up and the training cannot overlap it.
  const idle = await measureIdle(Math.min(60_000, Math.max(5_000, training.seconds * 1000)));

  const row = (name: string, f: Figures): string => `| ${name} | ${f.samples} | ${f1(f.p50)} | ${f1(f.p99)} | ${f1(f.max)} |`;
  const ratio = (a: number, b: number): string => (b > 0.01 ? `${(a / b).toFixed(1)}×` : `+${f1(a - b)} ms`);
  const lines = [
    `| host event loop (delay beyond a ${RESOLUTION_MS} ms timer) | samples | p50 ms | p99 ms | max ms |`,
    '|---|---:|---:|---:|---:|',
    row('idle (reference)', idle),
    row(`LSTM training in the worker (${training.seconds.toFixed(1)} s)`, training.figures),
    '',
    `p99 during training: ${f1(training.figures.p99)} ms (target < 20 ms: ${training.figures.p99 < 20 ? 'met' : 'NOT met'}); ` +
      `vs idle: p50 ${ratio(training.figures.p50, idle.p50)}, p99 ${ratio(training.figures.p99, idle.p99)}, max ${ratio(training.figures.max, idle.max)}.`,
    `Training: ${training.trainRows} rows, ${training.epochs} epochs, backend ${training.backend}, accuracy ${(training.accuracy * 100).toFixed(1)}%; ` +
      `${training.progressEvents} progress events folded into the dashboard state, ${training.snapshots} snapshots serialised (${(training.snapshotBytes / 1024).toFixed(1)} KB each on average).`,
  ];
  console.log(lines.join('\n'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
