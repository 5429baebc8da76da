// Bench: the fast model streamed from disk (issue 12) against the in-memory path and `fasttext supervised
// -thread 2`, same run: peak RSS, wall and CPU on a ~500 MB English CSV and on the ~74,544-row Chinese file;
// macro-F1 of the in-memory and the streamed path on every set of the data folder; and what the bounded
// shuffle buffer costs against a full shuffle (in process, same dictionary and rows, shuffled and sorted by
// label).
//   npm run bench:train:stream [-- --skip-500mb] [-- --write]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readLabelledCsv } from '../../src/core/csv';
import { DictionaryBuilder } from '../../src/core/fast/dictionary';
import { trainFastStreamed } from '../../src/core/fast/stream';
import { fastOptions, minDocFreqFor } from '../../src/core/fast/train';
import { classificationReport } from '../../src/core/report';
import { repoRoot } from '../../test/harness/paths';
import { benchDataDir, benchSets, loadAverage, median, publishSection, readBenchSet, timedProcess, withTempDir, type TimedRun } from '../common';
import { FASTTEXT, fastTextMacroF1, toFastText } from './fastText';
import { englishSources, generate, makeLarge } from './generated';

const CLI = path.join(repoRoot, 'dist/cli.js');
/** Rows of the English file: about 500 MB. */
const ROWS_500MB = 2_850_000;

const f = (x: number | undefined, d: number): string => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
const mb = (r: TimedRun): string => (r.peakKb / 1024).toFixed(0);

async function ours(args: string[]): Promise<TimedRun & { f1: number }> {
  const run = await timedProcess(process.execPath, [CLI, 'train', ...args, '--json']);
  return { ...run, f1: (JSON.parse(run.stdout) as { macroF1: number }).macroF1 };
}

/** Macro-F1 on `test` of a model streamed over `train` in memory, with a shuffle buffer of `shuffleRows`. */
async function streamedF1(train: { texts: string[]; y: number[] }, test: { texts: string[]; y: number[] }, labels: string[], shuffleRows?: number): Promise<number> {
  const o = fastOptions({});
  const builder = new DictionaryBuilder(o.features, 2_000_000);
  for (const t of train.texts) builder.add(t);
  const { model } = await trainFastStreamed({
    dictionary: builder.finish((occurrences) => minDocFreqFor(o, occurrences)),
    pass: async (visit) => train.texts.forEach((t, i) => visit(t, train.y[i])),
    labels,
    shuffleRows,
  });
  const predicted = (await model.predict(test.texts)).map((p) => labels.indexOf(p.label));
  return classificationReport(labels, test.y, predicted).macro.f1;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  if (!fs.existsSync(FASTTEXT)) throw new Error(`${FASTTEXT} not found: apt-get install -y fasttext`);
  const dir = benchDataDir();
  const sets = benchSets(dir);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}, load average ${loadAverage()}`);
  const out: string[] = [];
  const say = (line: string): void => {
    console.log(line);
    out.push(line);
  };
  // The shuffle table comes after the files' table, whose last rows (500 MB) are measured after it.
  const shuffleTable: string[] = [];
  await withTempDir('nl-bench-stream-', async (tmp) => {
    say('| set | macro-F1 in memory | macro-F1 streamed (`--stream`) | difference | CPU s in memory / streamed |');
    say('|---|---:|---:|---:|---:|');
    for (const set of sets) {
      const common = [set.trainCsv, '--test', set.testCsv];
      const held = await ours([...common, '--out', path.join(tmp, `${set.name}-held`), '--no-stream']);
      const streamed = await ours([...common, '--out', path.join(tmp, `${set.name}-streamed`), '--stream']);
      say(`| ${set.name} | ${f(held.f1, 4)} | ${f(streamed.f1, 4)} | ${f(streamed.f1 - held.f1, 4)} | ${f(held.cpu, 2)} / ${f(streamed.cpu, 2)} |`);
    }

    say('');
    say('| file | trainer | wall s | CPU s | peak RSS MB | RSS / fastText | macro-F1 |');
    say('|---|---|---:|---:|---:|---:|---:|');
    const chinese = sets.find((s) => s.name.startsWith('chnsenticorp'));
    if (chinese) {
      const { train: src, test } = await readBenchSet(chinese);
      const largeCsv = path.join(tmp, 'large.csv');
      const n = makeLarge(src.texts, src.labels, src.y, largeCsv, Math.ceil(70_000 / src.texts.length));
      const testTxt = path.join(tmp, 'zh-test.txt');
      toFastText(test.texts, test.labels, test.y, testTxt);
      const largeTxt = path.join(tmp, 'large.txt');
      // The same rows in fastText's format: the file's texts, read back as our reader reads them.
      const large = await readLabelledCsv(largeCsv);
      toFastText(large.texts, large.labels, large.y, largeTxt);
      const name = `Chinese, ${n.toLocaleString('en')} rows (${(fs.statSync(largeCsv).size / 1e6).toFixed(1)} MB)`;
      const base = [largeCsv, '--test', chinese.testCsv, '--out'];
      // Alternated, three times each, every figure the median: a single run on a shared machine mostly
      // measures what else ran that second (and the first run after the file was written, its write-back).
      const runs: Record<'streamed' | 'oneThread' | 'held' | 'ft', (TimedRun & { f1: number })[]> = { streamed: [], oneThread: [], held: [], ft: [] };
      for (let i = 0; i < 3; i++) {
        runs.streamed.push(await ours([...base, path.join(tmp, 'zh-streamed')]));
        runs.oneThread.push(await ours([...base, path.join(tmp, 'zh-one'), '--threads', '1']));
        runs.held.push(await ours([...base, path.join(tmp, 'zh-held'), '--no-stream']));
        const ft = await timedProcess(FASTTEXT, ['supervised', '-input', largeTxt, '-output', path.join(tmp, 'zh-ft'), '-thread', '2'], true);
        runs.ft.push({ ...ft, f1: i === 0 ? fastTextMacroF1(path.join(tmp, 'zh-ft.bin'), testTxt, test.labels, test.y) : NaN });
      }
      const med = (r: (TimedRun & { f1: number })[]): TimedRun & { f1: number } => ({
        ...r[0],
        seconds: median(r.map((x) => x.seconds)),
        cpu: median(r.map((x) => x.cpu)),
        peakKb: median(r.map((x) => x.peakKb)),
      });
      const [streamed, oneThread, held, ft] = [med(runs.streamed), med(runs.oneThread), med(runs.held), med(runs.ft)];
      const row = (trainer: string, r: TimedRun & { f1: number }, first = ''): string =>
        `| ${first} | ${trainer} | ${f(r.seconds, 2)} | ${f(r.cpu, 2)} | ${mb(r)} | ${f(r.peakKb / ft.peakKb, 2)} | ${f(r.f1, 3)} |`;
      say(row('ours, streamed (the default from 16 MB: its first pass on a reader thread)', streamed, name));
      say(row('ours, streamed, `--threads 1` (its first pass on one thread)', oneThread));
      say(row('ours, in memory (`--no-stream`)', held));
      say(row('fastText -thread 2', ft));

      // The shuffle buffer against a full shuffle: the same dictionary and rows, in the file's order and sorted by label.
      const shuffleLine = async (label: string, train: { texts: string[]; y: number[] }): Promise<void> => {
        const bounded = await streamedF1(train, test, large.labels);
        const full = await streamedF1(train, test, large.labels, train.texts.length);
        shuffleTable.push(`| ${label} | ${f(bounded, 4)} | ${f(full, 4)} | ${f(bounded - full, 4)} |`);
      };
      shuffleTable.push('', '| rows (Chinese, scored on its test file) | macro-F1, bounded buffer (default) | full shuffle | difference |', '|---|---:|---:|---:|');
      await shuffleLine(`${n.toLocaleString('en')} rows, file order`, large);
      const sorted = large.y.map((_, i) => i).sort((a, b) => large.y[a] - large.y[b] || a - b);
      await shuffleLine(`${n.toLocaleString('en')} rows, sorted by label`, { texts: sorted.map((i) => large.texts[i]), y: sorted.map((i) => large.y[i]) });
    }

    if (!args.includes('--skip-500mb')) {
      const { byLabel, testCsv, testTxt, labels, yTest } = await englishSources(benchSets(dir, 'uci_'), tmp);
      const csv = path.join(tmp, 'en-500.csv');
      const txt = path.join(tmp, 'en-500.txt');
      generate(byLabel, ROWS_500MB, csv, txt);
      const name = `English, ${ROWS_500MB.toLocaleString('en')} rows (${(fs.statSync(csv).size / 1e6).toFixed(0)} MB)`;
      const streamed = await ours([csv, '--test', testCsv, '--out', path.join(tmp, 'en-streamed')]);
      fs.rmSync(path.join(tmp, 'en-streamed'), { recursive: true });
      const ft = await timedProcess(FASTTEXT, ['supervised', '-input', txt, '-output', path.join(tmp, 'en-ft'), '-thread', '2'], true);
      const ftF1 = fastTextMacroF1(path.join(tmp, 'en-ft.bin'), testTxt, labels, yTest);
      say(`| ${name} | ours, streamed (the default) | ${f(streamed.seconds, 1)} | ${f(streamed.cpu, 1)} | ${mb(streamed)} | ${f(streamed.peakKb / ft.peakKb, 2)} | ${f(streamed.f1, 3)} |`);
      say(`| | fastText -thread 2 | ${f(ft.seconds, 1)} | ${f(ft.cpu, 1)} | ${mb(ft)} | 1 | ${f(ftF1, 3)} |`);
    }
    shuffleTable.forEach(say);
  });
  console.log(`load average ${loadAverage()} at the end`);
  if (args.includes('--write')) {
    publishSection(
      'train streamed',
      [
        '## train streamed — `npm run bench:train:stream`',
        '',
        `Run ${new Date().toISOString().slice(0, 16)}Z on ${os.cpus().length}× ${os.cpus()[0].model.split(' ').slice(0, 2).join(' ')}, Node ${process.version}, fastText 0.9.2 (Debian), load average ${loadAverage()} at the end.`,
        '',
        ...out,
        '',
      ].join('\n'),
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
