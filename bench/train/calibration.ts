// Bench: accuracy and calibration of our models against the tuned TF-IDF + logistic regression baseline, run
// in the same process tree (linear_baseline.py through Debian's python3 + scikit-learn), on every set of a
// data folder: train on NAME.train.csv, score NAME.test.csv once. Ours is the product's own training path
// (runTraining: validation planned, early stopping, temperature) with its defaults; "ECE before T" scores the
// same saved model at T = 1.
//   npm run bench:train:calibration [-- --kinds fast,lstm,cnn --set NAME_PREFIX --no-baseline]   (the data folder: NL_BENCH_DATA)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBundleMeta } from '../../src/core/bundle';
import { calibrationReport } from '../../src/core/calibration';
import { MODEL_KINDS, isModelKind, type ModelKind } from '../../src/core/modelKind';
import { MODEL_RUNTIMES } from '../../src/core/modelRuntimes';
import { predictPackedInBatches } from '../../src/core/classifier';
import { loadBundle } from '../../src/core/bundle';
import { classificationReport } from '../../src/core/report';
import { evaluateClassifier, runTraining } from '../../src/core/train';
import { benchDataDir, benchSets, loadAverage, readBenchSet } from '../common';
import { baselineMissing, isChinese, runBaseline } from './linearBaseline';
import { pairedBootstrap, type Interval } from './pairedBootstrap';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
const interval = (i: Interval): string => `${signed(i.observed)} [${signed(i.low)}, ${signed(i.high)}]`;

const f3 = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(3));

async function main(): Promise<void> {
  const dir = benchDataDir();
  const kinds = (argValue('--kinds') ?? 'fast').split(',');
  for (const k of kinds) if (!isModelKind(k)) throw new Error(`--kinds: ${k} is not one of ${MODEL_KINDS.join(', ')}`);
  const missing = process.argv.includes('--no-baseline') ? 'left out (--no-baseline)' : baselineMissing();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-bench-calibration-'));
  const sets = benchSets(dir, argValue('--set'));
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}, load average ${loadAverage()}`);
  if (missing) console.log(`baseline: ${missing}`);
  const rows = [
    '| set | model | train / validation / test rows | validation | macro-F1 | accuracy | ECE before T | ECE | NLL | Brier | T | kept epoch | train s |',
    '|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|',
  ];
  const differences = [
    '| set | model | ECE − baseline\'s [95% interval] | macro-F1 − baseline\'s [95% interval] |',
    '|---|---|---|---|',
  ];
  try {
    for (const { name: set, trainCsv, testCsv } of sets) {
      const { train, test } = await readBenchSet({ name: set, trainCsv, testCsv });
      const k = train.labels.length;
      // Each model's calibrated test probabilities, for the paired bootstrap against the baseline.
      const scored = new Map<ModelKind, Float32Array>();
      for (const kind of kinds as ModelKind[]) {
        const out = path.join(tmp, `${set}-${kind}`);
        const r = await runTraining({ data: trainCsv, test: testCsv, out, model: kind });
        // The same model at T = 1: the kind's runtime loads it without the bundle's temperature.
        const meta = await readBundleMeta(out);
        const raw = await MODEL_RUNTIMES[kind].load(out, meta.model, meta.labels);
        const before = (await evaluateClassifier(raw, test)).reliability.ece;
        raw.dispose?.();
        const shipped = await loadBundle(out);
        scored.set(kind, await predictPackedInBatches(shipped.classifier, test.texts));
        shipped.classifier.dispose?.();
        const validation = r.validation.strategy === 'cross-fit' ? `${r.validation.folds}-fold cross-fit` : r.validation.strategy;
        const kept = r.fit.stopReason === 'cross-fit' ? `${r.fit.bestEpoch} (folds ${r.fit.foldBestEpochs!.join(' ')})` : `${r.fit.bestEpoch} of ${r.fit.epochsRun} (${r.fit.stopReason})`;
        const line = `| ${set} | ${kind} | ${r.trainRows} / ${r.validationRows} / ${r.testRows} | ${validation} | ${f3(r.report.macro.f1)} | ${f3(r.report.accuracy)} | ${f3(before)} | ${f3(r.reliability.ece)} | ${f3(r.reliability.nll)} | ${f3(r.reliability.brier)} | ${r.calibration.temperature.toFixed(2)} | ${kept} | ${r.trainSeconds.toFixed(2)} |`;
        rows.push(line);
        console.log(line);
      }
      if (!missing) {
        const b = runBaseline(train, test.texts, isChinese(train.texts));
        const pred = test.y.map((_, i) => {
          let best = 0;
          for (let c = 1; c < k; c++) if (b.probabilities[i * k + c] > b.probabilities[i * k + best]) best = c;
          return best;
        });
        const report = classificationReport(train.labels, test.y, pred);
        const cal = calibrationReport(b.probabilities, k, test.y);
        const line = `| ${set} | TF-IDF + LR (C = ${b.c}) | ${train.texts.length} / (5-fold CV for C) / ${test.texts.length} | – | ${f3(report.macro.f1)} | ${f3(report.accuracy)} | ${f3(cal.ece)} | ${f3(cal.ece)} | ${f3(cal.nll)} | ${f3(cal.brier)} | – | – | ${b.seconds.toFixed(2)} |`;
        rows.push(line);
        console.log(line);
        for (const [kind, probabilities] of scored) {
          const d = pairedBootstrap(probabilities, b.probabilities, train.labels, test.y);
          const diff = `| ${set} | ${kind} | ${interval(d.ece)} | ${interval(d.macroF1)} |`;
          differences.push(diff);
          console.log(diff);
        }
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\nload average at the end ${loadAverage()}\n\n${rows.join('\n')}`);
  if (differences.length > 2) console.log(`\nPaired bootstrap over the test rows (2,000 resamples):\n\n${differences.join('\n')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
