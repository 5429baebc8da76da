// The whole LSTM over a batch of sequences, forward and backward, over typed arrays in one call each.
// Stock TensorFlow.js runs an LSTM as about a dozen tensor ops per time step (and as many again for the
// gradient); this does the same arithmetic with no per-op overhead, and skips masked (padded) steps entirely.
// Rows active at a step are packed together, so each step is one matrix product plus one elementwise cell,
// both in WebAssembly SIMD (wasmSimd.ts) with plain-JS twins for where SIMD is missing.
//
// Semantics are Keras' / tfjs-layers' LSTM exactly: gates in the order i, f, c, o; kernel D×4H, recurrent
// kernel H×4H, bias 4H; sigmoid gates, tanh cell; dropout masks fixed over time and shared by the four gates
// (tfjs always runs `implementation 2`); a masked step carries h and c over unchanged.
import { gemm, gemmTransA } from './gemm';
import { Workspace } from './wasmSimd';

export interface LstmParams {
  /** D×4H */
  kernel: Float32Array;
  /** H×4H */
  recurrentKernel: Float32Array;
  /** 4H, or null without bias */
  bias: Float32Array | null;
  inputDim: number;
  units: number;
}

export interface LstmInput {
  /** B×T×D */
  x: Float32Array;
  batch: number;
  steps: number;
  /** B×T, 0 where the step is padding (skipped, state carried over). */
  mask?: Uint8Array | null;
  /** B×D inverted-dropout factors for the input (0 or 1/(1−rate)), or null. */
  inputKeep?: Float32Array | null;
  /** B×H inverted-dropout factors for the recurrent state, or null. */
  recurrentKeep?: Float32Array | null;
}

/**
 * What the backward pass needs from the forward pass, packed by active row (row r of step t is offsets[t] + r).
 * Its arrays live in the workspace and are valid until the workspace's next reset.
 */
export interface LstmTrace {
  workspace: Workspace;
  generation: number;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  rows: Int32Array[];
  offsets: Int32Array;
  total: number;
  /** total×D: the (dropped-out) inputs of active rows. */
  xs: Float32Array;
  /** total×H: the (dropped-out) previous h of active rows. */
  hPrev: Float32Array;
  /** total×H */
  cPrev: Float32Array;
  /** total×4H: gate activations i, f, g, o. */
  gates: Float32Array;
  /** total×H: tanh of the new cell state. */
  tanhC: Float32Array;
}

export interface LstmGradients {
  dx: Float32Array;
  dKernel: Float32Array;
  dRecurrentKernel: Float32Array;
  dBias: Float32Array | null;
}

// tanh as a rational function (Eigen's float tanh: |error| < 3e-7 against Math.tanh, well under float32 noise),
// about 3× faster than Math.tanh/Math.exp here; sigmoid(x) = (1 + tanh(x/2)) / 2.
const TANH_CLAMP = 7.99881172180175781;

function tanh(x: number): number {
  if (x > TANH_CLAMP) x = TANH_CLAMP;
  else if (x < -TANH_CLAMP) x = -TANH_CLAMP;
  const x2 = x * x;
  let p = -2.76076847742355e-16;
  p = p * x2 + 2.00018790482477e-13;
  p = p * x2 - 8.60467152213735e-11;
  p = p * x2 + 5.12229709037114e-8;
  p = p * x2 + 1.48572235717979e-5;
  p = p * x2 + 6.37261928875436e-4;
  p = p * x2 + 4.89352455891786e-3;
  let q = 1.19825839466702e-6;
  q = q * x2 + 1.18534705686654e-4;
  q = q * x2 + 2.268434632439e-3;
  q = q * x2 + 4.89352518554385e-3;
  return (x * p) / q;
}

function sigmoid(x: number): number {
  return 0.5 + 0.5 * tanh(0.5 * x);
}

/** JS twin of the SIMD forward cell (wasmSimd.ts): z becomes the gates; c, tanh c and h of each row. */
function cellForward(z: Float32Array, bias: Float32Array, cPrev: Float32Array, tanhC: Float32Array, cNew: Float32Array, hNew: Float32Array, rows: number, H: number): void {
  const G = 4 * H;
  for (let r = 0; r < rows; r++) {
    const zr = r * G;
    const hr = r * H;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(z[zr + j] + bias[j]);
      const f = sigmoid(z[zr + H + j] + bias[H + j]);
      const g = tanh(z[zr + 2 * H + j] + bias[2 * H + j]);
      const o = sigmoid(z[zr + 3 * H + j] + bias[3 * H + j]);
      const c = f * cPrev[hr + j] + i * g;
      const tc = tanh(c);
      z[zr + j] = i;
      z[zr + H + j] = f;
      z[zr + 2 * H + j] = g;
      z[zr + 3 * H + j] = o;
      tanhC[hr + j] = tc;
      cNew[hr + j] = c;
      hNew[hr + j] = o * tc;
    }
  }
}

/** JS twin of the SIMD backward cell: dz of each row, and dc turned into the previous cell state's gradient. */
function cellBackward(gates: Float32Array, tanhC: Float32Array, cPrev: Float32Array, dh: Float32Array, dc: Float32Array, dz: Float32Array, rows: number, H: number): void {
  const G = 4 * H;
  for (let r = 0; r < rows; r++) {
    const gr = r * G;
    const hr = r * H;
    for (let j = 0; j < H; j++) {
      const i = gates[gr + j];
      const f = gates[gr + H + j];
      const g = gates[gr + 2 * H + j];
      const o = gates[gr + 3 * H + j];
      const tc = tanhC[hr + j];
      const dhv = dh[hr + j];
      const dcv = dc[hr + j] + dhv * o * (1 - tc * tc);
      dc[hr + j] = dcv * f;
      dz[gr + j] = dcv * g * i * (1 - i);
      dz[gr + H + j] = dcv * cPrev[hr + j] * f * (1 - f);
      dz[gr + 2 * H + j] = dcv * i * (1 - g * g);
      dz[gr + 3 * H + j] = dhv * tc * o * (1 - o);
    }
  }
}

function activeRows(input: LstmInput): { rows: Int32Array[]; offsets: Int32Array; total: number } {
  const { batch, steps, mask } = input;
  const rows: Int32Array[] = [];
  const offsets = new Int32Array(steps + 1);
  const all = Int32Array.from({ length: batch }, (_, b) => b);
  let total = 0;
  for (let t = 0; t < steps; t++) {
    let active = all;
    if (mask) {
      let n = 0;
      for (let b = 0; b < batch; b++) if (mask[b * steps + t]) n++;
      if (n < batch) {
        active = new Int32Array(n);
        n = 0;
        for (let b = 0; b < batch; b++) if (mask[b * steps + t]) active[n++] = b;
      }
    }
    rows.push(active);
    offsets[t] = total;
    total += active.length;
  }
  offsets[steps] = total;
  return { rows, offsets, total };
}

/**
 * Runs the LSTM; returns the last h (B×H, a fresh array) and the trace the backward pass needs. With
 * `forBackward` false (inference) no room is kept for the backward pass, and the trace must not be used.
 */
export function lstmForward(
  p: LstmParams,
  input: LstmInput,
  ws: Workspace = new Workspace(),
  forBackward = true,
): { h: Float32Array; trace: LstmTrace } {
  const { x, batch, steps, inputKeep, recurrentKeep } = input;
  const D = p.inputDim;
  const H = p.units;
  const G = 4 * H;
  const { rows, offsets, total } = activeRows(input);
  // Room for this pass and the backward one, reserved up front: growing later would free the trace.
  const forwardFloats = 2 * D * G + 2 * H * G + total * (D + 3 * H + G) + 4 * batch * H + G;
  const backwardFloats = 5 * batch * H + total * (G + D + 1) + 2 * H * G + 2 * D * G + 2 * G;
  ws.reset(forwardFloats + (forBackward ? backwardFloats : 0) + 4 * 32);
  const kernel = ws.take(D * G);
  kernel.set(p.kernel);
  const recurrentKernel = ws.take(H * G);
  recurrentKernel.set(p.recurrentKernel);
  const xs = ws.take(total * D);
  const hPrev = ws.take(total * H);
  const cPrev = ws.take(total * H);
  const gates = ws.take(total * G);
  const tanhC = ws.take(total * H);
  const h = ws.take(batch * H, true);
  const c = ws.take(batch * H, true);
  const cNew = ws.take(batch * H);
  const hNew = ws.take(batch * H);
  const bias = ws.take(G, true);
  if (p.bias) bias.set(p.bias);

  // The inputs do not depend on the state: gather them (packed by step) and project them all in one product.
  for (let t = 0; t < steps; t++) {
    const active = rows[t];
    const off = offsets[t];
    for (let r = 0; r < active.length; r++) {
      const b = active[r];
      const xSrc = (b * steps + t) * D;
      const xDst = (off + r) * D;
      if (inputKeep) for (let k = 0; k < D; k++) xs[xDst + k] = x[xSrc + k] * inputKeep[b * D + k];
      else for (let k = 0; k < D; k++) xs[xDst + k] = x[xSrc + k];
    }
  }
  if (!ws.gemm(xs, kernel, gates, total, D, G, false)) gemm(xs, kernel, gates, total, D, G, false);

  for (let t = 0; t < steps; t++) {
    const active = rows[t];
    const n = active.length;
    if (n === 0) continue;
    const off = offsets[t];
    for (let r = 0; r < n; r++) {
      const b = active[r];
      const hDst = (off + r) * H;
      const hSrc = b * H;
      if (recurrentKeep) for (let k = 0; k < H; k++) hPrev[hDst + k] = h[hSrc + k] * recurrentKeep[hSrc + k];
      else for (let k = 0; k < H; k++) hPrev[hDst + k] = h[hSrc + k];
      for (let k = 0; k < H; k++) cPrev[hDst + k] = c[hSrc + k];
    }
    const z = gates.subarray(off * G, (off + n) * G);
    const hStep = hPrev.subarray(off * H, (off + n) * H);
    if (!ws.gemm(hStep, recurrentKernel, z, n, H, G, true)) gemm(hStep, recurrentKernel, z, n, H, G, true);
    const cStep = cPrev.subarray(off * H, (off + n) * H);
    const tcStep = tanhC.subarray(off * H, (off + n) * H);
    if (!ws.lstmCellForward(z, bias, cStep, tcStep, cNew, hNew, n, H)) cellForward(z, bias, cStep, tcStep, cNew, hNew, n, H);
    for (let r = 0; r < n; r++) {
      const src = r * H;
      const dst = active[r] * H;
      for (let j = 0; j < H; j++) {
        c[dst + j] = cNew[src + j];
        h[dst + j] = hNew[src + j];
      }
    }
  }
  const trace: LstmTrace = {
    workspace: ws,
    generation: ws.generation,
    kernel,
    recurrentKernel,
    rows,
    offsets,
    total,
    xs,
    hPrev,
    cPrev,
    gates,
    tanhC,
  };
  return { h: h.slice(), trace };
}

/** Gradients of the loss with respect to x and the weights (fresh arrays), given dL/dh of the last step. */
export function lstmBackward(p: LstmParams, input: LstmInput, trace: LstmTrace, dhLast: Float32Array): LstmGradients {
  const { batch, steps, inputKeep, recurrentKeep } = input;
  const D = p.inputDim;
  const H = p.units;
  const G = 4 * H;
  const { workspace: ws, rows, offsets, total, xs, hPrev, cPrev, gates, tanhC } = trace;
  if (ws.generation !== trace.generation) throw new Error('LSTM backward: the forward trace was overwritten by another forward pass');
  const dh = ws.take(batch * H);
  dh.set(dhLast);
  const dc = ws.take(batch * H, true);
  const dhRows = ws.take(batch * H);
  const dcRows = ws.take(batch * H);
  const dz = ws.take(total * G);
  const dhPrev = ws.take(batch * H);
  const dRecurrentKernel = ws.take(H * G, true);
  const recurrentT = transposeInto(trace.recurrentKernel, H, G, ws.take(G * H));

  for (let t = steps - 1; t >= 0; t--) {
    const active = rows[t];
    const n = active.length;
    if (n === 0) continue;
    const off = offsets[t];
    for (let r = 0; r < n; r++) {
      const src = active[r] * H;
      const dst = r * H;
      for (let j = 0; j < H; j++) {
        dhRows[dst + j] = dh[src + j];
        dcRows[dst + j] = dc[src + j];
      }
    }
    const gStep = gates.subarray(off * G, (off + n) * G);
    const tcStep = tanhC.subarray(off * H, (off + n) * H);
    const cStep = cPrev.subarray(off * H, (off + n) * H);
    const dzStep = dz.subarray(off * G, (off + n) * G);
    if (!ws.lstmCellBackward(gStep, tcStep, cStep, dhRows, dcRows, dzStep, n, H)) cellBackward(gStep, tcStep, cStep, dhRows, dcRows, dzStep, n, H);
    for (let r = 0; r < n; r++) {
      const src = r * H;
      const dst = active[r] * H;
      for (let j = 0; j < H; j++) dc[dst + j] = dcRows[src + j];
    }
    const hStep = hPrev.subarray(off * H, (off + n) * H);
    if (!ws.gemm(dzStep, recurrentT, dhPrev, n, G, H, false)) gemm(dzStep, recurrentT, dhPrev, n, G, H, false);
    if (!ws.gemmTransA(hStep, dzStep, dRecurrentKernel, n, H, G)) gemmTransA(hStep, dzStep, dRecurrentKernel, n, H, G);
    for (let r = 0; r < n; r++) {
      const b = active[r];
      for (let j = 0; j < H; j++) {
        const keep = recurrentKeep ? recurrentKeep[b * H + j] : 1;
        dh[b * H + j] = dhPrev[r * H + j] * keep;
      }
    }
  }

  const dKernel = ws.take(D * G, true);
  if (!ws.gemmTransA(xs, dz, dKernel, total, D, G)) gemmTransA(xs, dz, dKernel, total, D, G);
  let dBias: Float32Array | null = null;
  if (p.bias) {
    // Σ over rows of dz, as the product ones(1×total)·dz.
    const ones = ws.take(total);
    ones.fill(1);
    const sum = ws.take(G);
    if (!ws.gemm(ones, dz, sum, 1, total, G, false)) gemm(ones, dz, sum, 1, total, G, false);
    dBias = sum.slice();
  }
  const kernelT = transposeInto(trace.kernel, D, G, ws.take(G * D));
  const dxs = ws.take(total * D);
  // D (the embedding size) need not be a multiple of 4: the JS product covers that case.
  if (!ws.gemm(dz, kernelT, dxs, total, G, D, false)) gemm(dz, kernelT, dxs, total, G, D, false);
  const dx = new Float32Array(batch * steps * D);
  for (let t = 0; t < steps; t++) {
    const active = rows[t];
    const off = offsets[t];
    for (let r = 0; r < active.length; r++) {
      const b = active[r];
      const dst = (b * steps + t) * D;
      const src = (off + r) * D;
      for (let k = 0; k < D; k++) dx[dst + k] = dxs[src + k] * (inputKeep ? inputKeep[b * D + k] : 1);
    }
  }
  return { dx, dKernel: dKernel.slice(), dRecurrentKernel: dRecurrentKernel.slice(), dBias };
}

/** Bᵀ of a K×N matrix, written into `out` (N×K). */
function transposeInto(b: Float32Array, k: number, n: number, out: Float32Array): Float32Array {
  for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) out[j * k + p] = b[p * n + j];
  return out;
}
