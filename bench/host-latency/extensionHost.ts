// The extension host's event-loop delay during an LSTM training, measured inside the real extension host of
// a real workbench (code-server + headless chromium, Neural Lens as a development extension): the training
// is started through the extension's own command, with its notification, status bar and live dashboard.
// Reference in the same run: the same host idle for as long (interleaved rounds). The figures come from
// hostSuite.ts; bench/host-latency/run.ts measures the same in a plain Node process standing in for the host.
//   npm run bench:host-latency:workbench
//   NL_BENCH_DATA (the data folder, default ../shared/data: its chnsenticorp_htl.train.csv, else
//   samples/reviews.csv), NL_BENCH_EPOCHS (2), NL_BENCH_ROUNDS (3)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAverage, median } from '../common';
import { runInHost } from '../inHost';
import { RESOLUTION_MS, dataFile, tableRow, type Figures } from './eventLoop';

async function main(): Promise<void> {
  const data = dataFile();
  const epochs = process.env.NL_BENCH_EPOCHS ?? '2';
  const rounds = process.env.NL_BENCH_ROUNDS ?? '3';
  console.log(`extension host latency during an LSTM training: ${path.basename(data)}, ${epochs} epochs, ${rounds} rounds; ${os.cpus().length} cores, load average ${loadAverage()}`);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'neural-lens-bench-'));
  let report: { training: Figures[]; idle: Figures[]; outcomes: Array<{ status?: string; model?: { accuracy?: number } }> };
  try {
    report = await runInHost({
      name: 'latency',
      workspace,
      suite: path.join(__dirname, 'hostSuite.js'),
      tag: 'HOST-LATENCY',
      env: { NL_BENCH_TRAIN_FILE: data, NL_BENCH_EPOCHS: epochs, NL_BENCH_ROUNDS: rounds, ...(process.env.NL_BENCH_SILENT ? { NL_BENCH_SILENT: '1' } : {}), ...(process.env.NL_BENCH_PROFILE ? { NL_BENCH_PROFILE: path.resolve(process.env.NL_BENCH_PROFILE) } : {}) },
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  const f2 = (n: number): string => n.toFixed(2);
  const t = report.training;
  const p99 = median(t.map((f) => f.p99));
  const idleP99 = median(report.idle.map((f) => f.p99));
  console.log(
    [
      '',
      `| extension host event loop, delay beyond a ${RESOLUTION_MS} ms timer (median of ${t.length} rounds) | samples | p50 ms | p99 ms (per round) | max ms | loop busy |`,
      '|---|---:|---:|---:|---:|---:|',
      tableRow('idle (reference)', report.idle),
      tableRow(`LSTM training through the train command (${t.reduce((n, f) => n + f.seconds, 0).toFixed(1)} s)`, t),
      '',
      `p99 during training: ${f2(p99)} ms (target < 20 ms: ${p99 < 20 ? 'met' : 'NOT met'}); idle ${f2(idleP99)} ms, ratio ${idleP99 >= 0.05 ? (p99 / idleP99).toFixed(1) + '×' : 'n/a'}.`,
      `Load average at the end: ${loadAverage()}.`,
    ].join('\n'),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
