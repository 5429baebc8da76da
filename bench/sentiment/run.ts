// Benchmarks of the per-line sentiment feature with the `fast` model, each against a reference measured in
// the same run: the `sentiment` npm package's AFINN-165 scorer doing the same job in process.
//   (a) open → decorations: a 10,000-line Markdown article, from its text to every decoration range built:
//       line selection (core/lineSelection) + scoring through the real worker (dist/worker.js) + the decoration plan
//       + the range objects. Visible range first, like the editor. Target < 200 ms.
//   (b) keystroke → that line's decoration updated, with the debounce the controller uses (20 ms) and
//       without it; plus an Enter (a structural edit: the whole text is re-selected), on 10k and 100k lines.
//   (c) raw scoring, lines per second: the fast model through the worker vs AFINN. Target ≥ 1×.
//   npm run bench:sentiment [-- --quick]   (the data folder: NL_BENCH_DATA, default ../shared/data)
import * as fs from 'node:fs';
import * as path from 'node:path';
import Sentiment from 'sentiment';
import { EngineClient } from '../../src/engine/client';
import type { Prediction } from '../../src/engine/protocol';
import { LruCache } from '../../src/core/lru';
import { loadBundle } from '../../src/core/bundle';
import { DocumentSentiment } from '../../src/core/sentiment/documentSentiment';
import { runPass, type ScoreTexts } from '../../src/core/sentiment/scoringPass';
import { inSpans, planDecorations, type DecorationPlan, type LineSpans } from '../../src/core/sentiment/decorationPlan';
import { COLOUR_CLASSES } from '../../src/core/sentiment/sentimentText';
import { BATCH_SIZE, DECORATION_WINDOW, FULL_DECORATION_LIMIT, KEYSTROKE_DEBOUNCE_MS, VISIBLE_MARGIN, editDelay } from '../../src/core/sentiment/tuning';
import { repoRoot } from '../../test/harness/paths';
import { CACHE_DIR, article, benchModel, reviewSentences } from './fixtures';

const WORKER = process.env.NL_WORKER ?? path.join(repoRoot, 'dist', 'worker.js');
const QUICK = process.argv.includes('--quick');
const REPEATS = QUICK ? 3 : 7;
/** What an editor shows: ~50 lines at the top of the file. */
const VISIBLE = { first: 0, last: 50 };

const afinn = new Sentiment();

/** AFINN as a classifier: the comparative score through a logistic, so the pipeline is the same. */
const afinnScore: ScoreTexts = async (texts) =>
  texts.map((text): Prediction => {
    const p = 1 / (1 + Math.exp(-3 * afinn.analyze(text).comparative));
    return { label: p >= 0.5 ? 'positive' : 'negative', confidence: Math.max(p, 1 - p), probabilities: [1 - p, p] };
  });

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x: number): string => `${x.toFixed(1)} ms`;
const ratio = (ours: number, reference: number): string => `${(ours / reference).toFixed(2)}×`;

/** What the controller hands to setDecorations: one options object per line, built from the plan. */
function buildRanges(plan: DecorationPlan): number {
  let n = 0;
  for (const cls of COLOUR_CLASSES) {
    const options = plan.byClass[cls].map((d) => ({
      range: { start: { line: d.line, character: d.character }, end: { line: d.line, character: d.character } },
      renderOptions: { after: { contentText: d.text } },
    }));
    n += options.length;
  }
  return n;
}

const near = (margin: number): LineSpans => [[Math.max(0, VISIBLE.first - margin), VISIBLE.last + margin]];
/** Scored first, as the controller does: the visible range and a margin. */
const visible = inSpans(near(VISIBLE_MARGIN))!;

/**
 * The controller's plan: every line, or around the visible range in a large document. (The status bar's
 * summary of the whole document is computed after the decorations are set, throttled: not on this path.)
 */
function plan(doc: DocumentSentiment, minConfidence = 0.6): DecorationPlan {
  const spans = doc.scorable.length > FULL_DECORATION_LIMIT ? near(DECORATION_WINDOW) : undefined;
  return planDecorations(doc, { minConfidence, spans });
}

interface OpenTiming {
  visibleMs: number;
  allMs: number;
  /** Lines scored. */
  scored: number;
  /** Decoration options built (around the visible range only in a large document). */
  decorations: number;
  selectMs: number;
}

/** (a): text → visible decorations → all decorations, with a fresh document state and cache. */
async function openDocument(text: string, score: ScoreTexts): Promise<OpenTiming> {
  const started = performance.now();
  const doc = new DocumentSentiment('markdown', { maxLength: 1000 }, new LruCache<string, Prediction>(50_000));
  doc.reselect(text);
  const selectMs = performance.now() - started;
  let visibleMs = 0;
  await runPass(doc, score, {
    first: visible,
    batchSize: BATCH_SIZE,
    onBatch: (priority) => {
      if (priority) {
        buildRanges(plan(doc));
        visibleMs = performance.now() - started;
      }
    },
  });
  const decorations = buildRanges(plan(doc, 0));
  return { visibleMs, allMs: performance.now() - started, scored: doc.scorable.length, decorations, selectMs };
}

/** A fully scored document, for the keystroke measurements. */
async function scoredDocument(text: string, score: ScoreTexts): Promise<DocumentSentiment> {
  const doc = new DocumentSentiment('markdown', { maxLength: 1000 }, new LruCache<string, Prediction>(200_000));
  doc.reselect(text);
  await runPass(doc, score, { batchSize: BATCH_SIZE });
  return doc;
}

/**
 * (b): a character typed at the end of a visible prose line, then the controller's path: patch the line,
 * wait the debounce, score the visible pending line, plan. Returns the total and the part after the debounce.
 */
async function keystroke(doc: DocumentSentiment, lines: string[], line: number, score: ScoreTexts, debounceMs: number): Promise<{ total: number; work: number }> {
  const started = performance.now();
  lines[line] += lines[line].endsWith('!') ? '?' : '!';
  if (!doc.patchLine(line, lines[line])) throw new Error(`line ${line} did not take the keystroke fast path`);
  await sleep(debounceMs);
  const afterDebounce = performance.now();
  await runPass(doc, score, { first: visible, batchSize: BATCH_SIZE });
  const after = plan(doc, 0);
  buildRanges(after);
  if (!COLOUR_CLASSES.some((cls) => after.byClass[cls].some((d) => d.line === line))) throw new Error(`line ${line} has no decoration after the keystroke`);
  const done = performance.now();
  return { total: done - started, work: done - afterDebounce };
}

/**
 * (b'): Enter in a visible line, as the controller handles it: the edit is noted, and after its debounce the
 * blocks around it are re-selected (the whole text only when that is not safe), then the new lines scored.
 */
async function enter(doc: DocumentSentiment, lines: string[], line: number, score: ScoreTexts, lastMs: number): Promise<{ total: number; reselect: number; full: boolean }> {
  const started = performance.now();
  const cut = Math.floor(lines[line].length / 2);
  const halves = [lines[line].slice(0, cut), lines[line].slice(cut)];
  lines.splice(line, 1, ...halves);
  doc.noteEdit(line, 1, halves);
  await sleep(editDelay(lastMs));
  const r0 = performance.now();
  const full = !doc.reselectEdited();
  if (full) doc.reselect(lines.join('\n'));
  const reselect = performance.now() - r0;
  await runPass(doc, score, { first: visible, batchSize: BATCH_SIZE });
  buildRanges(plan(doc, 0));
  return { total: performance.now() - started, reselect, full };
}

function proseLinesIn(doc: DocumentSentiment, from: number, to: number, count: number): number[] {
  const lines = doc.scorable.filter((i) => i.line >= from && i.line <= to && !/^[|>-]/.test(i.text)).map((i) => i.line);
  return Array.from({ length: count }, (_, k) => lines[k % lines.length]);
}

async function main(): Promise<void> {
  if (!fs.existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build first`);
  const sentences = await reviewSentences();
  const modelDir = await benchModel();
  const results: string[] = [];
  const say = (line: string): void => {
    console.log(line);
    results.push(line);
  };
  say(`sentiment bench — node ${process.version}, ${QUICK ? 'quick' : 'full'} run, ${sentences.length} real review sentences, model ${path.basename(modelDir)}`);

  // ---------------------------------------------------------------------------- (a) open → decorations
  const text10k = article(10_000, sentences);
  const engine = new EngineClient(WORKER);
  const fast: ScoreTexts = async (texts) => (await engine.score(modelDir, texts)).predictions;
  const cold = await openDocument(text10k, fast);
  const warm: OpenTiming[] = [];
  const reference: OpenTiming[] = [];
  for (let i = 0; i < REPEATS; i++) {
    warm.push(await openDocument(text10k, fast));
    reference.push(await openDocument(text10k, afinnScore));
  }
  const warmAll = median(warm.map((t) => t.allMs));
  const refAll = median(reference.map((t) => t.allMs));
  say('');
  say(`(a) open a 10,000-line Markdown article → decorations (${warm[0].scored} scored lines, ${warm[0].decorations} decorations; median of ${REPEATS})`);
  say(`    line selection (markdown-it blocks)     ${ms(median(warm.map((t) => t.selectMs)))}`);
  say(`    visible range decorated                 ${ms(median(warm.map((t) => t.visibleMs)))}   AFINN ${ms(median(reference.map((t) => t.visibleMs)))}`);
  say(`    all decorations built                   ${ms(warmAll)}   AFINN ${ms(refAll)}   ratio ${ratio(warmAll, refAll)}   target < 200 ms: ${warmAll < 200 ? 'met' : 'NOT met'}`);
  say(`    first open, worker cold (start + model load) ${ms(cold.allMs)} (visible ${ms(cold.visibleMs)})`);
  // What the window saves: every scored line's decoration built, on a scored document.
  const scored10k = await scoredDocument(text10k, fast);
  const everyLine: number[] = [];
  let built = 0;
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    built = buildRanges(planDecorations(scored10k, { minConfidence: 0 }));
    everyLine.push(performance.now() - t0);
  }
  say(`    (the controller decorates ±${DECORATION_WINDOW} lines around the view above ${FULL_DECORATION_LIMIT.toLocaleString('en')} scored lines; building all ${built} would add ${ms(median(everyLine))} here, and cost the workbench far more)`);
  const text100k = article(100_000, sentences);
  const big = await openDocument(text100k, fast);
  const bigRef = await openDocument(text100k, afinnScore);
  say(
    `    100,000 lines (${big.scored} scored, ${big.decorations} decorations built): selection ${ms(big.selectMs)}, visible range ${ms(big.visibleMs)} (AFINN ${ms(bigRef.visibleMs)}), ` +
      `all ${ms(big.allMs)} (AFINN ${ms(bigRef.allMs)}, ratio ${ratio(big.allMs, bigRef.allMs)}); decorations are set around the visible range only`,
  );

  // ------------------------------------------------------------------------------ (b) keystroke → line
  say('');
  say(`(b) keystroke → that line's decoration (debounce ${KEYSTROKE_DEBOUNCE_MS} ms included; median / p95 of ${QUICK ? 10 : 30})`);
  for (const size of [10_000, 100_000]) {
    const text = size === 10_000 ? text10k : text100k;
    const ours = await scoredDocument(text, fast);
    const ref = await scoredDocument(text, afinnScore);
    const lines = text.split('\n');
    const refLines = text.split('\n');
    const targets = proseLinesIn(ours, 10, VISIBLE.last - 10, QUICK ? 10 : 30);
    const k: Array<{ total: number; work: number }> = [];
    const kr: Array<{ total: number; work: number }> = [];
    for (const line of targets) {
      k.push(await keystroke(ours, lines, line, fast, KEYSTROKE_DEBOUNCE_MS));
      kr.push(await keystroke(ref, refLines, line, afinnScore, KEYSTROKE_DEBOUNCE_MS));
    }
    const total = median(k.map((x) => x.total));
    const work = median(k.map((x) => x.work));
    const refWork = median(kr.map((x) => x.work));
    say(
      `    ${size.toLocaleString('en')} lines: ${ms(total)} (p95 ${ms(p95(k.map((x) => x.total)))}); after the debounce ${ms(work)}, AFINN ${ms(refWork)}, ratio ${ratio(work, refWork)}   target < 50 ms: ${total < 50 ? 'met' : 'NOT met'}`,
    );
    // Enter: the structural path.
    const e: Array<{ total: number; reselect: number; full: boolean }> = [];
    let last = 0;
    for (const line of targets.slice(0, QUICK ? 3 : 7)) {
      const r = await enter(ours, lines, line, fast, last);
      last = r.reselect;
      e.push(r);
    }
    const fullReselect = performance.now();
    ours.reselect(lines.join('\n'));
    const fullMs = performance.now() - fullReselect;
    say(
      `    ${size.toLocaleString('en')} lines, Enter → both halves labelled: ${ms(median(e.map((x) => x.total)))} (debounce included), ` +
        `re-selection around the edit ${ms(median(e.map((x) => x.reselect)))} (${e.filter((x) => x.full).length} of ${e.length} fell back to the whole text; the whole text costs ${ms(fullMs)})`,
    );
  }

  // ------------------------------------------------------------------------------------ (c) raw scoring
  // English and Chinese apart: AFINN splits on spaces and knows English words only, so on Chinese it does
  // almost no work (and says nothing); the mix would hide both figures.
  const perSec = (x: number): string => `${Math.round(x).toLocaleString('en')} lines/s`;
  const { classifier } = await loadBundle(modelDir);
  say('');
  say(`(c) raw scoring, 20,000 lines per language (median of ${REPEATS})`);
  for (const [language, which] of [
    ['English reviews (uci_*)', (f: string) => f.startsWith('uci_')],
    ['Chinese reviews (chnsenticorp_htl)', (f: string) => f.startsWith('chnsenticorp')],
  ] as const) {
    const pool = await reviewSentences(which);
    const lines: string[] = [];
    while (lines.length < 20_000) lines.push(...pool.slice(0, 20_000 - lines.length));
    const chars = lines.reduce((n, l) => n + l.length, 0) / lines.length;
    const rawOurs: number[] = [];
    const rawRef: number[] = [];
    const rawInProcess: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      let t = performance.now();
      for (let j = 0; j < lines.length; j += BATCH_SIZE) await engine.score(modelDir, lines.slice(j, j + BATCH_SIZE));
      rawOurs.push(lines.length / ((performance.now() - t) / 1000));
      t = performance.now();
      for (const line of lines) afinn.analyze(line);
      rawRef.push(lines.length / ((performance.now() - t) / 1000));
      t = performance.now();
      await classifier.predict(lines);
      rawInProcess.push(lines.length / ((performance.now() - t) / 1000));
    }
    const ours = median(rawOurs);
    const ref = median(rawRef);
    say(`    ${language}, ${chars.toFixed(0)} characters a line:`);
    say(`      fast model via the worker (batches of ${BATCH_SIZE}) ${perSec(ours)}; in process, no worker ${perSec(median(rawInProcess))}`);
    say(`      AFINN (sentiment npm), in process         ${perSec(ref)}`);
    say(`      ratio fast/AFINN ${ratio(ours, ref)}   target ≥ 1×: ${ours >= ref ? 'met' : 'NOT met'}`);
  }

  engine.dispose();
  const out = path.join(CACHE_DIR, 'last-run.txt');
  fs.writeFileSync(out, results.join('\n') + '\n');
  console.log(`\n(written to ${path.relative(repoRoot, out)})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
