// The tuned TF-IDF + logistic regression baseline (linear_baseline.py) called from a bench, in the same run:
// Debian's /usr/bin/python3 with scikit-learn, fed and read as JSON. Absent: undefined, and the bench says so.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../test/harness/paths';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(repoRoot, 'bench/train/linear_baseline.py');

/** Why the baseline cannot run here, or undefined when it can. */
export function baselineMissing(): string | undefined {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : `scikit-learn is not importable by ${PYTHON} (apt-get install python3-sklearn)`;
}

export interface BaselineRun {
  /** The C chosen by cross-validation on the training rows. */
  c: number;
  /** Packed rows × classes, in label index order. */
  probabilities: Float32Array;
  seconds: number;
}

/**
 * Fits the baseline on `train` (labels as indices 0..classes-1) and scores `test`. Chinese: character n-grams.
 * `cs`: the values of C to choose from (default the 0.3, 1, 3, 10, 30; one value skips the search).
 */
export function runBaseline(train: { texts: readonly string[]; y: readonly number[] }, test: readonly string[], chinese: boolean, cs?: number[]): BaselineRun {
  const job = JSON.stringify({ train: { texts: train.texts, y: train.y }, test: { texts: test }, chinese, Cs: cs });
  const r = spawnSync(PYTHON, [SCRIPT], { input: job, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${SCRIPT} failed: ${r.stderr || r.error}`);
  const out = JSON.parse(r.stdout) as { C: number; probabilities: number[][]; seconds: number };
  return { c: out.C, probabilities: Float32Array.from(out.probabilities.flat()), seconds: out.seconds };
}

/** True for a set whose texts are mostly CJK (character n-grams for the baseline). */
export function isChinese(texts: readonly string[]): boolean {
  const sample = texts.slice(0, 200).join('');
  const cjk = sample.match(/\p{Script=Han}/gu)?.length ?? 0;
  return cjk > sample.length / 4;
}
