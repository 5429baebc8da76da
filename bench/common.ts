// What the benches share: where their data sets are, and small figures helpers.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
