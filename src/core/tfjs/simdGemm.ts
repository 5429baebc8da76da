// A WebAssembly SIMD matrix product for the fused LSTM, assembled here from a few dozen opcodes, so no
// binary blob or build step is needed. It is 3–6× faster than the best plain-JS loop (V8 does not vectorise
// JS), which matters for long sequences where the LSTM's three products per step dominate.
//
// The one function, in WAT terms:
//   (func $gemm (param $a $aRow $aInner $b $c $rows $inner $n $accumulate i32)
//     for i < rows:  for each 16- (then 4-) column block j of C's row i:
//       acc = accumulate ? C[i, j..] : 0
//       for q < inner:  acc += splat(A[i·aRow + q·aInner]) · B[q, j..]
//       C[i, j..] = acc)
// which is C (+)= A·B with aRow = K, aInner = 1, and C (+)= Aᵀ·B with aRow = 1, aInner = K. All pointers are
// byte offsets into the module's own memory; n must be a multiple of 4.

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
interface GemmExports {
  memory: WasmMemory;
  gemm(a: number, aRow: number, aInner: number, b: number, c: number, rows: number, inner: number, n: number, acc: number): void;
}

const I32 = 0x7f;
const V128 = 0x7b;

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
}

// Opcodes.
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32 = (v: number) => [0x41, ...sleb(v)];
const ADD = 0x6a;
const MUL = 0x6c;
const GE_S = 0x4e;
const GT_S = 0x4a;
const block = (...body: number[][]) => [0x02, 0x40, ...body.flat(), 0x0b];
const loop = (...body: number[][]) => [0x03, 0x40, ...body.flat(), 0x0b];
const ifElse = (then: number[], otherwise: number[]) => [0x04, 0x40, ...then, 0x05, ...otherwise, 0x0b];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const br = (depth: number) => [0x0c, ...uleb(depth)];
const f32Load = [0x2a, 0x02, 0x00];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const v128Load = (offset: number) => simd(0x00, 0x04, ...uleb(offset));
const v128Store = (offset: number) => simd(0x0b, 0x04, ...uleb(offset));
const v128Zero = simd(0x0c, ...new Array<number>(16).fill(0));
const F32X4_SPLAT = simd(0x13);
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);

// Parameters and locals.
const A = 0, A_ROW = 1, A_INNER = 2, B = 3, C = 4, ROWS = 5, INNER = 6, N = 7, ACC = 8;
const I = 9, J = 10, Q = 11, AP = 12, BP = 13, CP = 14, A_INNER_BYTES = 15, N_BYTES = 16;
const AV = 17, ACC0 = 18; // v128 locals: AV, ACC0..ACC3

/** acc_k = acc_k + av · B[bp + 16k] for `width` accumulators. */
function fma(width: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < width; k++) {
    out.push(...get(ACC0 + k), ...get(AV), ...get(BP), ...v128Load(16 * k), ...F32X4_MUL, ...F32X4_ADD, ...set(ACC0 + k));
  }
  return out;
}

/** One column block of `width` × 4 floats at column J of row I; returns with J advanced. */
function columnBlock(width: number): number[] {
  const floats = 4 * width;
  const loadAcc: number[] = [];
  const zeroAcc: number[] = [];
  const storeAcc: number[] = [];
  for (let k = 0; k < width; k++) {
    loadAcc.push(...get(CP), ...v128Load(16 * k), ...set(ACC0 + k));
    zeroAcc.push(...v128Zero, ...set(ACC0 + k));
    storeAcc.push(...get(CP), ...get(ACC0 + k), ...v128Store(16 * k));
  }
  return block(
    loop(
      // while (J + floats <= N)
      [...get(J), ...i32(floats), ADD, ...get(N), GT_S, ...brIf(1)],
      // CP = C + (I·N + J)·4
      [...get(C), ...get(I), ...get(N), MUL, ...get(J), ADD, ...i32(4), MUL, ADD, ...set(CP)],
      [...get(ACC), ...ifElse(loadAcc, zeroAcc)],
      // AP = A + I·aRow·4;  BP = B + J·4;  Q = 0
      [...get(A), ...get(I), ...get(A_ROW), MUL, ...i32(4), MUL, ADD, ...set(AP)],
      [...get(B), ...get(J), ...i32(4), MUL, ADD, ...set(BP)],
      [...i32(0), ...set(Q)],
      block(
        loop(
          [...get(Q), ...get(INNER), GE_S, ...brIf(1)],
          [...get(AP), ...f32Load, ...F32X4_SPLAT, ...set(AV)],
          fma(width),
          [...get(AP), ...get(A_INNER_BYTES), ADD, ...set(AP)],
          [...get(BP), ...get(N_BYTES), ADD, ...set(BP)],
          [...get(Q), ...i32(1), ADD, ...set(Q)],
          br(0),
        ),
      ),
      storeAcc,
      [...get(J), ...i32(floats), ADD, ...set(J)],
      br(0),
    ),
  );
}

function gemmBody(): number[] {
  const locals = vec([
    [...uleb(8), I32],
    [...uleb(5), V128],
  ]);
  const code = [
    ...get(A_INNER), ...i32(4), MUL, ...set(A_INNER_BYTES),
    ...get(N), ...i32(4), MUL, ...set(N_BYTES),
    ...i32(0), ...set(I),
    ...block(
      loop(
        [...get(I), ...get(ROWS), GE_S, ...brIf(1)],
        [...i32(0), ...set(J)],
        columnBlock(4),
        columnBlock(1),
        [...get(I), ...i32(1), ADD, ...set(I)],
        br(0),
      ),
    ),
    0x0b,
  ];
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

export function gemmModuleBytes(): Uint8Array {
  const type = vec([[0x60, ...vec(new Array(9).fill([I32])), ...vec([])]]);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, type),
    ...section(3, vec([uleb(0)])),
    ...section(5, vec([[0x00, ...uleb(1)]])),
    ...section(7, vec([[...name('gemm'), 0x00, 0x00], [...name('memory'), 0x02, 0x00]])),
    ...section(10, vec([gemmBody()])),
  ];
  return Uint8Array.from(bytes);
}

let compiled: object | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (then the JS loops are used). */
function gemmModule(): object | null {
  if (compiled === undefined) {
    try {
      const bytes = gemmModuleBytes();
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
  private readonly instance: GemmExports | null;
  private buffer: ArrayBuffer;
  private used = 0;
  private capacity: number;
  /** Bumped by every reset, so a holder of old views can tell they were freed. */
  generation = 0;

  constructor(useSimd = true) {
    const module = useSimd ? gemmModule() : null;
    this.instance = module ? (new wasmApi!.Instance(module).exports as unknown as GemmExports) : null;
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

  private owns(...views: Float32Array[]): boolean {
    return this.instance !== null && views.every((v) => v.buffer === this.buffer);
  }
}
