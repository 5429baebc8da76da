import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataError } from '../../../../src/core/csv';
import { ReaderThread, firstPassOnReader, isReaderFailure } from '../../../../src/core/fast/readerThread';
import { DEFAULT_FEATURES } from '../../../../src/core/fast/features';
import { mulberry32 } from '../../../../src/core/split';
import { trainStreamed } from '../../../../src/core/streamedTraining';
import { runTraining } from '../../../../src/core/train';
import type { TrainOptions } from '../../../../src/core/trainTypes';

const SAMPLE = path.join(__dirname, '../../../../../samples/reviews.csv');

/**
 * `rows` labelled rows of Chinese and English reviews, some long (past the featuriser's first buffer of 256
 * ids), some quoted over two lines, with a repeated header row: what the reader must pass on as the one-thread
 * reader does.
 */
function writeReviews(file: string, rows: number, seed: number): void {
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const good = ['很好', '干净', '舒适', '推荐', 'great', 'lovely', 'clean'];
  const bad = ['很差', '脏', '吵', '失望', 'awful', 'dirty', 'noisy'];
  const filler = ['酒店', '房间', '服务', '早餐', '位置', '前台', 'room', 'staff', 'breakfast', 'the', 'was', '我们', '还是'];
  const lines = ['text,label'];
  for (let i = 0; i < rows; i++) {
    const label = random() < 0.5 ? 1 : 0;
    const length = random() < 0.05 ? 400 : 5 + Math.floor(random() * 30);
    const words = Array.from({ length }, () => (random() < 0.15 ? pick(label ? good : bad) : pick(filler)));
    const text = words.join(random() < 0.5 ? '' : ' ');
    const shown = random() < 0.1 ? 1 - label : label;
    lines.push(random() < 0.02 ? `"${text}\n${pick(filler)}",${shown ? 'pos' : 'neg'}` : `${text},${shown ? 'pos' : 'neg'}`);
    if (i === Math.floor(rows / 2)) lines.push('text,label');
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

/** What a saved model folder holds, but for the facts of the run that differ between two runs (time, folder). */
function savedModel(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const bytes = fs.readFileSync(path.join(dir, name));
    if (name !== 'meta.json') {
      files[name] = bytes.toString('base64');
      continue;
    }
    const meta = JSON.parse(bytes.toString('utf8')) as { createdAt?: string; trainSeconds?: number; training: { out?: string } };
    delete meta.createdAt;
    delete meta.trainSeconds;
    delete meta.training.out;
    files[name] = JSON.stringify(meta);
  }
  return files;
}

/** Threads and open file descriptors of this process (Linux), to see that nothing is left behind. */
function processResources(): { threads: number; fds: number } | undefined {
  if (!fs.existsSync('/proc/self/task')) return undefined;
  return { threads: fs.readdirSync('/proc/self/task').length, fds: fs.readdirSync('/proc/self/fd').length };
}

/** Asserts the process is back to `before` within half a second (a stream closes its file a few ticks after its last read). */
async function assertBackTo(before: ReturnType<typeof processResources>, what: string): Promise<void> {
  if (!before) return; // no /proc: nothing to count on this platform
  const until = performance.now() + 500;
  let now = processResources();
  while (JSON.stringify(now) !== JSON.stringify(before) && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    now = processResources();
  }
  assert.deepEqual(now, before, what);
}

describe('fast model: the streamed first pass on a reader thread', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-reader-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const train = (data: string, out: string, readerThread: boolean, signal?: AbortSignal, extra: Partial<TrainOptions> = {}) =>
    runTraining({ data, out: path.join(root, out), model: 'fast', stream: true, ...extra }, { readerThread, signal });

  it('trains the same model, byte for byte, as the pass on one thread: the shipped sample and a generated file', async () => {
    const generated = path.join(root, 'reviews.csv');
    writeReviews(generated, 3_000, 7);
    for (const [name, file] of [
      ['sample', SAMPLE],
      ['generated', generated],
    ] as const) {
      const one = await train(file, `${name}-one`, false);
      const two = await train(file, `${name}-two`, true);
      assert.ok(one.trainRows > 0);
      assert.equal(two.trainRows, one.trainRows);
      assert.deepEqual(savedModel(path.join(root, `${name}-two`)), savedModel(path.join(root, `${name}-one`)), name);
    }
  });

  it('fails on a bad row with the one-thread pass\'s DataError, leaving no thread or file open', async () => {
    const file = path.join(root, 'bad.csv');
    writeReviews(file, 2_500, 3);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const ragged = path.join(root, 'ragged.csv');
    fs.writeFileSync(ragged, [...lines.slice(0, 2_000), 'one,two,three', ...lines.slice(2_000)].join('\n'));
    const quote = path.join(root, 'quote.csv');
    fs.writeFileSync(quote, [...lines.slice(0, 1_500), '"never closed,pos', ...lines.slice(1_500)].join('\n'));
    await train(SAMPLE, 'warm', true); // starts the thread pools this process keeps, so only ours are counted
    const before = processResources();
    for (const bad of [ragged, quote]) {
      const failure = async (readerThread: boolean): Promise<DataError> => {
        const e = await train(bad, `out-${readerThread}`, readerThread).then(
          () => assert.fail('trained on a bad file'),
          (error: unknown) => error,
        );
        assert.ok(e instanceof DataError, String(e));
        return e;
      };
      const one = await failure(false);
      await assertBackTo(before, 'the one-thread pass closed its file');
      const two = await failure(true);
      assert.deepEqual({ code: two.code, line: two.line, message: two.message }, { code: one.code, line: one.line, message: one.message });
      await assertBackTo(before, 'the reader thread and the files are closed after the failure');
    }
  });

  it('hears a cancel within 0.1 s and leaves no thread or file open', async () => {
    const file = path.join(root, 'large.csv');
    writeReviews(file, 60_000, 11);
    await train(SAMPLE, 'warm', true); // starts the thread pools this process keeps, so only ours are counted
    const before = processResources();
    const controller = new AbortController();
    let aborted = 0;
    const run = runTraining(
      { data: file, out: path.join(root, 'cancelled'), model: 'fast', stream: true },
      {
        readerThread: true,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'reading' && (p.rowsRead ?? 0) > 0 && !aborted) {
            aborted = performance.now();
            controller.abort();
          }
        },
      },
    );
    await assert.rejects(run, (e: Error) => e.name === 'AbortError');
    const heard = performance.now() - aborted;
    assert.ok(aborted > 0, 'the reading was under way');
    assert.ok(heard < 100, `cancel heard after ${heard.toFixed(0)} ms`);
    await assertBackTo(before, 'the reader thread, the file and the spill are closed after the cancel');
    assert.ok(!fs.existsSync(path.join(root, 'cancelled')));
  });

  it('runs the pass on this thread, to the same result, when the reader thread fails', async () => {
    const file = path.join(root, 'reviews.csv');
    writeReviews(file, 1_000, 5);
    const reader = new ReaderThread();
    const signal = new AbortController().signal;
    const read = firstPassOnReader(reader, file, { signal }, { seed: 42, testSize: 0.2, validationFraction: 0.1 }, DEFAULT_FEATURES, {
      offer: () => undefined,
      onFeatures: () => undefined,
    });
    await reader.close(); // as a crash would: the thread gone mid-read
    await assert.rejects(read, (e: unknown) => isReaderFailure(e));

    const input = (withReader: ReaderThread | undefined) => ({
      options: { data: file, out: path.join(root, 'unused'), model: 'fast' as const, seed: 42, earlyStopping: true },
      testSize: 0.2,
      validationSplit: 0.1,
      maxFeatureRows: 1_000_000,
      trainingBytes: fs.statSync(file).size,
      classWeightsFor: () => undefined,
      reader: withReader,
      onProgress: () => undefined,
      signal,
    });
    const failed = new ReaderThread();
    await failed.close();
    const fallback = await trainStreamed(input(failed));
    const plain = await trainStreamed(input(undefined));
    assert.equal(fallback.fitted.trainRows, plain.fitted.trainRows);
    const probe = ['很好 干净', 'awful noisy room'];
    assert.deepEqual(await fallback.fitted.classifier.predictPacked(probe), await plain.fitted.classifier.predictPacked(probe));
  });
});
