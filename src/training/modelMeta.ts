// A model folder's meta.json (written by core/bundle.ts) as the model list sees it. Only the type comes from
// bundle.ts: importing its code would pull the model loaders (and with them TensorFlow.js) into the
// extension host bundle, which must stay light (the file's name and format come from the light bundleSiblings.ts).
import * as path from 'node:path';
import type { LayerSummary } from '../core/layerSummary';
import type { BundleMeta } from '../core/bundle';
import { BUNDLE_FORMAT, MAX_META_BYTES, META_FILE } from '../core/bundleSiblings';
import { isCoreText } from '../core/coreText';
import { readRegularFile } from '../core/regularFile';
import type { EpochPoint } from './dashboard/protocol';
import type { ModelInfo } from './modelRegistry';

/**
 * The model in `dir`, or undefined when `dir` holds no readable Neural Lens model. Synchronous, for activation
 * and the list alike: one bounded read of a regular file, which never waits on a pipe or a device.
 */
export function readModelInfo(dir: string): ModelInfo | undefined {
  // Only a regular file of a meta.json's size, checked on the open descriptor: on the extension host a FIFO
  // would block the thread for good, and a link to /dev/zero fill its memory.
  const read = readRegularFile(path.join(dir, META_FILE), { maxBytes: MAX_META_BYTES });
  if (!read.ok) return undefined;
  try {
    return toModelInfo(dir, JSON.parse(read.bytes.toString('utf8')));
  } catch {
    return undefined;
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const isRecord = <T>(v: T | undefined): v is T => typeof v === 'object' && v !== null && !Array.isArray(v);

export function toModelInfo(dir: string, json: unknown): ModelInfo | undefined {
  const meta = json as Partial<BundleMeta> & { history?: unknown; layers?: unknown };
  if (!meta || meta.format !== BUNDLE_FORMAT || !Array.isArray(meta.labels) || typeof meta.kind !== 'string') return undefined;
  const model = (meta.model ?? {}) as Record<string, unknown>;
  const report = meta.report;
  const history = Array.isArray(meta.history) ? meta.history : Array.isArray(model.history) ? model.history : undefined;
  const layers = Array.isArray(meta.layers) ? meta.layers : Array.isArray(model.layers) ? model.layers : undefined;
  return {
    name: path.basename(dir),
    dir,
    kind: meta.kind,
    dataFile: meta.data?.path ?? meta.data?.file ?? '',
    dataSha256: typeof meta.data?.sha256 === 'string' ? meta.data.sha256 : undefined,
    columns: typeof meta.data?.textColumn === 'string' && typeof meta.data?.labelColumn === 'string' ? { textColumn: meta.data.textColumn, labelColumn: meta.data.labelColumn } : undefined,
    createdAt: meta.createdAt ?? '',
    accuracy: num(report?.accuracy),
    macroF1: num(report?.macro?.f1),
    labels: meta.labels.map(String),
    report,
    backend: meta.backend,
    trainSeconds: num(meta.trainSeconds),
    trainRows: num(meta.trainRows),
    testRows: num(meta.testRows),
    // Written by this extension's engine; shown as they are (the dashboard prints numbers, never markup).
    validationRows: num(meta.validationRows),
    validation: isRecord(meta.validation) ? meta.validation : undefined,
    fit: isRecord(meta.fit) ? meta.fit : undefined,
    calibration: isRecord(meta.calibration) && num(meta.calibration.temperature) !== undefined ? meta.calibration : undefined,
    reliability: isRecord(meta.reliability) && Array.isArray(meta.reliability.bins) ? meta.reliability : undefined,
    // A bundle saved before warnings were CoreTexts holds English sentences: shown as they are (no translation has them).
    warnings: Array.isArray(meta.warnings) ? meta.warnings.map((w) => (isCoreText(w) ? w : { template: String(w), args: [] })) : undefined,
    history: history as EpochPoint[] | undefined,
    layers: layers as LayerSummary[] | undefined,
    options: meta.training,
    vocabSize: num(model.vocabSize) ?? num((model.architecture as Record<string, unknown> | undefined)?.vocabSize) ?? num(model.rows),
    modelMeta: model,
  };
}
