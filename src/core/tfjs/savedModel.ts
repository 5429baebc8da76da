// What a saved lstm/cnn folder must hold, checked against its meta.json before a byte of it is used: loading
// (tfClassifier.ts, modelFiles.ts) and the Keras export (keras/export.ts, which copies the files) read it only
// through here. Every file is read only if it is a regular file of a bounded (or exact) size, so a FIFO or a
// link to /dev/zero is refused at once; model.json must hold meta.json's layers and sizes, since TensorFlow.js
// allocates every layer's variables from model.json alone. No TensorFlow.js here: the export runs without it.
import * as path from 'node:path';
import type { io } from '@tensorflow/tfjs';
import { memoryAvailable } from '../memoryBudget';
import { MODEL_REGISTRY } from '../modelKinds';
import { CoreError, coreText } from '../coreText';
import { readCheckedFile } from '../regularFile';
import { Vocabulary } from '../text';
import type { Architecture } from './networks';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const VOCAB_FILE = 'vocab.json';
/** model.json holds a topology and a weights manifest: a few kilobytes. */
const MAX_MODEL_JSON_BYTES = 4 * 1024 * 1024;
/** vocab.json's bytes per word at most (a word and its JSON quoting): bounds the read by the vocabulary's size. */
const MAX_VOCAB_BYTES_PER_WORD = 4096;

/**
 * What a saved model must be, from its own description (meta.json): its layers, each class with the sizes
 * that decide what building it allocates, and the bytes of its weights.
 */
export interface ModelExpectation {
  layers: { className: string; config: Record<string, number | number[]> }[];
  weightBytes: number;
}

export interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

export interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
}

/** model.json, parsed and as read, with the weight files its manifest names (read only when checked against an expectation, or bounded by memory). */
export interface LayersModelFiles {
  json: ModelJson;
  modelBytes: Buffer;
  weights: Buffer[];
}

/** A saved lstm/cnn model's files, checked against its architecture. */
export interface TfModelFiles extends LayersModelFiles {
  vocab: Vocabulary;
  vocabBytes: Buffer;
}

/** The sizes meta.json gives, checked to be whole numbers in range before any of them sizes an allocation. */
export function checkArchitecture(dir: string, arch: Architecture): void {
  const sizes: [keyof Architecture, number][] = [
    ['vocabSize', 2],
    ['classes', 2],
    ['maxLength', 1],
    ['embeddingDim', 1],
  ];
  if (arch.kind === 'lstm') sizes.push(['units', 1]);
  else sizes.push(['filters', 1], ['kernelSize', 1]);
  for (const [key, min] of sizes) {
    const v = arch[key];
    if (!Number.isSafeInteger(v) || (v as number) < min) throw new CoreError(coreText('tfjsBadSize', dir, key, JSON.stringify(v) ?? 'undefined'));
  }
}

/** The layers and weight bytes the architecture makes (the registry's parameter count, 4 bytes each). */
export function expectedModel(arch: Architecture): ModelExpectation {
  const params = MODEL_REGISTRY[arch.kind].estimate(arch).reduce((sum, layer) => sum + layer.params, 0);
  const embedding = { className: 'Embedding', config: { input_dim: arch.vocabSize, output_dim: arch.embeddingDim } };
  const dense = { className: 'Dense', config: { units: arch.classes } };
  const layers: ModelExpectation['layers'] =
    arch.kind === 'lstm'
      ? [embedding, { className: 'LSTM', config: { units: arch.units } }, dense]
      : [embedding, { className: 'Conv1D', config: { filters: arch.filters, kernel_size: [arch.kernelSize] } }, { className: 'GlobalMaxPooling1D', config: {} }, dense];
  return { layers, weightBytes: 4 * params };
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
 * model.json and the weight files of the layers model in `dir`. With `expected`, model.json is checked against
 * it (layers, sizes, the weights' byte count) before any weight file is read, and that file must have exactly
 * those bytes; without, the weights are bounded by the memory there is (they are copied into the model).
 */
export function readLayersModelFiles(dir: string, expected?: ModelExpectation): LayersModelFiles {
  const modelFile = path.join(dir, MODEL_FILE);
  const modelBytes = readCheckedFile(modelFile, { maxBytes: MAX_MODEL_JSON_BYTES });
  const json = JSON.parse(modelBytes.toString('utf8')) as ModelJson;
  if (expected) checkModelJson(modelFile, json, expected);
  const weights = json.weightsManifest.flatMap((group) =>
    group.paths.map((file) => readCheckedFile(path.join(dir, path.basename(file)), { exactBytes: expected?.weightBytes, maxBytes: Math.floor(memoryAvailable().total / 3) })),
  );
  return { json, modelBytes, weights };
}

/** Every file of the lstm/cnn model saved in `dir` whose meta.json describes `arch`, checked as loading checks them. */
export function readTfModelFiles(dir: string, arch: Architecture): TfModelFiles {
  checkArchitecture(dir, arch);
  const vocabFile = path.join(dir, VOCAB_FILE);
  const vocabBytes = readCheckedFile(vocabFile, { maxBytes: MAX_VOCAB_BYTES_PER_WORD * arch.vocabSize });
  const vocab = Vocabulary.fromJSON(JSON.parse(vocabBytes.toString('utf8')));
  if (vocab.size !== arch.vocabSize) throw new CoreError(coreText('vocabularySize', vocabFile, vocab.size, arch.vocabSize));
  return { ...readLayersModelFiles(dir, expectedModel(arch)), vocab, vocabBytes };
}
