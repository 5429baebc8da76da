// A trained model on disk: one folder holding meta.json (what it is, how it was trained, how well it did, on
// which data) and the model's own files. Written into a hidden temporary sibling folder and renamed into
// place, so a crash or a cancel never leaves a half model, and an older model at the same path is replaced
// only once the new one is complete. Replacing takes two renames; saves to one folder hold its lock (a
// `.NAME.lock` sibling), and whatever a save killed between the renames left is repaired under that lock
// by the next save or load.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as lockfile from 'proper-lockfile';
import { BUNDLE_FORMAT, MAX_META_BYTES, META_FILE, leftoversOf, sibling, TEMPORARY } from './bundleSiblings';
import { withCalibration } from './calibratedClassifier';
import type { Calibration, CalibrationReport } from './calibration';
import { CoreError, coreText, coreTextOf, type CoreText } from './coreText';
import type { Classifier } from './classifier';
import { isModelKind, type ModelKind } from './modelKind';
import { MODEL_RUNTIMES } from './modelRuntimes';
import type { Report } from './report';
import type { FitFacts, TrainOptions, ValidationFacts } from './trainTypes';
import { readRegularFile } from './regularFile';

export { BUNDLE_FORMAT, MAX_META_BYTES, META_FILE };
export const BUNDLE_VERSION = 1;

export interface BundleMeta {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  kind: ModelKind;
  /** Class names in the order of every probability vector. */
  labels: string[];
  createdAt: string;
  /** TensorFlow.js backend it was trained on ('js' for the fast model, which does not use it). */
  backend: string;
  data: {
    /** Base name of the training file, its absolute path when saved, and its SHA-256. */
    file: string;
    path: string;
    sha256: string;
    textColumn: string;
    labelColumn: string;
    /** The separator the file was read with (csvDialect.ts); absent in bundles saved before it was recorded: ','. */
    delimiter?: string;
    test?: { file: string; sha256: string };
  };
  /** The options the run was given, resolved defaults included. */
  training: Partial<TrainOptions> & Record<string, unknown>;
  /** Rows the model was fitted on. */
  trainRows: number;
  testRows: number;
  skippedRows: number;
  trainSeconds: number;
  report: Report;
  // Absent from bundles saved before validation and calibration were recorded: they load with T = 1.
  validationRows?: number;
  validation?: ValidationFacts;
  fit?: FitFacts;
  /** The temperature every probability of this model is scaled by (bundle.ts loadBundle applies it). */
  calibration?: Calibration;
  /** ECE, NLL, Brier and reliability bins on the test rows, of the calibrated probabilities. */
  reliability?: CalibrationReport;
  /** As TrainOutcome's (bundles saved before they were CoreTexts hold English strings). */
  warnings?: Array<CoreText | string>;
  /** What the model's own save() returned: its files' format, tokeniser settings, sizes. */
  model: Record<string, unknown>;
  /** Every file of the folder, meta.json included: a folder holding anything else is not replaced. */
  files?: string[];
}

export { isTemporaryBundleDir } from './bundleSiblings';

export type BundleInfo = Omit<BundleMeta, 'format' | 'formatVersion' | 'kind' | 'labels' | 'createdAt' | 'model' | 'files'>;

export class BundleError extends CoreError {
  constructor(
    readonly dir: string,
    text: CoreText,
  ) {
    super(text);
    this.name = 'BundleError';
  }
}

/** A save waits about a minute for another save to the same folder, then gives up with a clear message. */
const LOCK_OPTIONS = {
  realpath: false,
  // A lock whose holder stopped refreshing it (killed) is taken over after 10 s.
  stale: 10_000,
  retries: { retries: 300, factor: 1.3, minTimeout: 20, maxTimeout: 250, randomize: true },
};

/** Runs `fn` holding the lock of the model folder `dir`: saves and repairs of one folder happen one at a time. */
async function withBundleLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  await fsp.mkdir(path.dirname(dir), { recursive: true });
  const lockfilePath = path.join(path.dirname(dir), `.${path.basename(dir)}.lock`);
  let release: () => Promise<void>;
  try {
    // A lock taken over while we still hold it (we stalled past `stale`) is not fatal here: the folder's
    // two renames are each atomic, and the next save or load repairs what a lost race leaves.
    release = await lockfile.lock(dir, { ...LOCK_OPTIONS, lockfilePath, onCompromised: () => undefined });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new BundleError(dir, coreText('saveLocked', dir, lockfilePath));
    }
    throw new BundleError(dir, coreText('cannotLock', dir, (e as Error).message));
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * Repairs what a save killed midway left beside `dir` (call it holding the lock): killed between the two
 * renames, the previous model sits in `.NAME.old-*` and `dir` is gone — it is put back, as that save never
 * reported success; every other leftover is an unfinished save and is removed.
 */
async function repairInterruptedSave(dir: string): Promise<void> {
  const leftovers = await leftoversOf(dir);
  if (leftovers.length === 0) return;
  if (!(await exists(dir))) {
    const olds = await Promise.all(
      leftovers
        .filter((p) => TEMPORARY.exec(path.basename(p))?.[2] === 'old')
        .map(async (p) => ({ p, mtimeMs: (await fsp.stat(p)).mtimeMs, ours: await hasOurMeta(p) })),
    );
    const newest = olds.filter((o) => o.ours).sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
    if (newest) await fsp.rename(newest.p, dir);
  }
  for (const p of leftovers) await fsp.rm(p, { recursive: true, force: true });
}

async function hasOurMeta(dir: string): Promise<boolean> {
  const meta = await readJson(path.join(dir, META_FILE));
  return isRecord(meta) && meta.format === BUNDLE_FORMAT;
}

/** The parsed JSON of the meta.json `file`, or undefined when it is no regular file of a meta.json's size or does not parse. */
async function readJson(file: string): Promise<unknown> {
  const read = readRegularFile(file, { maxBytes: MAX_META_BYTES });
  if (!read.ok) return undefined;
  try {
    return JSON.parse(read.bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Saves `classifier` and its meta.json as the folder `dir`, atomically, with `extraFiles` (name → text, e.g.
 * the run's test rows) beside them. Returns the meta written.
 */
export async function saveBundle(dir: string, classifier: Classifier, info: BundleInfo, extraFiles: Record<string, string> = {}): Promise<BundleMeta> {
  dir = path.resolve(dir);
  return withBundleLock(dir, async () => {
    await repairInterruptedSave(dir);
    await refuseForeignTarget(dir);
    return writeBundle(dir, classifier, info, extraFiles);
  });
}

/** Writes the bundle into a temporary sibling and moves it to `dir` (holding the lock). */
async function writeBundle(dir: string, classifier: Classifier, info: BundleInfo, extraFiles: Record<string, string>): Promise<BundleMeta> {
  const tmp = sibling(dir, 'tmp');
  await fsp.mkdir(tmp);
  let meta: BundleMeta;
  try {
    const model = await classifier.save(tmp);
    for (const [name, text] of Object.entries(extraFiles)) {
      // The caller's mistake, not the user's: a RangeError rather than a message for the user.
      if (name === META_FILE || path.basename(name) !== name) throw new RangeError(`${name} cannot be saved beside the model: a plain file name other than ${META_FILE} is needed.`);
      await fsp.writeFile(path.join(tmp, name), text);
    }
    meta = {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_VERSION,
      kind: classifier.kind,
      labels: [...classifier.labels],
      createdAt: new Date().toISOString(),
      ...info,
      model,
      files: [...(await fsp.readdir(tmp)), META_FILE].sort(),
    };
    // meta.json last: a folder with meta.json in it is complete.
    await fsp.writeFile(path.join(tmp, META_FILE), JSON.stringify(meta, null, 2) + '\n');
  } catch (e) {
    await fsp.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  await replaceDir(tmp, dir);
  return meta;
}

/** Moves the complete folder `tmp` to `dir`, replacing whatever is there only once the move can happen. */
async function replaceDir(tmp: string, dir: string): Promise<void> {
  let old: string | undefined;
  try {
    if (await exists(dir)) {
      old = sibling(dir, 'old');
      await fsp.rename(dir, old);
    }
    await fsp.rename(tmp, dir);
  } catch (e) {
    if (old && !(await exists(dir))) await fsp.rename(old, dir).catch(() => undefined);
    await fsp.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (old) await fsp.rm(old, { recursive: true, force: true });
}

/**
 * Throws a BundleError unless saving a model as `dir` deletes nothing of the user's: `dir` must not exist,
 * or be a model folder (our meta.json) holding only the files its model wrote. Everything else — the
 * current folder, a project folder, a file, a symbolic link — is refused, whatever it holds. Training
 * asks before it reads any data; saveBundle decides again when it saves.
 */
export async function checkBundleTarget(dir: string): Promise<void> {
  dir = path.resolve(dir);
  // No folder to put it in yet: nothing there to lose (and no folder created for a run that may fail).
  if (!(await exists(path.dirname(dir)))) return;
  // Under the lock: a save to the same folder may be between its two renames.
  await withBundleLock(dir, async () => {
    await repairInterruptedSave(dir);
    await refuseForeignTarget(dir);
  });
}

async function refuseForeignTarget(dir: string): Promise<void> {
  const stat = await fsp.lstat(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new BundleError(dir, coreText('cannotSave', dir, e.message));
  });
  if (!stat) return;
  if (stat.isSymbolicLink()) throw new BundleError(dir, coreText('targetIsLink', dir));
  if (!stat.isDirectory()) throw new BundleError(dir, coreText('targetIsFile', dir));
  const meta = await readJson(path.join(dir, META_FILE));
  if (!isRecord(meta) || meta.format !== BUNDLE_FORMAT) {
    throw new BundleError(dir, coreText('targetNotModel', dir));
  }
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  const written = Array.isArray(meta.files) ? new Set(meta.files.map(String)) : undefined;
  // Older models list no files: then only plain files (no folders) are taken as the model's own.
  const foreign = entries.filter((e) => (written ? !written.has(e.name) : !e.isFile())).map((e) => e.name);
  if (foreign.length > 0) {
    throw new BundleError(dir, coreText('targetHasForeignFiles', dir, foreign.sort().join(', ')));
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function exists(p: string): Promise<boolean> {
  return fsp.stat(p).then(
    () => true,
    () => false,
  );
}

/** Reads and checks meta.json without loading the model (cheap: for model lists). */
export async function readBundleMeta(dir: string): Promise<BundleMeta> {
  const file = path.join(dir, META_FILE);
  // A regular file of a meta.json's size, or nothing is read: a FIFO would block, a link to /dev/zero never end.
  const read = readRegularFile(file, { maxBytes: MAX_META_BYTES });
  if (!read.ok) {
    throw new BundleError(
      dir,
      read.reason === 'missing'
        ? coreText('noMeta', dir, META_FILE)
        : read.reason === 'not-a-file'
          ? coreText('metaNotRegular', file, dir)
          : coreText('metaTooLarge', file, read.size ?? 0, MAX_META_BYTES, dir),
    );
  }
  const text = read.bytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BundleError(dir, coreText('metaNotJson', file, (e as Error).message));
  }
  if (!isRecord(json)) {
    throw new BundleError(dir, json === null ? coreText('metaHoldsNull', file) : Array.isArray(json) ? coreText('metaHoldsArray', file) : coreText('metaHoldsValue', file, typeof json));
  }
  const meta = json as Partial<BundleMeta>;
  if (meta.format !== BUNDLE_FORMAT) throw new BundleError(dir, coreText('metaWrongFormat', file, String(meta.format)));
  if (meta.formatVersion !== BUNDLE_VERSION) {
    const newer = typeof meta.formatVersion === 'number' && meta.formatVersion > BUNDLE_VERSION;
    throw new BundleError(dir, coreText(newer ? 'metaNewerVersion' : 'metaOlderVersion', dir, String(meta.formatVersion), BUNDLE_VERSION));
  }
  if (!isModelKind(meta.kind)) throw new BundleError(dir, coreText('metaUnknownKind', file, String(meta.kind)));
  if (!Array.isArray(meta.labels) || meta.labels.length < 2) throw new BundleError(dir, coreText('metaNoLabels', file));
  if (!meta.labels.every((l) => typeof l === 'string')) throw new BundleError(dir, coreText('metaLabelNotText', file));
  if (!isRecord(meta.model)) throw new BundleError(dir, coreText('metaNoModel', file));
  if (!isRecord(meta.data)) throw new BundleError(dir, coreText('metaNoData', file));
  if (typeof meta.data.textColumn !== 'string') throw new BundleError(dir, coreText('metaNoTextColumn', file));
  if (typeof meta.data.labelColumn !== 'string') throw new BundleError(dir, coreText('metaNoLabelColumn', file));
  const t = meta.calibration?.temperature;
  if (meta.calibration !== undefined && !(typeof t === 'number' && Number.isFinite(t) && t > 0)) {
    throw new BundleError(dir, coreText('metaBadTemperature', file, String(t)));
  }
  return meta as BundleMeta;
}

/**
 * Loads a bundle through its kind's runtime (lstm/cnn load TensorFlow.js, lazily; the fast model never does),
 * its probabilities at the bundle's calibration temperature (1 for a bundle from before calibration).
 */
export async function loadBundle(dir: string): Promise<{ meta: BundleMeta; classifier: Classifier }> {
  dir = path.resolve(dir);
  if (!(await exists(path.join(dir, META_FILE))) && (await leftoversOf(dir)).length > 0) await withBundleLock(dir, () => repairInterruptedSave(dir));
  const meta = await readBundleMeta(dir);
  try {
    const classifier = await MODEL_RUNTIMES[meta.kind].load(dir, meta.model, meta.labels);
    return { meta, classifier: withCalibration(classifier, meta.calibration?.temperature ?? 1) };
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw new BundleError(dir, coreText('cannotLoad', meta.kind, dir, coreTextOf(e) ?? (e as Error).message));
  }
}
