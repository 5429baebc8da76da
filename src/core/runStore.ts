// The run history: every finished training kept as one small JSON file in a folder beside the models
// (`.neural-lens/runs/<id>.json`), so runs can be listed and compared after their model is retrained,
// renamed or deleted. Writes are atomic (atomicWrite.ts: a hidden temporary file renamed over the target, so a reader or a
// crash never sees half a run) and the folder is bounded (the oldest runs beyond MAX_RUNS are removed).
// Only files of this format and name pattern are ever read, replaced or removed.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { readRegularFile } from './regularFile';
import { RUN_FORMAT, type RunRecord } from './runRecord';

export { RUN_FORMAT, runsByDataFile, type RunCurvePoint, type RunRecord } from './runRecord';

/** Runs kept per folder: enough history for any comparison, bounded for the Models view and the disk. */
export const MAX_RUNS = 200;
/** Curve points kept per run (one per epoch): more is not a curve anyone reads, and the file stays small. */
export const MAX_CURVE_POINTS = 1000;

const RUN_FILE = /^run-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}\.json$/;
/** A run record holds a report and at most MAX_CURVE_POINTS curve points: kilobytes. A larger file is not one. */
const MAX_RUN_BYTES = 16 * 1024 * 1024;

/** `run-20261205-071502-a1b2c3`: sortable by time, unique within a folder. */
export function newRunId(when = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${when.getFullYear()}${p(when.getMonth() + 1)}${p(when.getDate())}-${p(when.getHours())}${p(when.getMinutes())}${p(when.getSeconds())}`;
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

function fileOf(dir: string, id: string): string {
  const name = `${id}.json`;
  if (!RUN_FILE.test(name)) throw new RangeError(`"${id}" is not a run id`);
  return path.join(dir, name);
}

/**
 * Writes `run` atomically into `dir` (created if needed), then removes the oldest runs beyond `maxRuns`.
 * Returns the runs `dir` keeps, newest first: pruning has read them all, so a caller need not read them again.
 */
export async function saveRun(dir: string, run: RunRecord, maxRuns = MAX_RUNS): Promise<RunRecord[]> {
  const target = fileOf(dir, run.id);
  await fsp.mkdir(dir, { recursive: true });
  const record: RunRecord = { ...run, format: RUN_FORMAT, curves: run.curves.slice(0, MAX_CURVE_POINTS) };
  writeFileAtomic(target, JSON.stringify(record) + '\n');
  const runs = await listRuns(dir);
  for (const old of runs.slice(maxRuns)) await fsp.rm(fileOf(dir, old.id), { force: true });
  return runs.slice(0, maxRuns);
}

/** Every readable run in `dir`, newest first (a damaged or foreign file is skipped, never touched). */
export async function listRuns(dir: string): Promise<RunRecord[]> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const runs = await Promise.all(names.filter((n) => RUN_FILE.test(n)).map((n) => readRun(path.join(dir, n))));
  return runs.filter((r): r is RunRecord => r !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

export async function readRun(file: string): Promise<RunRecord | undefined> {
  // Only a regular file of a run's size (regularFile.ts): a FIFO named like a run would hang the Runs view, a
  // link to /dev/zero fill the extension host's memory.
  const read = readRegularFile(file, { maxBytes: MAX_RUN_BYTES });
  if (!read.ok) return undefined;
  try {
    const json = JSON.parse(read.bytes.toString('utf8')) as Partial<RunRecord>;
    if (json.format !== RUN_FORMAT || typeof json.id !== 'string' || path.basename(file) !== `${json.id}.json`) return undefined;
    if (typeof json.createdAt !== 'string' || typeof json.report !== 'object' || json.report === null || !Array.isArray(json.curves)) return undefined;
    if (typeof json.data !== 'object' || json.data === null || typeof json.data.path !== 'string') return undefined;
    return json as RunRecord;
  } catch {
    return undefined;
  }
}

/** Removes the run `id` from `dir` (nothing when it is not there). */
export async function deleteRun(dir: string, id: string): Promise<void> {
  await fsp.rm(fileOf(dir, id), { force: true });
}

/** The runs of `runs` that saved the model folder `modelDir` (however either path is written). */
export function runsOfModel(runs: readonly RunRecord[], modelDir: string): RunRecord[] {
  const key = path.resolve(modelDir);
  return runs.filter((r) => path.resolve(r.modelDir) === key);
}
