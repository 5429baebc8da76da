// Bench: the fast model's scale curve against `fasttext supervised -thread 2`, same run: training files of
// 10,000 / 100,000 / 1,000,000 rows (5,000,000 with --with-5m) generated from the English training texts of
// the data folder (uci_*.train.csv), each scored on one fixed test file (the uci_*.test.csv rows together).
// Wall, CPU and peak RSS of each whole process, and macro-F1 on the test file, so growth is visible.
//   npm run bench:train:scale [-- --with-5m] [-- --write]
// --write replaces the "## train at scale" section of bench/RESULTS.md (its "What the figures say" is kept).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../test/harness/paths';
import { benchDataDir, benchSets, loadAverage, publishSection, timedProcess, withTempDir, type TimedRun } from '../common';
import { FASTTEXT, fastTextMacroF1 } from './fastText';
import { englishSources, generate } from './generated';

const CLI = path.join(repoRoot, 'dist/cli.js');
const SIZES = [10_000, 100_000, 1_000_000];
const LARGEST = 5_000_000;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const haveFastText = fs.existsSync(FASTTEXT);
  if (!haveFastText) console.log(`(${FASTTEXT} not found: fastText columns left out; apt-get install -y fasttext)`);
  const sets = benchSets(benchDataDir(), 'uci_');
  if (sets.length === 0) throw new Error(`no uci_* sets in ${benchDataDir()}: the English texts come from them`);
  const sizes = args.includes('--with-5m') ? [...SIZES, LARGEST] : SIZES;
  await withTempDir('nl-bench-scale-', async (tmp) => {
    const { byLabel, testCsv, testTxt, labels, yTest } = await englishSources(sets, tmp);

    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}, load average ${loadAverage()}`);
    const lines: string[] = [];
    for (const rows of sizes) {
      const csv = path.join(tmp, `train-${rows}.csv`);
      const txt = path.join(tmp, `train-${rows}.txt`);
      generate(byLabel, rows, csv, txt);
      const mb = fs.statSync(csv).size / 1e6;
      const ours = await timedProcess(process.execPath, [CLI, 'train', csv, '--test', testCsv, '--out', path.join(tmp, `model-${rows}`), '--json']);
      const ourF1 = (JSON.parse(ours.stdout) as { macroF1: number }).macroF1;
      let ft: TimedRun | undefined;
      let ftF1 = NaN;
      if (haveFastText) {
        const model = path.join(tmp, `ft-${rows}`);
        ft = await timedProcess(FASTTEXT, ['supervised', '-input', txt, '-output', model, '-thread', '2'], true);
        ftF1 = fastTextMacroF1(`${model}.bin`, testTxt, labels, yTest);
        fs.rmSync(`${model}.bin`, { force: true });
        fs.rmSync(`${model}.vec`, { force: true });
      }
      fs.rmSync(csv);
      fs.rmSync(txt);
      const f = (x: number | undefined, d: number): string => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
      const line = `| ${rows.toLocaleString('en')} | ${mb.toFixed(0)} | ${f(ours.seconds, 1)} / ${f(ft?.seconds, 1)} | ${f(ft && ours.seconds / ft.seconds, 2)} | ${f(ours.cpu, 1)} / ${f(ft?.cpu, 1)} | ${(ours.peakKb / 1024).toFixed(0)} / ${f(ft && ft.peakKb / 1024, 0)} | ${f(ft && ours.peakKb / ft.peakKb, 2)} | ${ourF1.toFixed(3)} / ${f(ftF1, 3)} |`;
      lines.push(line);
      console.log(line);
    }
    const section = [
      '## train at scale — `npm run bench:train:scale`',
      '',
      `Run ${new Date().toISOString().slice(0, 16)}Z on ${os.cpus().length}× ${os.cpus()[0].model.split(' ').slice(0, 2).join(' ')}, Node ${process.version}, fastText 0.9.2 (Debian), load average ${loadAverage()} at the end.`,
      '',
      '| training rows | CSV MB | wall s ours / fastText | wall ratio | CPU s ours / fastText | peak RSS MB ours / fastText | RSS ratio | macro-F1 ours / fastText |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...lines,
      '',
      `**Method.** Training files generated from the English training texts of the data folder (the uci_* training files, ${[...byLabel.values()].reduce((n, v) => n + v.length, 0).toLocaleString('en')} sentences): each row two or three sentences of one label, joined, drawn with a seeded generator; the same rows for both trainers (CSV for ours, \`__label__\` lines for fastText). One fixed test file: the uci_* test files together (${yTest.length} rows). Ours: \`neural-lens train FILE --test TEST --out DIR --json\` with its defaults (reading, validation, training, calibration, scoring the test file, saving); fastText: \`fasttext supervised -input FILE -thread 2\` with its defaults, scored by \`fasttext predict\` (not timed). Each a child process timed by GNU time, once per size. The 5,000,000-row point runs with \`-- --with-5m\` only.`,
      '',
    ].join('\n');
    publishSection('train at scale', section);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
