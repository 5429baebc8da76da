// What the benches share: where their data sets are, a child process timed from outside, small figures
// helpers, and the writing of a section of bench/RESULTS.md.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { readLabelledCsv, type LabelledData } from '../src/core/csv';
import { repoRoot } from '../test/harness/paths';

/**
 * The folder of the data sets the benches read (NAME.train.csv / NAME.test.csv pairs): $NL_BENCH_DATA, else
 * ../shared/data beside the repository. The one setting of where data is, for every bench.
 */
export function benchDataDir(): string {
  const dir = path.resolve(process.env.NL_BENCH_DATA ?? path.join(repoRoot, '..', 'shared', 'data'));
  if (process.env.NL_BENCH_DATA !== undefined && !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`NL_BENCH_DATA=${process.env.NL_BENCH_DATA} is not a folder: it names the folder of the data sets (NAME.train.csv, NAME.test.csv)`);
  }
  return dir;
}

/** A NAME.train.csv / NAME.test.csv pair of the data folder. */
export interface BenchSet {
  name: string;
  trainCsv: string;
  testCsv: string;
}

/** The sets of `dir` that have both files, by name, those starting with `only` when given. */
export function benchSets(dir: string, only?: string): BenchSet[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.train.csv') && (!only || f.startsWith(only)))
    .map((f) => f.replace('.train.csv', ''))
    .sort()
    .map((name) => ({ name, trainCsv: path.join(dir, `${name}.train.csv`), testCsv: path.join(dir, `${name}.test.csv`) }))
    .filter((set) => fs.existsSync(set.testCsv));
}

/** Both files of a set, the test rows mapped onto the training file's labels. */
export async function readBenchSet(set: BenchSet): Promise<{ train: LabelledData; test: LabelledData }> {
  const train = await readLabelledCsv(set.trainCsv);
  return { train, test: await readLabelledCsv(set.testCsv, { labels: train.labels }) };
}

/** The median; of an even count, the mean of the two middle values. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The machine's 1, 5 and 15 minute load averages, e.g. "1.2 0.9 0.7". */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

/** A child process timed from outside. */
export interface TimedRun {
  seconds: number;
  /** User + system CPU seconds of the child (all its threads). */
  cpu: number;
  /** Peak resident set size of the child. */
  peakKb: number;
  stdout: string;
}

/**
 * Runs a command under GNU time (/usr/bin/time): wall seconds from spawn to exit, CPU seconds and peak RSS of
 * the child. Its standard output is kept unless `discardOutput` (a large output would then be timed twice).
 */
export function timedProcess(cmd: string, args: string[], discardOutput = false): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M %U %S', cmd, ...args], { stdio: ['ignore', discardOutput ? 'ignore' : 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      const [peakKb, user, sys] = stderr.trim().split('\n').pop()!.split(' ').map(Number);
      resolve({ seconds, cpu: user + sys, peakKb, stdout });
    });
  });
}

/**
 * Replaces (or appends) the table and method of the section of bench/RESULTS.md whose heading starts with
 * `## ${name}`, keeping its "What the figures say" (written by hand) and the other sections.
 */
export function writeResultsSection(name: string, section: string): void {
  const file = path.join(repoRoot, 'bench', 'RESULTS.md');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n\n';
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^## ${escaped}(?![\\w-])[^\\n]*\\n[\\s\\S]*?(?=^## |(?![\\s\\S]))`, 'm');
  const reading = pattern.exec(current)?.[0].match(/^\*\*What the figures say[\s\S]*/m)?.[0].trimEnd();
  const replaced = reading ? `${section}\n${reading}\n\n` : `${section}\n`;
  const next = pattern.test(current) ? current.replace(pattern, replaced) : `${current.trimEnd()}\n\n${replaced}`;
  fs.writeFileSync(file, next);
  console.log(`wrote ${path.relative(repoRoot, file)}`);
}

/** Prints a bench's section of bench/RESULTS.md, and writes it there when the bench runs with --write. */
export function publishSection(name: string, section: string): void {
  console.log(`\n${section}`);
  if (process.argv.includes('--write')) writeResultsSection(name, section);
}

/** Runs `body` with a fresh temporary folder, removed afterwards whatever happens. */
export async function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return await body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A workbench bench failed: a screenshot of its page under test-results/bench, and a line saying where. */
export async function failureScreenshot(page: Page, name: string): Promise<void> {
  const shot = path.join(repoRoot, 'test-results', 'bench', `${name}-failure.png`);
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot }).catch(() => undefined);
  console.error(`(screenshot: ${path.relative(repoRoot, shot)})`);
}
