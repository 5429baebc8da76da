// Fast kernels for the two gradients our models need and the fallback backends do badly:
//  - UnsortedSegmentSum: the gradient of the Embedding lookup (gather). tfjs-backend-wasm 4.22 has no kernel
//    for it (training fails on the first batch); tfjs-backend-cpu builds one masked sum per vocabulary entry,
//    which is O(vocabulary × batch) tensor ops: about a minute per batch for a 10,000-word vocabulary.
//  - Conv2DBackpropFilter: the filter gradient of Conv1D (tfjs runs conv1d as a conv2d of height 1). Missing in
//    wasm; the cpu one reads every element through TensorBuffer.get and is minutes per batch.
// Both are plain loops over typed arrays, written to the backend with `backend.write`, which the cpu and wasm
// backends both implement.
import type { KernelConfig, KernelFunc, TensorInfo, backend_util as BackendUtil } from '@tensorflow/tfjs';
import type { TF } from './tf';
import { gemmTransA } from './gemm';
import { Workspace } from './wasmSimd';

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
  const filterSize = filterHeight * filterWidth * inChannels * outChannels;
  // With stride 1 along the width, the inputs under one filter column are contiguous rows, so each
  // (image row, filter tap) is one product dW[tap] += X[rows]ᵀ · dY[rows] for the SIMD matrix product.
  const ws = strideWidth === 1 ? kernelWorkspace() : undefined;
  let xv: ArrayLike<number> = xs;
  let dyv: ArrayLike<number> = dys;
  let dW: Float32Array;
  if (ws) {
    ws.reset(xs.length + dys.length + filterSize + 12);
    const xw = ws.take(xs.length);
    xw.set(xs);
    const dyw = ws.take(dys.length);
    dyw.set(dys);
    xv = xw;
    dyv = dyw;
    dW = ws.take(filterSize, true);
  } else {
    dW = new Float32Array(filterSize);
  }
  for (let n = 0; n < batchSize; n++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let wR = 0; wR < filterHeight; wR++) {
        const xR = yR * strideHeight + wR - top;
        if (xR < 0 || xR >= inHeight) continue;
        for (let wC = 0; wC < filterWidth; wC++) {
          const tap = (wR * filterWidth + wC) * inChannels * outChannels;
          if (ws) {
            // Output columns whose input column xC = yC + wC − left lies inside the image.
            const yC0 = Math.max(0, left - wC);
            const yC1 = Math.min(outWidth, inWidth + left - wC);
            if (yC1 <= yC0) continue;
            const xRow = (n * inHeight + xR) * inWidth + yC0 + wC - left;
            const dyRow = (n * outHeight + yR) * outWidth + yC0;
            const rows = yC1 - yC0;
            const xs2 = (xv as Float32Array).subarray(xRow * inChannels, (xRow + rows) * inChannels);
            const dys2 = (dyv as Float32Array).subarray(dyRow * outChannels, (dyRow + rows) * outChannels);
            const dWTap = dW.subarray(tap, tap + inChannels * outChannels);
            if (!ws.gemmTransA(xs2, dys2, dWTap, rows, inChannels, outChannels)) gemmTransA(xs2, dys2, dWTap, rows, inChannels, outChannels);
            continue;
          }
          for (let yC = 0; yC < outWidth; yC++) {
            const xC = yC * strideWidth + wC - left;
            if (xC < 0 || xC >= inWidth) continue;
            const dyBase = ((n * outHeight + yR) * outWidth + yC) * outChannels;
            const xBase = ((n * inHeight + xR) * inWidth + xC) * inChannels;
            for (let i = 0; i < inChannels; i++) {
              const xi = xv[xBase + i];
              if (xi === 0) continue;
              const row = tap + i * outChannels;
              for (let o = 0; o < outChannels; o++) dW[row + o] += xi * dyv[dyBase + o];
            }
          }
        }
      }
    }
  }
  return output(b, dW.slice(), [filterHeight, filterWidth, inChannels, outChannels], 'float32');
}

let workspace: Workspace | undefined;

/** Scratch memory for the kernels' SIMD products (one kernel runs at a time). */
function kernelWorkspace(): Workspace {
  workspace ??= new Workspace();
  return workspace;
}

function toChannelsLast(values: ArrayLike<number>, batch: number, channels: number, spatial: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let n = 0; n < batch; n++)
    for (let c = 0; c < channels; c++)
      for (let s = 0; s < spatial; s++) out[(n * spatial + s) * channels + c] = values[(n * channels + c) * spatial + s];
  return out;
}
