// A TensorFlow.js layers model as files in a folder — model.json (topology + weights manifest) and
// weights.bin — written and read through tf.io handlers of our own (tfjs-node's file:// handler is not
// available without tfjs-node). The files are the standard format: `tf.loadLayersModel` of any TensorFlow.js
// reads them, and the fused LSTM is saved under the stock class name "LSTM".
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { LayersModel, io } from '@tensorflow/tfjs';
import type { TF } from './tf';
import { FUSED_LSTM_CLASS, fusedLstmClass, isFusable } from './fusedLstm';
import { readCheckedFile } from '../regularFile';
import { CoreError, coreText } from '../coreText';
import { memoryAvailable } from '../memoryBudget';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
/** model.json holds a topology and a weights manifest: a few kilobytes. */
const MAX_MODEL_JSON_BYTES = 4 * 1024 * 1024;

/**
 * What a saved model must be, from its own description (meta.json): its layers, each class with the sizes
 * that decide what building it allocates, and the bytes of its weights. Checked before TensorFlow.js builds
 * anything, which allocates every layer's variables from model.json's sizes alone.
 */
export interface ModelExpectation {
  layers: { className: string; config: Record<string, number | number[]> }[];
  weightBytes: number;
}

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/** Renames layer classes in a Sequential/functional topology; `when` filters by layer config. */
function renameLayers(topology: unknown, from: string, to: string, when: (config: Record<string, unknown>) => boolean = () => true): unknown {
  const copy = structuredClone(topology) as { config?: { layers?: LayerJson[] } };
  for (const layer of copy.config?.layers ?? []) {
    if (layer.class_name === from && when(layer.config)) layer.class_name = to;
  }
  return copy;
}

export async function saveLayersModel(tf: TF, model: LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts: io.ModelArtifacts) => {
      const weights = artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
      const modelJson = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        modelTopology: renameLayers(artifacts.modelTopology, FUSED_LSTM_CLASS, 'LSTM'),
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
      };
      await fsp.writeFile(path.join(dir, WEIGHTS_FILE), Buffer.from(weights));
      await fsp.writeFile(path.join(dir, MODEL_FILE), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
}

const sizes = (v: number | number[] | unknown): unknown => (Array.isArray(v) ? v : [v]);

/** Throws an Error naming what of model.json's does not match `expected` (see ModelExpectation). */
function checkModelJson(file: string, json: ModelJson, expected: ModelExpectation): void {
  const layers = (json?.modelTopology as { config?: { layers?: LayerJson[] } } | undefined)?.config?.layers;
  const wanted = expected.layers.map((l) => l.className).join(', ');
  if (!Array.isArray(layers) || layers.map((l) => l?.class_name).join(', ') !== wanted) {
    throw new CoreError(coreText('modelJsonLayers', file, wanted));
  }
  expected.layers.forEach((layer, i) => {
    for (const [key, value] of Object.entries(layer.config)) {
      const found = layers[i].config?.[key];
      if (JSON.stringify(sizes(found)) !== JSON.stringify(sizes(value))) {
        throw new CoreError(coreText('modelJsonLayerSize', file, layer.className, key, JSON.stringify(found) ?? 'undefined', JSON.stringify(value)));
      }
    }
  });
  const groups = Array.isArray(json.weightsManifest) ? json.weightsManifest : [];
  const paths = groups.flatMap((g) => (Array.isArray(g?.paths) ? g.paths : []));
  const specs = groups.flatMap((g) => (Array.isArray(g?.weights) ? g.weights : []));
  const bytes = specs.reduce((sum, w) => sum + (w?.dtype === 'float32' && Array.isArray(w.shape) ? w.shape.reduce((p, n) => p * n, 4) : NaN), 0);
  if (paths.length !== 1 || paths[0] !== `./${WEIGHTS_FILE}` || bytes !== expected.weightBytes) {
    throw new CoreError(coreText('modelJsonWeights', file, expected.weightBytes, WEIGHTS_FILE));
  }
}

/**
 * Loads model.json + weights from `dir`. With `fused` (the default), LSTM layers our fused layer computes
 * identically are loaded as that layer; without, every layer is the stock one. With `expected`, model.json
 * and the weights file are checked against it (sizes, layers, the weights' byte count) before anything is
 * built; every file is read only if it is a regular file of a bounded size.
 */
export async function loadLayersModelFrom(tf: TF, dir: string, fused = true, expected?: ModelExpectation): Promise<LayersModel> {
  const modelFile = path.join(dir, MODEL_FILE);
  const json = JSON.parse(readCheckedFile(modelFile, { maxBytes: MAX_MODEL_JSON_BYTES }).toString('utf8')) as ModelJson;
  if (expected) checkModelJson(modelFile, json, expected);
  const specs: io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const file of group.paths) {
      // Building allocates the weights' variables, and loading copies the file's bytes into them.
      const bytes = readCheckedFile(path.join(dir, path.basename(file)), { exactBytes: expected?.weightBytes, maxBytes: Math.floor(memoryAvailable().total / 3) });
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
  }
  if (fused) fusedLstmClass(tf);
  const topology = fused ? renameLayers(json.modelTopology, 'LSTM', FUSED_LSTM_CLASS, isFusable) : json.modelTopology;
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: topology as object, weightSpecs: specs, weightData: tf.io.CompositeArrayBuffer.join(buffers) }),
  );
}
