// How the fast model's defaults were chosen: cross-validation on the *.train.csv files only (the *.test.csv
// files are never read here). Each configuration runs the whole training path of the product — validation as
// core/validation.ts plans it, early stopping, the calibrating temperature (core/calibratedFit.ts) — inside
// each of K outer folds of the training file, and is scored on the outer held-out fold: macro-F1, ECE, NLL.
// With --baseline the TF-IDF + LR (linear_baseline.py) runs on the same outer folds, with C = 30: the value its
// own cross-validation picks on every set (BASELINES.md), as the full search inside every outer fold costs
// minutes per fold on the Chinese set.
//   npm run bench:train:tune [-- --folds 5 --grid name --set NAME_PREFIX --baseline]   (the data folder: NL_BENCH_DATA)
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import { calibrationReport } from '../../src/core/calibration';
import { fitCalibrated } from '../../src/core/calibratedFit';
import { readLabelledCsv } from '../../src/core/csv';
import type { Pooling } from '../../src/core/fast/fastModel';
import { trainFast, type FastOptions } from '../../src/core/fast/train';
import { fastOptionsFor, type ModelRuntime } from '../../src/core/modelRuntimes';
import { classificationReport } from '../../src/core/report';
import { stratifiedFolds } from '../../src/core/split';
import { evaluateClassifier } from '../../src/core/train';
import type { TrainOptions } from '../../src/core/trainTypes';
import { planValidation } from '../../src/core/validation';
import { benchDataDir } from '../common';
import { baselineMissing, isChinese, runBaseline } from './linearBaseline';

/**
 * A configuration: options a user can give (TrainOptions: learning rate, dimension, maximum epochs, patience,
 * validation split) and the model's own (features, pooling, decay under a holdout).
 */
type Config = { name: string; train?: Partial<TrainOptions>; model?: Partial<Pick<FastOptions, 'features' | 'pooling' | 'decay' | 'minCount' | 'smoothing' | 'layout'>> };

const IDF_L2: Pooling = { norm: 2, idf: true, unseenWeight: 0 };
/** scikit-learn's default tokens for words: 2+ characters, no ! ? or emoji (CJK n-grams as before). */
const SK_TOKENS = { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 3, minWordLength: 2, symbols: false };
/** The default features, each counted once per text (binary tf). */
const DISTINCT = { ...SK_TOKENS, symbols: true, distinct: true };

const GRIDS: Record<string, Config[]> = {
  // The defaults as they stand, against their neighbours one knob at a time.
  main: [
    { name: 'defaults' },
    { name: 'lr 0.1', train: { learningRate: 0.1 } },
    { name: 'lr 0.4', train: { learningRate: 0.4 } },
    { name: 'dim 16', train: { embeddingDim: 16 } },
    { name: 'dim 32', train: { embeddingDim: 32 } },
    { name: 'max 20 epochs', train: { epochs: 20 } },
    { name: 'max 40 epochs', train: { epochs: 40 } },
    { name: 'patience 5', train: { patience: 5 } },
    { name: 'constant rate', model: { decay: 'constant' } },
  ],
  // Round 2, after "main": a lower rate helped amazon and chnsenticorp; scikit-learn's tokens (words of 2+
  // characters, no ! ? or emoji) are part of the baseline's lead on English.
  second: [
    { name: 'defaults' },
    { name: 'lr 0.1', train: { learningRate: 0.1 } },
    { name: 'lr 0.1 p5', train: { learningRate: 0.1, patience: 5 } },
    { name: 'lr 0.1 d16', train: { learningRate: 0.1, embeddingDim: 16 } },
    { name: 'lr 0.1 max20', train: { learningRate: 0.1, epochs: 20 } },
    { name: 'lr 0.1 words2+', train: { learningRate: 0.1 }, model: { features: { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 3, minWordLength: 2 } } },
    { name: 'lr 0.1 words2+ nosym', train: { learningRate: 0.1 }, model: { features: { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 3, minWordLength: 2, symbols: false } } },
    { name: 'lr 0.05 max20', train: { learningRate: 0.05, epochs: 20 } },
  ],
  // Round 3: scikit-learn's tokens won on English (amazon +1.9, imdb +0.8 points); combined with the rest.
  third: [
    { name: 'lr 0.1 w2', train: { learningRate: 0.1 }, model: { features: SK_TOKENS } },
    { name: 'lr 0.1 w2 sym', train: { learningRate: 0.1 }, model: { features: { ...SK_TOKENS, symbols: true } } },
    { name: 'lr 0.1 w2 max20', train: { learningRate: 0.1, epochs: 20 }, model: { features: SK_TOKENS } },
    { name: 'lr 0.05 w2 max20', train: { learningRate: 0.05, epochs: 20 }, model: { features: SK_TOKENS } },
    { name: 'lr 0.1 w2 d16', train: { learningRate: 0.1, embeddingDim: 16 }, model: { features: SK_TOKENS } },
    { name: 'lr 0.2 w2', train: { learningRate: 0.2 }, model: { features: SK_TOKENS } },
  ],
  // Issue 10's two misses (chnsenticorp macro-F1, yelp ECE): the TF-IDF's sublinear tf as binary tf (each
  // feature once per text), the rare features the automatic minimum count drops on large files, the rate.
  tf: [
    { name: 'defaults' },
    { name: 'distinct', model: { features: DISTINCT } },
    { name: 'min count 1', model: { minCount: 1 } },
    { name: 'distinct, min count 1', model: { features: DISTINCT, minCount: 1 } },
    { name: 'distinct, lr 0.2', train: { learningRate: 0.2 }, model: { features: DISTINCT } },
  ],
  // Round 3: calibration. Label smoothing on top of the round-2 winner (binary tf, every feature kept).
  smoothing: [
    { name: 'defaults' },
    { name: 'distinct, min count 1', model: { features: DISTINCT, minCount: 1 } },
    { name: 'distinct, mc 1, smooth 0.05', model: { features: DISTINCT, minCount: 1, smoothing: 0.05 } },
    { name: 'distinct, mc 1, smooth 0.1', model: { features: DISTINCT, minCount: 1, smoothing: 0.1 } },
    { name: 'distinct, mc 1, lr 0.05', train: { learningRate: 0.05 }, model: { features: DISTINCT, minCount: 1 } },
  ],
  // Round 4: which part of round 3's winner does the work, at the automatic minimum count (large files keep
  // dropping the features of one text: model size and scoring speed).
  smoothing2: [
    { name: 'smooth 0.05', model: { smoothing: 0.05 } },
    { name: 'distinct, smooth 0.05', model: { features: DISTINCT, smoothing: 0.05 } },
    { name: 'distinct, smooth 0.1', model: { features: DISTINCT, smoothing: 0.1 } },
    { name: 'distinct, smooth 0.2', model: { features: DISTINCT, smoothing: 0.2 } },
  ],
  // The defaults chosen from the rounds above (distinct, label smoothing 0.05, rare features kept below
  // LARGE_EPOCH), run again as the product runs them.
  chosen: [{ name: 'defaults' }],
  epochs: [
    { name: 'max auto', train: {} },
    { name: 'max 15', train: { epochs: 15 } },
    { name: 'max 20', train: { epochs: 20 } },
    { name: 'max 30', train: { epochs: 30 } },
    { name: 'max 30 lr 0.1', train: { epochs: 30, learningRate: 0.1 } },
    { name: 'max 30 patience 5', train: { epochs: 30, patience: 5 } },
  ],
  ngrams: [
    { name: 'words 1-2, cjk 1-3' },
    { name: 'words 1', model: { features: { wordNgrams: 1, cjkMinN: 1, cjkMaxN: 3 } } },
    { name: 'cjk 1-2', model: { features: { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 2 } } },
    { name: 'cjk 2-3', model: { features: { wordNgrams: 2, cjkMinN: 2, cjkMaxN: 3 } } },
    { name: 'cjk 1-4', model: { features: { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 4 } } },
  ],
  validation: [
    { name: 'planned' },
    { name: 'holdout 0.1', train: { validationSplit: 0.1 } },
    { name: 'holdout 0.2', train: { validationSplit: 0.2 } },
    { name: 'none', train: { validationSplit: 0 } },
  ],
  // Issue 12: the linear layout (each row the feature's class scores, as the collapsed model: a quarter of
  // the SGD's memory traffic on two classes) against the factorised one, at neighbouring rates (the linear
  // layout runs at LINEAR_RATE_SCALE × the option).
  linear: [
    { name: 'factorised', model: { layout: 'factorised' } },
    { name: 'linear lr 0.05', train: { learningRate: 0.05 }, model: { layout: 'linear' } },
    { name: 'linear lr 0.1', model: { layout: 'linear' } },
    { name: 'linear lr 0.2', train: { learningRate: 0.2 }, model: { layout: 'linear' } },
    { name: 'linear lr 0.4', train: { learningRate: 0.4 }, model: { layout: 'linear' } },
  ],
  pooling: [
    { name: 'idf l2' , model: { pooling: IDF_L2 } },
    { name: 'mean', model: { pooling: { norm: 1, idf: false, unseenWeight: 0 } } },
    { name: 'idf l1', model: { pooling: { norm: 1, idf: true, unseenWeight: 0 } } },
  ],
};

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The fast runtime with the configuration's model options on top of what the run asks. */
function runtimeFor(config: Config): ModelRuntime {
  return {
    async train(input) {
      const options = { ...fastOptionsFor(input), ...config.model, threads: 1 };
      // A constant rate is what cross-fitting needs; a configuration may ask for it under a holdout too.
      if (input.constantRate) options.decay = 'constant';
      const { model, fit } = await trainFast({ ...input, options });
      return { classifier: model, backend: 'js', fit };
    },
    load: () => Promise.reject(new Error('not used')),
  };
}

interface Scores {
  f1: number;
  ece: number;
  nll: number;
  seconds: number;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main(): Promise<void> {
  const dir = benchDataDir();
  const folds = Number(argValue('--folds') ?? 5);
  const gridName = argValue('--grid') ?? 'main';
  const grid = GRIDS[gridName];
  if (!grid) throw new Error(`--grid must be one of ${Object.keys(GRIDS).join(', ')}`);
  const only = argValue('--set');
  const withBaseline = process.argv.includes('--baseline');
  const missing = withBaseline ? baselineMissing() : undefined;
  if (missing) console.log(`(baseline left out: ${missing})`);
  const sets = (await fsp.readdir(dir)).filter((f) => f.endsWith('.train.csv') && (!only || f.startsWith(only))).sort();
  const table: Record<string, Record<string, Scores>> = {};
  for (const file of sets) {
    const data = await readLabelledCsv(path.join(dir, file));
    const set = file.replace('.train.csv', '');
    const k = data.labels.length;
    table[set] = {};
    const outer = stratifiedFolds(data.y, k, folds, 1000);
    const parts = outer.map((held) => {
      const heldSet = new Set(held);
      const train = data.y.map((_, i) => i).filter((i) => !heldSet.has(i));
      const pick = (rows: number[]): { texts: string[]; y: number[] } => ({ texts: rows.map((i) => data.texts[i]), y: rows.map((i) => data.y[i]) });
      return { train: pick(train), test: pick(held) };
    });
    if (withBaseline && !missing) {
      const chinese = isChinese(data.texts);
      const runs = parts.map(({ train, test }) => {
        const b = runBaseline(train, test.texts, chinese, [30]);
        const pred = test.y.map((_, i) => {
          let best = 0;
          for (let c = 1; c < k; c++) if (b.probabilities[i * k + c] > b.probabilities[i * k + best]) best = c;
          return best;
        });
        const cal = calibrationReport(b.probabilities, k, test.y);
        return { f1: classificationReport(data.labels, test.y, pred).macro.f1, ece: cal.ece, nll: cal.nll, seconds: b.seconds };
      });
      table[set]['TF-IDF + LR'] = { f1: mean(runs.map((r) => r.f1)), ece: mean(runs.map((r) => r.ece)), nll: mean(runs.map((r) => r.nll)), seconds: mean(runs.map((r) => r.seconds)) };
      print(set, 'TF-IDF + LR', table[set]['TF-IDF + LR']);
    }
    for (const config of grid) {
      const runs: Scores[] = [];
      for (const { train, test } of parts) {
        const t0 = performance.now();
        const options = { data: file, out: '', seed: 42, earlyStopping: true, ...config.train };
        const fitted = await fitCalibrated({
          kind: 'fast',
          plan: planValidation('fast', train.y, k, options.validationSplit),
          rows: train,
          labels: data.labels,
          file,
          options,
          onProgress: () => undefined,
          signal: new AbortController().signal,
          runtime: runtimeFor(config),
        });
        const seconds = (performance.now() - t0) / 1000;
        const { report, reliability } = await evaluateClassifier(fitted.classifier, test);
        runs.push({ f1: report.macro.f1, ece: reliability.ece, nll: reliability.nll, seconds });
      }
      table[set][config.name] = { f1: mean(runs.map((r) => r.f1)), ece: mean(runs.map((r) => r.ece)), nll: mean(runs.map((r) => r.nll)), seconds: mean(runs.map((r) => r.seconds)) };
      print(set, config.name, table[set][config.name]);
    }
  }
  console.log(`\n${folds}-fold CV on the training files, grid "${gridName}": mean macro-F1 / ECE per set; worst F1 gap to the best configuration`);
  for (const config of grid) {
    const rows = Object.values(table);
    const gap = Math.max(...rows.map((row) => Math.max(...Object.entries(row).filter(([n]) => n !== 'TF-IDF + LR').map(([, s]) => s.f1)) - row[config.name].f1));
    console.log(`${config.name.padEnd(22)} ${rows.map((row) => `${row[config.name].f1.toFixed(3)}/${row[config.name].ece.toFixed(3)}`).join('  ')}  gap ${gap.toFixed(4)}`);
  }
}

function print(set: string, name: string, s: Scores): void {
  console.log(`${set.padEnd(18)} ${name.padEnd(22)} macro-F1 ${s.f1.toFixed(4)}  ECE ${s.ece.toFixed(4)}  NLL ${s.nll.toFixed(4)}  (${s.seconds.toFixed(2)} s per fit)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
