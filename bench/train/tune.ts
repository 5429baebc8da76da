// How the fast model's defaults were chosen: k-fold cross-validation on the *.train.csv files only (the
// *.test.csv files are never read here), over a small grid. Prints the mean macro-F1 of each configuration on
// each set and the worst-case gap to the best configuration of that set.
//   npm run bench:train:tune [-- --folds 5 --grid name --set NAME_PREFIX]   (the data folder: NL_BENCH_DATA)
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import { readLabelledCsv } from '../../src/core/csv';
import { stratifiedSplit } from '../../src/core/split';
import { classificationReport } from '../../src/core/report';
import type { Pooling } from '../../src/core/fast/fastModel';
import { trainFast, type FastOptions } from '../../src/core/fast/train';
import { benchDataDir } from '../common';

type Config = Partial<FastOptions> & { name: string };

/** IDF-weighted features, divided by the L2 norm of the weights, unseen words left out (the default since). */
const IDF_L2: Pooling = { norm: 2, idf: true, unseenWeight: 0 };

const GRIDS: Record<string, Config[]> = {
  main: [
    { name: 'd32 e20 lr0.5', dim: 32, epochs: 20, lr: 0.5 },
    { name: 'd32 e10 lr0.5', dim: 32, epochs: 10, lr: 0.5 },
    { name: 'd32 e40 lr0.5', dim: 32, epochs: 40, lr: 0.5 },
    { name: 'd32 e20 lr0.2', dim: 32, epochs: 20, lr: 0.2 },
    { name: 'd32 e20 lr1.0', dim: 32, epochs: 20, lr: 1.0 },
    { name: 'd16 e20 lr0.5', dim: 16, epochs: 20, lr: 0.5 },
    { name: 'd64 e20 lr0.5', dim: 64, epochs: 20, lr: 0.5 },
    { name: 'uni e20 lr0.5', dim: 32, epochs: 20, lr: 0.5, features: { wordNgrams: 1, cjkMinN: 1, cjkMaxN: 3 } },
    { name: 'cjk1-2', dim: 32, epochs: 20, lr: 0.5, features: { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 2 } },
    { name: 'cjk2-3', dim: 32, epochs: 20, lr: 0.5, features: { wordNgrams: 2, cjkMinN: 2, cjkMaxN: 3 } },
  ],
  pooling: [
    { name: 'mean', dim: 32, epochs: 20, lr: 0.5 },
    { name: 'mean unseen0', dim: 32, epochs: 20, lr: 0.5, pooling: { norm: 1, idf: false, unseenWeight: 0 } },
    { name: 'idf l1 lr0.5', dim: 32, epochs: 20, lr: 0.5, pooling: { norm: 1, idf: true, unseenWeight: 0 } },
    { name: 'idf l1 lr1', dim: 32, epochs: 20, lr: 1, pooling: { norm: 1, idf: true, unseenWeight: 0 } },
    { name: 'idf l2 lr0.1', dim: 32, epochs: 20, lr: 0.1, pooling: IDF_L2 },
    { name: 'idf l2 lr0.2', dim: 32, epochs: 20, lr: 0.2, pooling: IDF_L2 },
    { name: 'idf l2 lr0.5', dim: 32, epochs: 20, lr: 0.5, pooling: IDF_L2 },
    { name: 'l2 lr0.1', dim: 32, epochs: 20, lr: 0.1, pooling: { norm: 2, idf: false, unseenWeight: 0 } },
    { name: 'l2 lr0.2', dim: 32, epochs: 20, lr: 0.2, pooling: { norm: 2, idf: false, unseenWeight: 0 } },
  ],
  idf: [
    { name: 'e20 lr0.2', dim: 32, epochs: 20, lr: 0.2, pooling: IDF_L2 },
    { name: 'e10 lr0.2', dim: 32, epochs: 10, lr: 0.2, pooling: IDF_L2 },
    { name: 'e40 lr0.2', dim: 32, epochs: 40, lr: 0.2, pooling: IDF_L2 },
    { name: 'e20 lr0.3', dim: 32, epochs: 20, lr: 0.3, pooling: IDF_L2 },
    { name: 'e20 lr0.15', dim: 32, epochs: 20, lr: 0.15, pooling: IDF_L2 },
    { name: 'd16', dim: 16, epochs: 20, lr: 0.2, pooling: IDF_L2 },
    { name: 'd64', dim: 64, epochs: 20, lr: 0.2, pooling: IDF_L2 },
    { name: 'unseen1', dim: 32, epochs: 20, lr: 0.2, pooling: { norm: 2, idf: true, unseenWeight: 1 } },
    { name: 'unigrams', dim: 32, epochs: 20, lr: 0.2, pooling: IDF_L2, features: { wordNgrams: 1, cjkMinN: 1, cjkMaxN: 3 } },
  ],
  chn: [
    { name: 'mean d32 e20 lr0.5', dim: 32, epochs: 20, lr: 0.5 },
    { name: 'idf-l2 d32 e20 lr0.2', dim: 32, epochs: 20, lr: 0.2, pooling: IDF_L2 },
    { name: 'idf-l2 d16 e20 lr0.2', dim: 16, epochs: 20, lr: 0.2, pooling: IDF_L2 },
    { name: 'idf-l2 d16 e10 lr0.2', dim: 16, epochs: 10, lr: 0.2, pooling: IDF_L2 },
    { name: 'idf-l2 d16 e5 lr0.2', dim: 16, epochs: 5, lr: 0.2, pooling: IDF_L2 },
    { name: 'idf-l2 d16 e10 cjk1-2', dim: 16, epochs: 10, lr: 0.2, pooling: IDF_L2, features: { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 2 } },
  ],
  final: [
    { name: 'd16 e10', dim: 16, epochs: 10 },
    { name: 'd32 e10', dim: 32, epochs: 10 },
    { name: 'd16 e20', dim: 16, epochs: 20 },
  ],
  speed: [
    { name: 'd16 e10', dim: 16, epochs: 10 },
    { name: 'd16 e5', dim: 16, epochs: 5 },
    { name: 'd8 e10', dim: 8, epochs: 10 },
    { name: 'd8 e5', dim: 8, epochs: 5 },
    { name: 'd8 e5 lr0.3', dim: 8, epochs: 5, lr: 0.3 },
  ],
  epochs: [
    { name: 'e2', epochs: 2 },
    { name: 'e3', epochs: 3 },
    { name: 'e5', epochs: 5 },
    { name: 'e3 lr0.3', epochs: 3, lr: 0.3 },
    { name: 'e2 lr0.4', epochs: 2, lr: 0.4 },
  ],
  cjk: [
    { name: 'cjk 1-3', features: { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 3 } },
    { name: 'cjk 2-3', features: { wordNgrams: 2, cjkMinN: 2, cjkMaxN: 3 } },
    { name: 'cjk 1-2', features: { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 2 } },
    { name: 'cjk 2-2', features: { wordNgrams: 2, cjkMinN: 2, cjkMaxN: 2 } },
  ],
};

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dir = benchDataDir();
  const folds = Number(argValue('--folds') ?? 5);
  const grid = GRIDS[argValue('--grid') ?? 'main'];
  const only = argValue('--set');
  const sets = (await fsp.readdir(dir)).filter((f) => f.endsWith('.train.csv') && (!only || f.startsWith(only))).sort();
  const table: Record<string, Record<string, number>> = {};
  for (const file of sets) {
    const data = await readLabelledCsv(path.join(dir, file));
    const set = file.replace('.train.csv', '');
    table[set] = {};
    // k folds: fold f is the test part of a stratified split seeded with f.
    const splits = Array.from({ length: folds }, (_, f) => stratifiedSplit(data.y, data.labels.length, 1 / folds, 1000 + f));
    for (const config of grid) {
      let sum = 0;
      const t0 = performance.now();
      for (const { train, test } of splits) {
        const model = await trainFast({
          train: { texts: train.map((i) => data.texts[i]), y: train.map((i) => data.y[i]) },
          labels: data.labels,
          options: { ...config, threads: 1 },
        });
        const pred = model.predictSync(test.map((i) => data.texts[i])).map((p) => data.labels.indexOf(p.label));
        sum += classificationReport(data.labels, test.map((i) => data.y[i]), pred).macro.f1;
      }
      table[set][config.name] = sum / folds;
      console.log(`${set.padEnd(18)} ${config.name.padEnd(22)} macro-F1 ${(sum / folds).toFixed(4)}  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
  }
  console.log('\nconfig                  worst gap to the best config of each set');
  for (const config of grid) {
    const gap = Math.max(...Object.values(table).map((row) => Math.max(...Object.values(row)) - row[config.name]));
    console.log(`${config.name.padEnd(22)}  ${gap.toFixed(4)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
