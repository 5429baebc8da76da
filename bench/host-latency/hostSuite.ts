// The in-extension-host half of bench/host-latency/extensionHost.ts: loaded by the workbench as
// `extensionTestsPath`, it measures the real extension host's event loop (perf_hooks.monitorEventLoopDelay,
// 10 ms resolution) while Neural Lens trains the article's LSTM through its own command — progress
// notification, status bar and live dashboard included, as a user starts it — and, as the reference, while
// the same host sits idle for as long. Interleaved rounds. Prints one `HOST-LATENCY {json}` line.
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as vscode from 'vscode';
import { measure, type Figures } from './eventLoop';

export async function run(): Promise<void> {
  // The training file extensionHost.ts chose (from NL_BENCH_DATA), handed to this host.
  const data = process.env.NL_BENCH_TRAIN_FILE;
  const epochs = Number(process.env.NL_BENCH_EPOCHS ?? 2);
  const rounds = Number(process.env.NL_BENCH_ROUNDS ?? 3);
  if (!data) throw new Error('NL_BENCH_TRAIN_FILE must be set (extensionHost.ts sets it)');
  await vscode.extensions.getExtension('neural-lens.neural-lens')!.activate();
  const training: Figures[] = [];
  const idle: Figures[] = [];
  const outcomes: unknown[] = [];
  // NL_BENCH_PROFILE=FILE.cpuprofile: a CPU profile of the host's thread over the trainings, to see what it does.
  const profile = process.env.NL_BENCH_PROFILE;
  const session = profile ? new inspector.Session() : undefined;
  const post = (method: string): Promise<unknown> => new Promise((resolve, reject) => session!.post(method, (e, r) => (e ? reject(e) : resolve(r))));
  if (session) {
    session.connect();
    await post('Profiler.enable');
    await post('Profiler.start');
  }
  for (let r = 0; r < rounds; r++) {
    const { result: outcome, figures } = await measure(() =>
      vscode.commands.executeCommand('neuralLens.training.train', { data, model: 'lstm', epochs, earlyStopping: false, activate: false, ...(process.env.NL_BENCH_SILENT ? { silent: true } : {}) }),
    );
    training.push(figures);
    outcomes.push(outcome);
    const span = figures.seconds * 1000;
    idle.push((await measure(() => new Promise((resolve) => setTimeout(resolve, span)))).figures);
  }
  if (session) {
    const { profile: p } = (await post('Profiler.stop')) as { profile: unknown };
    fs.writeFileSync(profile!, JSON.stringify(p));
    session.disconnect();
  }
  console.log(`HOST-LATENCY ${JSON.stringify({ training, idle, outcomes })}`);
}
