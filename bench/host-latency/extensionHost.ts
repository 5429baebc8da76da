// The extension host's event-loop delay during an LSTM training, measured inside the real extension host of
// a real workbench (code-server + headless chromium, Neural Lens as a development extension): the training
// is started through the extension's own command, with its notification, status bar and live dashboard.
// Reference in the same run: the same host idle for as long (interleaved rounds). The figures come from
// hostSuite.ts; bench/host-latency/run.ts measures the same in a plain Node process standing in for the host.
//   npm run build && npm run compile-tests && node out/bench/host-latency/extensionHost.js
//   NL_BENCH_DATA (default ../shared/data/chnsenticorp_htl.train.csv, else samples/reviews.csv),
//   NL_BENCH_EPOCHS (2), NL_BENCH_ROUNDS (3)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCodeServer } from '../../test/harness/codeServer';
import { launchBrowser, openWorkbench } from '../../test/harness/browser';
import { repoRoot } from '../../test/harness/paths';

interface Figures {
  seconds: number;
  samples: number;
  p50: number;
  p99: number;
  max: number;
  elu: number;
}

function dataFile(): string {
  const candidates = [process.env.NL_BENCH_DATA, path.join(repoRoot, '..', 'shared', 'data', 'chnsenticorp_htl.train.csv'), path.join(repoRoot, 'samples', 'reviews.csv')];
  const found = candidates.find((f): f is string => !!f && fs.existsSync(f));
  if (!found) throw new Error(`no training data: set NL_BENCH_DATA (tried ${candidates.filter(Boolean).join(', ')})`);
  return path.resolve(found);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f2 = (n: number): string => n.toFixed(2);

async function main(): Promise<void> {
  const data = dataFile();
  const epochs = process.env.NL_BENCH_EPOCHS ?? '2';
  const rounds = process.env.NL_BENCH_ROUNDS ?? '3';
  const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`extension host latency during an LSTM training: ${path.basename(data)}, ${epochs} epochs, ${rounds} rounds; ${os.cpus().length} cores, load average ${load()}`);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'neural-lens-bench-'));
  const server = await startCodeServer({
    workspace,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(__dirname, 'hostSuite.js'),
    env: { NL_BENCH_DATA: data, NL_BENCH_EPOCHS: epochs, NL_BENCH_ROUNDS: rounds, ...(process.env.NL_BENCH_SILENT ? { NL_BENCH_SILENT: '1' } : {}), ...(process.env.NL_BENCH_PROFILE ? { NL_BENCH_PROFILE: path.resolve(process.env.NL_BENCH_PROFILE) } : {}) },
  });
  const browser = await launchBrowser();
  let report: { training: Figures[]; idle: Figures[]; outcomes: Array<{ status?: string; model?: { accuracy?: number } }> } | undefined;
  try {
    const { page } = browser;
    let finish!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const text = Array.isArray(args) ? args.map(String).join(' ') : String(args);
      const m = /HOST-LATENCY (\{.*\})/.exec(text);
      if (m) report = JSON.parse(m[1]) as typeof report;
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    void openWorkbench(page, server.url).catch(() => undefined);
    const code = await exited;
    if (code !== 0 || !report) throw new Error(`the in-host latency bench failed (exit code ${code})`);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  const row = (name: string, fs: Figures[]): string =>
    `| ${name} | ${fs.reduce((n, f) => n + f.samples, 0)} | ${f2(median(fs.map((f) => f.p50)))} | ${f2(median(fs.map((f) => f.p99)))} (${fs.map((f) => f2(f.p99)).join(', ')}) | ${f2(Math.max(...fs.map((f) => f.max)))} | ${(median(fs.map((f) => f.elu)) * 100).toFixed(1)}% |`;
  const t = report.training;
  const p99 = median(t.map((f) => f.p99));
  const idleP99 = median(report.idle.map((f) => f.p99));
  console.log(
    [
      '',
      `| extension host event loop, delay beyond a 10 ms timer (median of ${t.length} rounds) | samples | p50 ms | p99 ms (per round) | max ms | loop busy |`,
      '|---|---:|---:|---:|---:|---:|',
      row('idle (reference)', report.idle),
      row(`LSTM training through the train command (${t.reduce((n, f) => n + f.seconds, 0).toFixed(1)} s)`, t),
      '',
      `p99 during training: ${f2(p99)} ms (target < 20 ms: ${p99 < 20 ? 'met' : 'NOT met'}); idle ${f2(idleP99)} ms, ratio ${idleP99 >= 0.05 ? (p99 / idleP99).toFixed(1) + '×' : 'n/a'}.`,
      `Load average at the end: ${load()}.`,
    ].join('\n'),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
