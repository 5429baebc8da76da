// A TensorFlow.js layers model as files in a folder — model.json (topology + weights manifest) and
// weights.bin — written and read through tf.io handlers of our own (tfjs-node's file:// handler is not
// available without tfjs-node). The files are the standard format: `tf.loadLayersModel` of any TensorFlow.js
// reads them, and the fused LSTM is saved under the stock class name "LSTM".
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { LayersModel, io } from '@tensorflow/tfjs';
import type { TF } from './tf';
import { FUSED_LSTM_CLASS, fusedLstmClass, isFusable } from './fusedLstm';
import { MODEL_FILE, WEIGHTS_FILE, readLayersModelFiles, type LayerJson, type LayersModelFiles, type ModelExpectation } from './savedModel';

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

/**
 * Loads model.json + weights from `dir`. With `fused` (the default), LSTM layers our fused layer computes
 * identically are loaded as that layer; without, every layer is the stock one. With `expected`, model.json
 * and the weights file are checked against it before anything is built (savedModel.ts).
 */
export async function loadLayersModelFrom(tf: TF, dir: string, fused = true, expected?: ModelExpectation): Promise<LayersModel> {
  return layersModelOf(tf, readLayersModelFiles(dir, expected), fused);
}

/** The model of files already read (and checked) by savedModel.ts; `fused` as for loadLayersModelFrom. */
export async function layersModelOf(tf: TF, files: LayersModelFiles, fused = true): Promise<LayersModel> {
  const { json, weights } = files;
  const specs = json.weightsManifest.flatMap((group) => group.weights);
  const buffers = weights.map((bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  if (fused) fusedLstmClass(tf);
  const topology = fused ? renameLayers(json.modelTopology, 'LSTM', FUSED_LSTM_CLASS, isFusable) : json.modelTopology;
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: topology as object, weightSpecs: specs, weightData: tf.io.CompositeArrayBuffer.join(buffers) }),
  );
}
