// WebAssembly SIMD kernels for the fused LSTM: the module and the scratch memory they work in. V8 does not
// vectorise JS; these run 4 floats per instruction and are 3–10× faster than the best plain-JS loops, which
// matters once sequences are long. Their source is lstmKernels.wat (what each function computes is written
// at its top); `npm run wasm` assembles it into lstmKernelsWasm.ts, so nothing is assembled at run time.
//   gemm(a, aRow, aInner, b, c, rows, inner, n, accumulate): C (+)= A·B or Aᵀ·B (n % 4 = 0)
//   lstmCellForward(z, bias, cPrev, tanhC, cNew, hNew, rows, units): gates, c, tanh c and h of each row
//   lstmCellBackward(gates, tanhC, cPrev, dh, dc, dz, rows, units): the pre-activation gradients, dc·f
import { LSTM_KERNELS_BASE64 } from './lstmKernelsWasm';

// The few WebAssembly globals used here (tsconfig's ES2022 lib has no WebAssembly types).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: unknown };
  validate(bytes: Uint8Array): boolean;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The assembled module's exports. */
interface SimdExports {
  memory: WasmMemory;
  gemm(a: number, aRow: number, aInner: number, b: number, c: number, rows: number, inner: number, n: number, acc: number): void;
  lstmCellForward(z: number, bias: number, cPrev: number, tanhC: number, cNew: number, hNew: number, rows: number, units: number): void;
  lstmCellBackward(gates: number, tanhC: number, cPrev: number, dh: number, dc: number, dz: number, rows: number, units: number): void;
}

/** The kernels' bytes, assembled from lstmKernels.wat by `npm run wasm`. */
export function simdModuleBytes(): Uint8Array {
  return new Uint8Array(Buffer.from(LSTM_KERNELS_BASE64, 'base64'));
}

let compiled: object | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (then the JS loops are used). */
function simdModule(): object | null {
  if (compiled === undefined) {
    try {
      const bytes = simdModuleBytes();
      compiled = wasmApi?.validate(bytes) ? new wasmApi.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * Float32 scratch memory that the SIMD product can work on in place. `reserve` first (growing detaches the
 * memory, so views taken before a grow would go dead), then `take` views; `reset` frees everything at once.
 */
export class Workspace {
  private readonly instance: SimdExports | null;
  private buffer: ArrayBuffer;
  private used = 0;
  private capacity: number;
  /** Bumped by every reset, so a holder of old views can tell they were freed. */
  generation = 0;

  constructor(useSimd = true) {
    const module = useSimd ? simdModule() : null;
    this.instance = module ? (new wasmApi!.Instance(module).exports as unknown as SimdExports) : null;
    this.buffer = this.instance ? this.instance.memory.buffer : new ArrayBuffer(0);
    this.capacity = this.buffer.byteLength / 4;
  }

  get simd(): boolean {
    return this.instance !== null;
  }

  /** Frees every view taken so far and makes room for `floats` more. */
  reset(floats: number): void {
    this.used = 0;
    this.generation++;
    if (floats <= this.capacity) return;
    if (this.instance) {
      const pages = Math.ceil((floats * 4 - this.buffer.byteLength) / 65536);
      this.instance.memory.grow(pages);
      this.buffer = this.instance.memory.buffer;
    } else {
      this.buffer = new ArrayBuffer(floats * 4);
    }
    this.capacity = this.buffer.byteLength / 4;
  }

  /** A view of `floats` floats from the reserved room: zeroed if asked, else holding whatever was there. */
  take(floats: number, zeroed = false): Float32Array {
    if (this.used + floats > this.capacity) throw new Error(`Workspace: ${floats} floats asked, reserve more first`);
    const view = new Float32Array(this.buffer, this.used * 4, floats);
    if (zeroed) view.fill(0);
    // Keep every view 16-byte aligned for v128 loads.
    this.used += (floats + 3) & ~3;
    return view;
  }

  /** C (+)= A·B (A m×k, B k×n) when all three are views of this workspace and n % 4 = 0; false otherwise. */
  gemm(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate: boolean): boolean {
    if (!this.owns(a, b, c) || n % 4 !== 0) return false;
    this.instance!.gemm(a.byteOffset, k, 1, b.byteOffset, c.byteOffset, m, k, n, accumulate ? 1 : 0);
    return true;
  }

  /** C += Aᵀ·B (A m×k, B m×n, C k×n), same conditions as `gemm`. */
  gemmTransA(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number): boolean {
    if (!this.owns(a, b, c) || n % 4 !== 0) return false;
    this.instance!.gemm(a.byteOffset, 1, k, b.byteOffset, c.byteOffset, k, m, n, 1);
    return true;
  }

  /** The forward LSTM cell over `rows` packed rows (see the header); false when it cannot run here. */
  lstmCellForward(z: Float32Array, bias: Float32Array, cPrev: Float32Array, tanhC: Float32Array, cNew: Float32Array, hNew: Float32Array, rows: number, units: number): boolean {
    if (!this.owns(z, bias, cPrev, tanhC, cNew, hNew) || units % 4 !== 0) return false;
    this.instance!.lstmCellForward(z.byteOffset, bias.byteOffset, cPrev.byteOffset, tanhC.byteOffset, cNew.byteOffset, hNew.byteOffset, rows, units);
    return true;
  }

  /** The backward LSTM cell over `rows` packed rows (see the header); false when it cannot run here. */
  lstmCellBackward(gates: Float32Array, tanhC: Float32Array, cPrev: Float32Array, dh: Float32Array, dc: Float32Array, dz: Float32Array, rows: number, units: number): boolean {
    if (!this.owns(gates, tanhC, cPrev, dh, dc, dz) || units % 4 !== 0) return false;
    this.instance!.lstmCellBackward(gates.byteOffset, tanhC.byteOffset, cPrev.byteOffset, dh.byteOffset, dc.byteOffset, dz.byteOffset, rows, units);
    return true;
  }

  private owns(...views: Float32Array[]): boolean {
    return this.instance !== null && views.every((v) => v.buffer === this.buffer);
  }
}
