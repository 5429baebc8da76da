// Fast kernels for the two gradients our models need and the fallback backends do badly:
//  - UnsortedSegmentSum: the gradient of the Embedding lookup (gather). tfjs-backend-wasm 4.22 has no kernel
//    for it (training fails on the first batch); tfjs-backend-cpu builds one masked sum per vocabulary entry,
//    which is O(vocabulary × batch) tensor ops: about a minute per batch for a 10,000-word vocabulary.
//  - Conv2DBackpropFilter: the filter gradient of Conv1D (tfjs runs conv1d as a conv2d of height 1). Missing in
//    wasm; the cpu one reads every element through TensorBuffer.get and is minutes per batch.
// Both are plain loops over typed arrays, written to the backend with `backend.write`, which the cpu and wasm
// backends both implement.
import type { KernelConfig, KernelFunc, TensorInfo, backend_util as BackendUtil } from '@tensorflow/tfjs';
import type { TF } from '../backend';

/** The part of a tfjs backend these kernels use (MathBackendCPU and BackendWasm both have it). */
interface ArrayBackend {
  readSync(dataId: object): ArrayLike<number>;
  write(values: Float32Array | Int32Array, shape: number[], dtype: string): object;
}

type KernelArgs = Parameters<KernelFunc>[0];

const BACKENDS = ['wasm', 'cpu'] as const;
const KERNELS = ['UnsortedSegmentSum', 'Conv2DBackpropFilter'] as const;

/** The stock kernels we replaced, kept so tests can compare against them. */
const replaced = new Map<string, KernelConfig>();
const registeredIn = new WeakSet<object>();

export function registerFastKernels(tf: TF): void {
  if (registeredIn.has(tf)) return;
  registeredIn.add(tf);
  const funcs: Record<(typeof KERNELS)[number], KernelFunc> = {
    UnsortedSegmentSum: unsortedSegmentSum as unknown as KernelFunc,
    Conv2DBackpropFilter: ((args: KernelArgs) => conv2DBackpropFilter(tf, args)) as unknown as KernelFunc,
  };
  for (const backendName of BACKENDS) {
    for (const kernelName of KERNELS) {
      const stock = tf.getKernel(kernelName, backendName);
      if (stock) {
        replaced.set(`${kernelName}/${backendName}`, stock);
        tf.unregisterKernel(kernelName, backendName);
      }
      tf.registerKernel({ kernelName, backendName, kernelFunc: funcs[kernelName] });
    }
  }
}

/** The stock kernel that `registerFastKernels` replaced on `backendName`, if the backend had one. */
export function stockKernel(kernelName: (typeof KERNELS)[number], backendName: string): KernelConfig | undefined {
  return replaced.get(`${kernelName}/${backendName}`);
}

function output(backend: ArrayBackend, values: Float32Array | Int32Array, shape: number[], dtype: string): TensorInfo {
  return { dataId: backend.write(values, shape, dtype), shape, dtype: dtype as TensorInfo['dtype'] };
}

/** out[segmentIds[i], ...] += x[i, ...]; ids outside [0, numSegments) are dropped, as in TensorFlow. */
export function unsortedSegmentSum({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const b = backend as unknown as ArrayBackend;
  const xs = b.readSync(x.dataId);
  const ids = b.readSync(segmentIds.dataId);
  const rows = ids.length;
  const inner = rows === 0 ? 0 : xs.length / rows;
  const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  for (let i = 0; i < rows; i++) {
    const seg = ids[i];
    if (seg < 0 || seg >= numSegments) continue;
    const src = i * inner;
    const dst = seg * inner;
    for (let j = 0; j < inner; j++) out[dst + j] += xs[src + j];
  }
  return output(b, out, shape, x.dtype);
}

interface Conv2DBackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | BackendUtil.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** dW[r, c, i, o] = Σ_b,y x[b, y·s + r − pad, i] · dy[b, y, o], looping so the innermost index is contiguous. */
export function conv2DBackpropFilter(tf: TF, { inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
  const b = backend as unknown as ArrayBackend;
  let xs = b.readSync(x.dataId);
  let dys = b.readSync(dy.dataId);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  if (info.dataFormat === 'channelsFirst') {
    xs = toChannelsLast(xs, batchSize, inChannels, inHeight * inWidth);
    dys = toChannelsLast(dys, batchSize, outChannels, outHeight * outWidth);
  }
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dW = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let n = 0; n < batchSize; n++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let wR = 0; wR < filterHeight; wR++) {
        const xR = yR * strideHeight + wR - top;
        if (xR < 0 || xR >= inHeight) continue;
        for (let yC = 0; yC < outWidth; yC++) {
          const dyBase = ((n * outHeight + yR) * outWidth + yC) * outChannels;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = yC * strideWidth + wC - left;
            if (xC < 0 || xC >= inWidth) continue;
            const xBase = ((n * inHeight + xR) * inWidth + xC) * inChannels;
            const wBase = (wR * filterWidth + wC) * inChannels * outChannels;
            for (let i = 0; i < inChannels; i++) {
              const xv = xs[xBase + i];
              if (xv === 0) continue;
              const row = wBase + i * outChannels;
              for (let o = 0; o < outChannels; o++) dW[row + o] += xv * dys[dyBase + o];
            }
          }
        }
      }
    }
  }
  return output(b, dW, [filterHeight, filterWidth, inChannels, outChannels], 'float32');
}

function toChannelsLast(values: ArrayLike<number>, batch: number, channels: number, spatial: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let n = 0; n < batch; n++)
    for (let c = 0; c < channels; c++)
      for (let s = 0; s < spatial; s++) out[(n * spatial + s) * channels + c] = values[(n * channels + c) * spatial + s];
  return out;
}
