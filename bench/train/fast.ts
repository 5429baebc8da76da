// Bench: the fast model against Debian's `fasttext supervised`, in the same run, on every set of the data
// folder (NL_BENCH_DATA, default ../shared/data; train on NAME.train.csv, score NAME.test.csv). Prints macro-F1 of both, training wall time as a
// ratio ours / fasttext -thread 2, scoring lines/s against two references, and peak RSS on a ~70,000-row file.
//   npm run bench:train [-- --repeat N]
// Both trainers run as child processes timed from spawn to exit (start-up, reading, training and saving
// included; ours also scores the test file). Needs /usr/bin/fasttext (apt-get install fasttext) for the
// fastText columns; without it they are left out and said so.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readLabelledCsv, type LabelledData } from '../../src/core/csv';
import { loadBundle } from '../../src/core/bundle';
import { repoRoot } from '../../test/harness/paths';
import { cjkAsTokens, FASTTEXT, fastTextMacroF1, isMostlyCjk, toFastText } from './fastText';
import { makeLarge } from './generated';
import { benchDataDir, benchSets, loadAverage, median, readBenchSet, timedProcess as timed, type TimedRun as Run } from '../common';

const CLI = path.join(repoRoot, 'dist/cli.js');

/**
 * Lines per second of `fn` on batches of 10,000 lines (the test lines repeated; the sentiment feature sends
 * such batches), repeated for at least ~1 s: the median over batches, by wall time and by this thread's CPU
 * time (on a shared machine the wall figure mostly measures the wait for a core).
 */
async function linesPerSecond(lines: string[], fn: (batch: string[]) => unknown): Promise<{ wall: number; cpu: number }> {
  const batch = structuredClone(Array.from({ length: 10_000 }, (_, i) => lines[i % lines.length]));
  const wall: number[] = [];
  const cpu: number[] = [];
  await fn(batch); // warm-up: first sight of each character, JIT
  const until = performance.now() + 1000;
  do {
    const t = performance.now();
    const c = process.cpuUsage();
    await fn(batch);
    const used = process.cpuUsage(c);
    wall.push(batch.length / ((performance.now() - t) / 1000));
    cpu.push(batch.length / ((used.user + used.system) / 1e6));
  } while (performance.now() < until || wall.length < 3);
  return { wall: median(wall), cpu: median(cpu) };
}

function afinnScorer(): ((batch: string[]) => void) | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Sentiment = require('sentiment') as new () => { analyze(text: string): { score: number } };
    const s = new Sentiment();
    return (batch) => {
      for (const t of batch) s.analyze(t);
    };
  } catch {
    return undefined;
  }
}

/**
 * A second fastText reference on a Chinese set, same run: fastText given every CJK character as a token (what
 * the fast model's character n-grams read; on the raw text fastText reads a review as one or two tokens), with
 * -wordNgrams 1 and 2 (character unigrams; and bigrams, near the fast model's 1-3-grams), -thread 2, its other
 * defaults. Rows of the table printed after the main one.
 */
async function fastTextOnCjkTokens(set: string, train: LabelledData, test: LabelledData, tmp: string, repeat: number, ourSeconds: number, ourCpu: number, ourF1: number): Promise<string[]> {
  const trainTxt = path.join(tmp, `${set}.cjk.train.txt`);
  const testTxt = path.join(tmp, `${set}.cjk.test.txt`);
  toFastText(train.texts.map(cjkAsTokens), train.labels, train.y, trainTxt);
  toFastText(test.texts.map(cjkAsTokens), train.labels, test.y, testTxt);
  const rows: string[] = [];
  for (const n of [1, 2]) {
    const model = path.join(tmp, `${set}-cjk${n}`);
    const runs: Run[] = [];
    for (let i = 0; i < repeat; i++) runs.push(await timed(FASTTEXT, ['supervised', '-input', trainTxt, '-output', model, '-thread', '2', '-wordNgrams', String(n), '-seed', '42']));
    const seconds = median(runs.map((r) => r.seconds));
    const cpu = median(runs.map((r) => r.cpu));
    const mb = median(runs.map((r) => r.peakKb)) / 1024;
    const f1 = fastTextMacroF1(`${model}.bin`, testTxt, train.labels, test.y);
    rows.push(`| ${set} | -wordNgrams ${n} -thread 2 | ${f1.toFixed(3)} / ${ourF1.toFixed(3)} | ${seconds.toFixed(2)} / ${ourSeconds.toFixed(2)} | ${(ourSeconds / seconds).toFixed(2)} | ${cpu.toFixed(2)} / ${ourCpu.toFixed(2)} | ${mb.toFixed(0)} |`);
  }
  return rows;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = benchDataDir();
  const repeatAt = args.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) : 3;
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const haveFastText = fs.existsSync(FASTTEXT);
  if (!haveFastText) console.log(`(${FASTTEXT} not found: fastText columns left out; apt-get install -y fasttext)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-bench-train-'));
  const sets = benchSets(dir);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0].model}, load average ${loadAverage()}`);
  console.log(`each training time is the median of ${repeat} runs\n`);
  const rows: string[] = [];
  rows.push('| set | rows train/test | macro-F1 ours | macro-F1 fastText defaults | macro-F1 fastText -thread 2 | train wall s ours / fastText -thread 2 | wall ratio | train CPU s ours / fastText | CPU ratio | scoring lines/s ours (wall) | lines per CPU-s ours | ratio vs fastText predict (CPU) | ratio vs AFINN (CPU) |');
  rows.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const afinn = afinnScorer();
  const cjkReferences: string[] = [];
  try {
    for (const { name: set, trainCsv, testCsv } of sets) {
      const { train, test } = await readBenchSet({ name: set, trainCsv, testCsv });

      // Ours: the CLI, as a user runs it.
      const out = path.join(tmp, `${set}-fast`);
      const ours: Run[] = [];
      for (let i = 0; i < repeat; i++) ours.push(await timed(process.execPath, [CLI, 'train', trainCsv, '--test', testCsv, '--out', out, '--json']));
      const ourJson = JSON.parse(ours[ours.length - 1].stdout) as { macroF1: number; trainSeconds: number };
      const ourSeconds = median(ours.map((r) => r.seconds));
      const ourCpu = median(ours.map((r) => r.cpu));

      // Scoring: the loaded model on the test lines, in this process, as the worker scores them (predictPacked:
      // the probabilities at the model's temperature). The lines are structured-cloned first, as they are when
      // the extension posts them to the worker.
      const { classifier } = await loadBundle(out);
      const ourRate = await linesPerSecond(test.texts, (batch) => classifier.predictPacked(batch));
      const afinnRate = afinn ? await linesPerSecond(test.texts, afinn) : { wall: NaN, cpu: NaN };

      let ftF1 = NaN;
      let ft2F1 = NaN;
      let ft2Seconds = NaN;
      let ft2Cpu = NaN;
      let ftPredictRate = NaN;
      if (haveFastText) {
        const trainTxt = path.join(tmp, `${set}.train.txt`);
        const testTxt = path.join(tmp, `${set}.test.txt`);
        toFastText(train.texts, train.labels, train.y, trainTxt);
        toFastText(test.texts, train.labels, test.y, testTxt);
        const m = path.join(tmp, `${set}-ft`);
        await timed(FASTTEXT, ['supervised', '-input', trainTxt, '-output', m, '-seed', '42']);
        ftF1 = fastTextMacroF1(`${m}.bin`, testTxt, train.labels, test.y);
        const m2 = path.join(tmp, `${set}-ft2`);
        const ft2: Run[] = [];
        for (let i = 0; i < repeat; i++) ft2.push(await timed(FASTTEXT, ['supervised', '-input', trainTxt, '-output', m2, '-thread', '2', '-seed', '42']));
        ft2Seconds = median(ft2.map((r) => r.seconds));
        ft2Cpu = median(ft2.map((r) => r.cpu));
        ft2F1 = fastTextMacroF1(`${m2}.bin`, testTxt, train.labels, test.y);
        // fastText predict as a process (model loading included; CPU time), on the test file repeated to ≥ 100,000 lines.
        const big = path.join(tmp, `${set}.predict.txt`);
        const copies = Math.ceil(100_000 / test.texts.length);
        fs.writeFileSync(big, Array.from({ length: copies }, () => fs.readFileSync(testTxt, 'utf8')).join(''));
        const p = await timed(FASTTEXT, ['predict', `${m2}.bin`, big]);
        ftPredictRate = (copies * test.texts.length) / p.cpu;
      }
      const fmt = (x: number, d = 3): string => (Number.isNaN(x) ? '–' : x.toFixed(d));
      if (haveFastText && isMostlyCjk(train.texts)) cjkReferences.push(...(await fastTextOnCjkTokens(set, train, test, tmp, repeat, ourSeconds, ourCpu, ourJson.macroF1)));
      const line = `| ${set} | ${train.texts.length}/${test.texts.length} | ${fmt(ourJson.macroF1)} | ${fmt(ftF1)} | ${fmt(ft2F1)} | ${fmt(ourSeconds, 2)} / ${fmt(ft2Seconds, 2)} | ${fmt(ourSeconds / ft2Seconds, 2)} | ${fmt(ourCpu, 2)} / ${fmt(ft2Cpu, 2)} | ${fmt(ourCpu / ft2Cpu, 2)} | ${Math.round(ourRate.wall).toLocaleString('en')} | ${Math.round(ourRate.cpu).toLocaleString('en')} | ${fmt(ourRate.cpu / ftPredictRate, 1)} | ${fmt(ourRate.cpu / afinnRate.cpu, 2)} |`;
      rows.push(line);
      console.log(line);
    }

    if (cjkReferences.length > 0) {
      rows.push('', '| set | fastText given CJK characters as tokens | macro-F1 fastText / ours | train wall s fastText / ours | ratio ours ÷ fastText (wall) | train CPU s fastText / ours | peak RSS MB fastText |', '|---|---|---:|---:|---:|---:|---:|', ...cjkReferences);
      console.log(cjkReferences.join('\n'));
    }

    // Memory and time on a ~70,000-row file made from the Chinese set.
    const chinese = sets.find((s) => s.name.startsWith('chnsenticorp'))?.name;
    if (chinese) {
      const src = await readLabelledCsv(path.join(dir, `${chinese}.train.csv`));
      const largeCsv = path.join(tmp, 'large.csv');
      const n = makeLarge(src.texts, src.labels, src.y, largeCsv, Math.ceil(70_000 / src.texts.length));
      const largeArgs = [CLI, 'train', largeCsv, '--test', path.join(dir, `${chinese}.test.csv`), '--out', path.join(tmp, 'large-fast'), '--json'];
      let txt: string | undefined;
      if (haveFastText) {
        const large = await readLabelledCsv(largeCsv);
        txt = path.join(tmp, 'large.txt');
        toFastText(large.texts, large.labels, large.y, txt);
      }
      // Alternated (ours, ours on one thread, fastText), `repeat` times, each figure the median: on a shared
      // machine a single run mostly measures what else ran that second.
      const runs: { ours: Run[]; one: Run[]; ft: Run[] } = { ours: [], one: [], ft: [] };
      for (let i = 0; i < repeat; i++) {
        runs.ours.push(await timed(process.execPath, largeArgs));
        runs.one.push(await timed(process.execPath, [...largeArgs, '--threads', '1']));
        if (txt) runs.ft.push(await timed(FASTTEXT, ['supervised', '-input', txt, '-output', path.join(tmp, 'large-ft'), '-thread', '2']));
      }
      const med = (r: Run[]): { seconds: number; cpu: number; mb: number } => ({ seconds: median(r.map((x) => x.seconds)), cpu: median(r.map((x) => x.cpu)), mb: median(r.map((x) => x.peakKb)) / 1024 });
      const [ours, one] = [med(runs.ours), med(runs.one)];
      const largeF1 = (JSON.parse(runs.ours[0].stdout) as { macroF1: number }).macroF1;
      let line = `\nlarge file (${n.toLocaleString('en')} rows, ${(fs.statSync(largeCsv).size / 1e6).toFixed(1)} MB; macro-F1 on ${chinese}.test.csv ${largeF1.toFixed(3)}; medians of ${repeat} alternated runs): ours (its defaults: streamed, as every file from 16 MB, its first pass on a reader thread) ${ours.seconds.toFixed(2)} s wall, ${ours.cpu.toFixed(2)} s CPU, peak RSS ${ours.mb.toFixed(0)} MB; ours with --threads 1 ${one.seconds.toFixed(2)} s wall, ${one.cpu.toFixed(2)} s CPU, peak RSS ${one.mb.toFixed(0)} MB`;
      if (txt) {
        const ft = med(runs.ft);
        line += `; fastText -thread 2 (all rows) ${ft.seconds.toFixed(2)} s wall, ${ft.cpu.toFixed(2)} s CPU, peak RSS ${ft.mb.toFixed(0)} MB; ratio ours/fastText wall ${(ours.seconds / ft.seconds).toFixed(2)}, CPU ${(ours.cpu / ft.cpu).toFixed(2)}, peak RSS ${(ours.mb / ft.mb).toFixed(2)}`;
      }
      rows.push(line);
      console.log(line);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log('\n' + rows.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
