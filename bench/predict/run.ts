// Bench: whole-process `neural-lens predict --model M FILE` over 100,000 short English lines (the review lines
// of the uci_* sets of the data folder, repeated), plain and --json, against a minimal Node script scoring the
// same file with the `sentiment` npm package (AFINN-165) and printing a label and a score per line. Runs are
// alternated (AFINN, plain, JSON, AFINN, …) so a change of load hits all three; the median of each is kept.
//   npm run bench:predict [-- --repeat N] [-- --write]
// --write replaces the "## predict" section of bench/RESULTS.md (its "What the figures say" is kept).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../test/harness/paths';
import { benchDataDir, benchSets, loadAverage, median, readBenchSet, publishSection, timedProcess, withTempDir, type TimedRun } from '../common';

const CLI = path.join(repoRoot, 'dist/cli.js');
const LINES = 100_000;

/** The reference: what a user would write to label a file with AFINN, output included. */
const AFINN_SCRIPT = `const fs = require('fs');
const Sentiment = require(${JSON.stringify(require.resolve('sentiment'))});
const s = new Sentiment();
const lines = fs.readFileSync(process.argv[2], 'utf8').split('\\n');
if (lines[lines.length - 1] === '') lines.pop();
let out = '';
for (const l of lines) {
  const r = s.analyze(l);
  out += (r.score > 0 ? 'positive' : r.score < 0 ? 'negative' : 'neutral') + '\\t' + r.comparative.toFixed(4) + '\\n';
}
process.stdout.write(out);
`;

function csvCell(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const repeatAt = args.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) : 3;
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const sets = benchSets(benchDataDir(), 'uci_');
  if (sets.length === 0) throw new Error(`no uci_* sets in ${benchDataDir()}: the English review lines come from them`);
  await withTempDir('nl-bench-predict-', async (tmp) => {
    // The model: the fast model trained on the English training files together; the lines: every text of the sets.
    const trainRows = ['text,label'];
    const texts: string[] = [];
    for (const set of sets) {
      const { train, test } = await readBenchSet(set);
      train.texts.forEach((t, i) => trainRows.push(`${csvCell(t)},${csvCell(train.labels[train.y[i]])}`));
      texts.push(...train.texts, ...test.texts);
    }
    const trainCsv = path.join(tmp, 'english.csv');
    fs.writeFileSync(trainCsv, trainRows.join('\n') + '\n');
    const model = path.join(tmp, 'model');
    await timedProcess(process.execPath, [CLI, 'train', trainCsv, '--out', model]);
    const input = path.join(tmp, 'lines.txt');
    const lines = Array.from({ length: LINES }, (_, i) => texts[i % texts.length].replace(/\s+/g, ' '));
    fs.writeFileSync(input, lines.join('\n') + '\n');
    const script = path.join(tmp, 'afinn.js');
    fs.writeFileSync(script, AFINN_SCRIPT);
    const meanChars = lines.reduce((n, l) => n + l.length, 0) / LINES;

    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}, load average ${loadAverage()}`);
    const runs: Record<'afinn' | 'plain' | 'json', TimedRun[]> = { afinn: [], plain: [], json: [] };
    const outputBytes: Record<string, number> = {};
    for (let i = 0; i < repeat; i++) {
      runs.afinn.push(await timedProcess(process.execPath, [script, input], true));
      runs.plain.push(await timedProcess(process.execPath, [CLI, 'predict', '--model', model, input], true));
      runs.json.push(await timedProcess(process.execPath, [CLI, 'predict', '--model', model, '--json', input], true));
    }
    // Output sizes, once (not timed).
    for (const [name, argv] of [
      ['plain', [CLI, 'predict', '--model', model, input]],
      ['json', [CLI, 'predict', '--model', model, '--json', input]],
    ] as const) {
      outputBytes[name] = Buffer.byteLength((await timedProcess(process.execPath, [...argv])).stdout);
    }
    const wall = (r: TimedRun[]): number => median(r.map((x) => x.seconds));
    const cpu = (r: TimedRun[]): number => median(r.map((x) => x.cpu));
    const rss = (r: TimedRun[]): number => median(r.map((x) => x.peakKb)) / 1024;
    const row = (name: string, r: TimedRun[], bytes: string, against: string): string =>
      `| ${name} | ${wall(r).toFixed(2)} | ${cpu(r).toFixed(2)} | ${rss(r).toFixed(0)} | ${bytes} | ${against} |`;
    const section = [
      '## predict (whole process) — `npm run bench:predict`',
      '',
      `Run ${new Date().toISOString().slice(0, 16)}Z on ${os.cpus().length}× ${os.cpus()[0].model.split(' ').slice(0, 2).join(' ')}, Node ${process.version}, load average ${loadAverage()} at the end. ${LINES.toLocaleString('en')} lines, ${meanChars.toFixed(0)} characters on average; median of ${repeat} alternated runs.`,
      '',
      '| command | wall s | CPU s | peak RSS MB | output bytes | ratio |',
      '|---|---:|---:|---:|---:|---|',
      row('AFINN script (`sentiment`)', runs.afinn, '–', 'reference'),
      row('`neural-lens predict` (plain)', runs.plain, outputBytes.plain.toLocaleString('en'), `wall ${(wall(runs.plain) / wall(runs.afinn)).toFixed(2)}× AFINN, CPU ${(cpu(runs.plain) / cpu(runs.afinn)).toFixed(2)}×`),
      row('`neural-lens predict --json`', runs.json, outputBytes.json.toLocaleString('en'), `wall ${(wall(runs.json) / wall(runs.plain)).toFixed(2)}× plain, CPU ${(cpu(runs.json) / cpu(runs.plain)).toFixed(2)}×`),
      '',
      '**Method.** The fast model trained with its defaults on the uci_* training files together; the input is every text of those sets (training and test files, line breaks folded to spaces) repeated to 100,000 lines. Each command is a child process timed from spawn to exit by GNU time (Node start-up, model loading, reading, scoring and writing; the output goes to /dev/null). The AFINN reference is the smallest script that does the same job: read the file, `new Sentiment().analyze(line)` per line, print a label and the comparative score with 4 decimals.',
      '',
    ].join('\n');
    publishSection('predict', section);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
