import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Classifier } from '../../../src/core/classifier';
import { BundleError, checkBundleTarget, isTemporaryBundleDir, loadBundle, readBundleMeta, saveBundle, type BundleInfo } from '../../../src/core/bundle';
import { trainFast } from '../../../src/core/fast/train';
import { classificationReport } from '../../../src/core/report';

const LABELS = ['negative', 'positive'];
const INFO: BundleInfo = {
  backend: 'js',
  data: { file: 'toy.csv', path: '/tmp/toy.csv', sha256: 'ab'.repeat(32), textColumn: 'text', labelColumn: 'label' },
  training: { model: 'fast', epochs: 3 },
  trainRows: 4,
  testRows: 2,
  skippedRows: 0,
  trainSeconds: 0.1,
  report: classificationReport(LABELS, [0, 1], [0, 1]),
};

async function toyModel(): Promise<Classifier> {
  const { model } = await trainFast({
    train: { texts: ['good film', 'great acting', 'bad film', 'awful acting'], y: [1, 1, 0, 0] },
    labels: LABELS,
    options: { epochs: 5, threads: 1 },
  });
  return model;
}

describe('model bundle', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-bundle-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('round-trips: meta.json + the model files, same predictions after loading', async () => {
    const model = await toyModel();
    const dir = path.join(root, 'models', 'toy');
    const written = await saveBundle(dir, model, INFO);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['fast.bin', 'meta.json']);
    const { meta, classifier } = await loadBundle(dir);
    assert.deepEqual(meta, written);
    assert.equal(meta.kind, 'fast');
    assert.deepEqual(meta.labels, LABELS);
    assert.equal(meta.data.sha256, INFO.data.sha256);
    assert.equal(meta.formatVersion, 1);
    assert.ok(Date.parse(meta.createdAt) > 0);
    const texts = ['good acting', 'awful film'];
    assert.deepEqual(await classifier.predict(texts), await model.predict(texts));
    // Only the model folder in its parent: no temporary siblings left.
    assert.deepEqual(fs.readdirSync(path.join(root, 'models')), ['toy']);
  });

  it('a failing save leaves no folder and keeps an older model at the same path', async () => {
    const dir = path.join(root, 'm');
    const failing: Classifier = {
      kind: 'fast',
      labels: LABELS,
      predict: async () => [],
      predictPacked: async () => new Float32Array(),
      explain: async () => [],
      save: async (tmp) => {
        fs.writeFileSync(path.join(tmp, 'half.bin'), 'partial');
        throw new Error('disk full');
      },
    };
    await assert.rejects(saveBundle(dir, failing, INFO), /disk full/);
    assert.deepEqual(fs.readdirSync(root), []);

    await saveBundle(dir, await toyModel(), INFO);
    const before = fs.readFileSync(path.join(dir, 'meta.json'), 'utf8');
    await assert.rejects(saveBundle(dir, failing, INFO), /disk full/);
    assert.equal(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'), before);
    assert.deepEqual(fs.readdirSync(root), ['m']);
  });

  it('replaces an older model only when the new one is complete', async () => {
    const dir = path.join(root, 'm');
    await saveBundle(dir, await toyModel(), INFO);
    await saveBundle(dir, await toyModel(), { ...INFO, trainRows: 99 });
    assert.equal((await readBundleMeta(dir)).trainRows, 99);
    assert.deepEqual(fs.readdirSync(root), ['m']);
    assert.ok(isTemporaryBundleDir('.m.tmp-0123abcd'));
    assert.ok(!isTemporaryBundleDir('m'));
  });

  it('replaces only a model: a folder of the user, file, symbolic link or a model holding foreign files is refused, untouched', async () => {
    const model = await toyModel();
    const folder = path.join(root, 'mine');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'data.csv'), 'text,label\n');
    await assert.rejects(saveBundle(folder, model, INFO), (e: BundleError) => e instanceof BundleError && /already exists and is not a Neural Lens model/.test(e.message));
    await saveBundle(path.join(root, 'model'), model, INFO);
    // The folder that holds the model (and the user's files) is not a model.
    await assert.rejects(saveBundle(root, model, INFO), /is not a Neural Lens model/);
    const file = path.join(root, 'notes.txt');
    fs.writeFileSync(file, 'keep');
    await assert.rejects(saveBundle(file, model, INFO), /notes\.txt is a file, not a model folder/);
    const link = path.join(root, 'link');
    fs.symlinkSync(path.join(root, 'model'), link);
    await assert.rejects(saveBundle(link, model, INFO), /is a symbolic link/);
    assert.equal(fs.readFileSync(path.join(folder, 'data.csv'), 'utf8'), 'text,label\n');
    assert.equal(fs.readFileSync(file, 'utf8'), 'keep');
    // A model with a file of the user's put into it: replacing it would delete that file.
    fs.writeFileSync(path.join(root, 'model', 'mine.csv'), 'x');
    await assert.rejects(saveBundle(path.join(root, 'model'), model, INFO), /holds files it did not write \(mine\.csv\)/);
    assert.ok(fs.existsSync(path.join(root, 'model', 'mine.csv')));
    assert.deepEqual(fs.readdirSync(root).filter(isTemporaryBundleDir), [], 'no temporary folder left behind');
    // The check alone, as train runs it before reading any data.
    await assert.rejects(checkBundleTarget(folder), /is not a Neural Lens model/);
    await checkBundleTarget(path.join(root, 'new'));
  });

  describe('a save killed midway', () => {
    /** The state a crash between replaceDir's two renames leaves: the old model and the new one both hidden. */
    async function crashBetweenRenames(dir: string): Promise<string> {
      await saveBundle(dir, await toyModel(), { ...INFO, trainRows: 1 });
      const old = path.join(root, `.${path.basename(dir)}.old-0123abcd`);
      fs.renameSync(dir, old);
      const tmp = path.join(root, `.${path.basename(dir)}.tmp-89abcdef`);
      fs.mkdirSync(tmp);
      fs.writeFileSync(path.join(tmp, 'fast.bin'), 'half written');
      return old;
    }

    it('is repaired on the next load: the previous model is back, the leftovers are gone', async () => {
      const dir = path.join(root, 'm');
      await crashBetweenRenames(dir);
      const { meta, classifier } = await loadBundle(dir);
      assert.equal(meta.trainRows, 1);
      assert.equal((await classifier.predict(['good film'])).length, 1);
      assert.deepEqual(fs.readdirSync(root), ['m']);
    });

    it('is repaired by the next save to the same folder, which then replaces the model', async () => {
      const dir = path.join(root, 'm');
      await crashBetweenRenames(dir);
      await saveBundle(dir, await toyModel(), { ...INFO, trainRows: 2 });
      assert.equal((await readBundleMeta(dir)).trainRows, 2);
      assert.deepEqual(fs.readdirSync(root), ['m']);
    });

    it('leaves a temporary folder that the next save removes, the model untouched until then', async () => {
      const dir = path.join(root, 'm');
      await saveBundle(dir, await toyModel(), { ...INFO, trainRows: 1 });
      fs.mkdirSync(path.join(root, '.m.tmp-00000000'));
      assert.equal((await loadBundle(dir)).meta.trainRows, 1);
      await saveBundle(dir, await toyModel(), { ...INFO, trainRows: 2 });
      assert.deepEqual(fs.readdirSync(root), ['m']);
    });

    it('leaves a stale lock that does not block the next save for long', async () => {
      const dir = path.join(root, 'm');
      const lock = path.join(root, '.m.lock');
      fs.mkdirSync(lock);
      const longAgo = new Date(Date.now() - 60_000);
      fs.utimesSync(lock, longAgo, longAgo);
      const started = Date.now();
      await saveBundle(dir, await toyModel(), INFO);
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
      assert.deepEqual(fs.readdirSync(root), ['m']);
    });
  });

  it('20 concurrent saves to one folder all succeed, one after the other, and leave one complete model', async function () {
    this.timeout(60_000);
    const dir = path.join(root, 'shared');
    const model = await toyModel();
    await saveBundle(dir, model, INFO);
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => saveBundle(dir, model, { ...INFO, trainRows: 100 + i })));
    const failed = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    assert.deepEqual(failed, []);
    const { meta, classifier } = await loadBundle(dir);
    assert.ok(meta.trainRows >= 100 && meta.trainRows < 120);
    assert.equal((await classifier.predict(['good film'])).length, 1);
    assert.deepEqual(fs.readdirSync(root), ['shared']);
  });

  it('says clearly what is wrong with a folder that is not a loadable model', async () => {
    const dir = path.join(root, 'm');
    fs.mkdirSync(dir);
    await assert.rejects(loadBundle(dir), (e: BundleError) => e instanceof BundleError && /has no meta\.json/.test(e.message));
    fs.writeFileSync(path.join(dir, 'meta.json'), '{oops');
    await assert.rejects(loadBundle(dir), /not valid JSON.*delete the folder and train again/);
    // Not ours to replace (its meta.json is unreadable): a new model goes into a fresh folder.
    fs.rmSync(dir, { recursive: true });
    await saveBundle(dir, await toyModel(), INFO);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ ...meta, formatVersion: 99 }));
    await assert.rejects(loadBundle(dir), /format version 99; this Neural Lens reads version 1\. Update Neural Lens/);
    fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ ...meta, format: 'something-else' }));
    await assert.rejects(loadBundle(dir), /not a Neural Lens model description/);
    fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta));
    fs.writeFileSync(path.join(dir, 'fast.bin'), 'short');
    await assert.rejects(loadBundle(dir), /Could not load the fast model.*damaged/);
  });

  describe('a model folder is checked against its meta.json before anything is allocated', () => {
    /** Runs `fn` with a watchdog: a read that blocks (a FIFO) fails the test instead of hanging it. */
    const within = async <T>(ms: number, fn: () => Promise<T>): Promise<T> => {
      let timer: NodeJS.Timeout | undefined;
      const watchdog = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms)));
      try {
        return await Promise.race([fn(), watchdog]);
      } finally {
        clearTimeout(timer);
      }
    };
    const saved = async (): Promise<{ dir: string; meta: Record<string, unknown> & { model: Record<string, unknown> } }> => {
      const dir = path.join(root, 'm');
      await saveBundle(dir, await toyModel(), INFO);
      return { dir, meta: JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) };
    };

    it('refuses a fast.bin that is a link to /dev/zero at once (it grew to 5 GB and crashed before)', async () => {
      const { dir } = await saved();
      fs.rmSync(path.join(dir, 'fast.bin'));
      fs.symlinkSync('/dev/zero', path.join(dir, 'fast.bin'));
      await within(5000, () => assert.rejects(loadBundle(dir), /Could not load the fast model.*fast\.bin is not a regular file \(a folder, a FIFO, a device, or a link to one\)/));
    });

    it('refuses a meta.json that is a FIFO instead of waiting on it forever, and never replaces that folder', async function () {
      const dir = path.join(root, 'fifo');
      fs.mkdirSync(dir);
      const meta = path.join(dir, 'meta.json');
      if (spawnSync('mkfifo', [meta]).status !== 0) {
        console.warn('      skipped: mkfifo is not available here');
        this.skip();
      }
      await within(5000, () => assert.rejects(readBundleMeta(dir), /meta\.json is not a regular file .* is not a model Neural Lens wrote/));
      await within(5000, () => assert.rejects(loadBundle(dir), /is not a regular file/));
      const model = await toyModel();
      await within(5000, () => assert.rejects(saveBundle(dir, model, INFO), /is not a Neural Lens model/));
    });

    it('reads fast.bin only when its size is what meta.json says, and only sane feature options', async () => {
      const { dir, meta } = await saved();
      const write = (model: Record<string, unknown>): void => fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ ...meta, model: { ...meta.model, ...model } }));
      write({ rows: 1e12 });
      await assert.rejects(loadBundle(dir), /fast\.bin does not match meta\.json \(1000000000000 rows × 2 classes expected/);
      write({ rows: -1 });
      await assert.rejects(loadBundle(dir), /describes -1 rows × 2 classes for 2 labels/);
      write({ features: { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 1_000_000 } });
      await assert.rejects(loadBundle(dir), /feature options .* are not ones a fast model is trained with/);
      write({});
      assert.equal((await loadBundle(dir)).classifier.labels.length, 2);
    });
  });
});
