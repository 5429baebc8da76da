import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { classificationReport } from '../../../src/core/report';
import { compareRuns } from '../../../src/core/runCompare';
import { deleteRun, listRuns, MAX_CURVE_POINTS, newRunId, readRun, runsByDataFile, runsOfModel, saveRun, type RunRecord } from '../../../src/core/runStore';
import type { TestRows } from '../../../src/core/testRows';

const LABELS = ['neg', 'pos'];

function run(over: Partial<RunRecord> & { createdAt: string }, pred = [0, 1, 1, 1]): RunRecord {
  return {
    format: 'neural-lens-run',
    id: newRunId(new Date(over.createdAt)),
    kind: 'fast',
    modelDir: '/w/.neural-lens/models/a',
    modelName: 'a',
    data: { path: '/w/reviews.csv', sha256: 'ab'.repeat(32) },
    options: { model: 'fast', epochs: 5, seed: 42, out: '/w/.neural-lens/models/a' },
    rows: { train: 80, validation: 80, test: 4, skipped: 0 },
    report: classificationReport(LABELS, [0, 0, 1, 1], pred),
    curves: [
      { epoch: 1, loss: 0.9, valLoss: 1 },
      { epoch: 2, loss: 0.5, valLoss: 0.7 },
    ],
    trainSeconds: 1.5,
    backend: 'js',
    ...over,
  };
}

describe('run store', () => {
  let dir: string;
  beforeEach(() => (dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nl-runs-')), 'runs')));
  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('saves runs (creating the folder) and lists them newest first, leaving no temporary file', async () => {
    const a = run({ createdAt: '2026-12-05T07:00:00.000Z' });
    const b = run({ createdAt: '2026-12-05T08:00:00.000Z', modelDir: '/w/.neural-lens/models/b' });
    await saveRun(dir, a);
    await saveRun(dir, b);
    assert.deepEqual(
      (await listRuns(dir)).map((r) => r.id),
      [b.id, a.id],
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), [`${a.id}.json`, `${b.id}.json`].sort());
    assert.deepEqual(await readRun(path.join(dir, `${a.id}.json`)), a);
    assert.deepEqual(
      runsOfModel(await listRuns(dir), '/w/.neural-lens/models/b/').map((r) => r.id),
      [b.id],
    );
  });

  it('twenty concurrent saves all land, each file whole', async () => {
    const runs = Array.from({ length: 20 }, (_, i) => run({ createdAt: new Date(Date.UTC(2026, 11, 5, 7, 0, i)).toISOString() }));
    await Promise.all(runs.map((r) => saveRun(dir, r)));
    const listed = await listRuns(dir);
    assert.equal(listed.length, 20);
    for (const name of fs.readdirSync(dir)) JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    assert.ok(fs.readdirSync(dir).every((n) => !n.startsWith('.')), 'a temporary file was left');
  });

  it('is bounded: the oldest runs beyond the limit are removed; curves are capped', async () => {
    const runs = Array.from({ length: 5 }, (_, i) => run({ createdAt: new Date(Date.UTC(2026, 11, 5, 7, i)).toISOString() }));
    let kept: RunRecord[] = [];
    for (const r of runs) kept = await saveRun(dir, r, 3);
    const newest = runs
      .slice(2)
      .reverse()
      .map((r) => r.id);
    assert.deepEqual(
      (await listRuns(dir)).map((r) => r.id),
      newest,
    );
    // What saving returns is the folder as it left it (the editor shows it without reading the folder again).
    assert.deepEqual(
      kept.map((r) => r.id),
      newest,
    );
    const long = run({ createdAt: '2026-12-05T09:00:00.000Z', curves: Array.from({ length: MAX_CURVE_POINTS + 50 }, (_, i) => ({ epoch: i + 1, loss: 1 })) });
    await saveRun(dir, long);
    assert.equal((await readRun(path.join(dir, `${long.id}.json`)))?.curves.length, MAX_CURVE_POINTS);
  });

  it('reads, prunes and deletes only its own files: others, damaged runs and temporary files are left alone', async () => {
    fs.mkdirSync(dir, { recursive: true });
    const foreign = ['notes.json', 'run-20260101-000000-abcdef.json', '.run-20260101-000000-abcdef.json.tmp-1-aa'];
    fs.writeFileSync(path.join(dir, foreign[0]), '{"format":"neural-lens-run"}');
    fs.writeFileSync(path.join(dir, foreign[1]), '{ damaged');
    fs.writeFileSync(path.join(dir, foreign[2]), 'half');
    const a = run({ createdAt: '2026-12-05T07:00:00.000Z' });
    const b = run({ createdAt: '2026-12-05T07:01:00.000Z' });
    await saveRun(dir, a, 1);
    await saveRun(dir, b, 1);
    assert.deepEqual(
      (await listRuns(dir)).map((r) => r.id),
      [b.id],
    );
    await deleteRun(dir, b.id);
    assert.deepEqual(fs.readdirSync(dir).sort(), [...foreign].sort());
    await assert.rejects(deleteRun(dir, '../notes'), RangeError);
  });

  it('reads no run file that is a FIFO or a link to /dev/zero (the Runs view waited on the one, filled memory with the other)', async function () {
    const good = run({ createdAt: '2026-12-05T07:00:00.000Z' });
    await saveRun(dir, good);
    fs.symlinkSync('/dev/zero', path.join(dir, 'run-20260101-000000-aaaaaa.json'));
    if (spawnSync('mkfifo', [path.join(dir, 'run-20260101-000000-bbbbbb.json')]).status !== 0) console.warn('      (the FIFO case skipped: mkfifo is not available here)');
    const started = performance.now();
    assert.deepEqual(
      (await listRuns(dir)).map((r) => r.id),
      [good.id],
    );
    assert.ok(performance.now() - started < 5000);
  });

  it('groups runs by data file, the newest group first', () => {
    const a = run({ createdAt: '2026-12-05T07:00:00.000Z' });
    const b = run({ createdAt: '2026-12-05T08:00:00.000Z', data: { path: '/w/other.csv' } });
    const c = run({ createdAt: '2026-12-05T06:00:00.000Z' });
    assert.deepEqual(
      runsByDataFile([b, a, c]).map((g) => [g.dataFile, g.runs.length]),
      [
        ['/w/other.csv', 1],
        ['/w/reviews.csv', 2],
      ],
    );
  });
});

describe('run comparison', () => {
  const testRows = (pred: number[]): TestRows => ({
    format: 'neural-lens-test-rows',
    file: '/w/reviews.csv',
    labels: LABELS,
    total: 4,
    rows: ['a', 'b', 'c', 'd'].map((text, i) => ({ row: i, line: i + 2, text, truth: [0, 0, 1, 1][i], predicted: pred[i], confidence: 0.8 })),
  });

  it('puts the oldest run first and gives every figure its change from it, per-class F1 included', () => {
    const before = run({ createdAt: '2026-12-05T07:00:00.000Z' }, [0, 1, 1, 1]);
    const after = run({ createdAt: '2026-12-05T08:00:00.000Z', options: { ...before.options, epochs: 10 } }, [0, 0, 1, 1]);
    const c = compareRuns([after, before], [testRows([0, 0, 1, 1]), testRows([0, 1, 1, 1])]);
    assert.deepEqual(
      c.runs.map((r) => r.id),
      [before.id, after.id],
    );
    const acc = c.metrics.find((m) => m.name === 'accuracy')!;
    assert.deepEqual(acc.values, [0.75, 1]);
    assert.deepEqual(acc.deltas, [null, 0.25]);
    const f1neg = c.metrics.find((m) => m.name === 'F1 neg')!;
    assert.ok(Math.abs(f1neg.deltas[1]! - (1 - 2 / 3)) < 1e-9);
    const epochs = c.options.find((o) => o.name === 'epochs')!;
    assert.deepEqual(epochs, { name: 'epochs', values: ['5', '10'], differs: true });
    assert.equal(c.options.find((o) => o.name === 'seed')?.differs, false);
    assert.equal(
      c.options.some((o) => o.name === 'out'),
      false,
      'where the model went is not an option',
    );
    // Row "b" (true neg) was predicted pos before, neg after.
    assert.deepEqual(c.flipped, [{ text: 'b', truth: 'neg', before: 'pos', after: 'neg' }]);
    assert.equal(c.sharedRows, 4);
  });

  it('has no flipped rows when a model kept no test rows', () => {
    const c = compareRuns([run({ createdAt: '2026-12-05T07:00:00.000Z' }), run({ createdAt: '2026-12-05T08:00:00.000Z' })], [undefined, testRows([0, 0, 1, 1])]);
    assert.equal(c.flipped, undefined);
  });
});
