// WebAssembly SIMD kernels for the fused LSTM, assembled here from a few dozen opcodes, so no binary blob or
// build step is needed. V8 does not vectorise JS; these run 4 floats per instruction and are 3–10× faster
// than the best plain-JS loops, which matters once sequences are long.
//
// Three functions, in WAT terms (all pointers are byte offsets into the module's own memory):
//   gemm(a, aRow, aInner, b, c, rows, inner, n, accumulate)
//     for i < rows, for each 16- (then 4-) column block j of C's row i:
//       acc = accumulate ? C[i, j..] : 0;  for q < inner: acc += splat(A[i·aRow + q·aInner]) · B[q, j..];  C[i, j..] = acc
//     which is C (+)= A·B with aRow = K, aInner = 1, and C (+)= Aᵀ·B with aRow = 1, aInner = K (n % 4 = 0).
//   lstmCellForward(z, bias, cPrev, tanhC, cNew, hNew, rows, units)
//     z (rows×4H pre-activations) becomes the gates i, f, g, o; c = f·cPrev + i·g; tanhC = tanh c; h = o·tanh c.
//   lstmCellBackward(gates, tanhC, cPrev, dh, dc, dz, rows, units)
//     dz (rows×4H) = the pre-activation gradients; dc becomes dc·f, the gradient of the previous cell state.
// tanh is a rational approximation (Eigen's float tanh, |error| < 3e-7); sigmoid(x) = (1 + tanh(x/2)) / 2.

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
const F32X4_SUB = simd(0xe5);
const F32X4_MUL = simd(0xe6);
const F32X4_DIV = simd(0xe7);
const F32X4_MIN = simd(0xe8);
const F32X4_MAX = simd(0xe9);
const SHL = 0x74;
/** v128.const with the float `v` in all four lanes. */
function f32x4(v: number): number[] {
  const lane = Array.from(new Uint8Array(Float32Array.of(v).buffer));
  return simd(0x0c, ...lane, ...lane, ...lane, ...lane);
}

// gemm's parameters and locals.
const A = 0, A_ROW = 1, A_INNER = 2, B = 3, C = 4, ROWS = 5, INNER = 6, N = 7, ACC = 8;
const I = 9, J = 10, Q = 11, AP = 12, BP = 13, CP = 14, A_INNER_BYTES = 15, N_BYTES = 16, AP2 = 17, CP2 = 18;
const AV0 = 19, AV1 = 20, BV0 = 21, ACC0 = 25; // v128: AV0, AV1, BV0..BV3, ACC0..ACC7

/**
 * One column block of `width` × 4 floats at column J, for `rows` (1 or 2) rows from row I; J advances.
 * With two rows each B vector loaded is used twice, which is what makes the product memory-light.
 */
function columnBlock(width: number, rows: 1 | 2): number[] {
  const floats = 4 * width;
  const acc = (r: number, k: number) => ACC0 + r * 4 + k;
  const cp = (r: number) => (r === 0 ? CP : CP2);
  const loadAcc: number[] = [];
  const zeroAcc: number[] = [];
  const storeAcc: number[] = [];
  const fma: number[] = [];
  for (let k = 0; k < width; k++) fma.push(...get(BP), ...v128Load(16 * k), ...set(BV0 + k));
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < width; k++) {
      loadAcc.push(...get(cp(r)), ...v128Load(16 * k), ...set(acc(r, k)));
      zeroAcc.push(...v128Zero, ...set(acc(r, k)));
      storeAcc.push(...get(cp(r)), ...get(acc(r, k)), ...v128Store(16 * k));
      fma.push(...get(acc(r, k)), ...get(AV0 + r), ...get(BV0 + k), ...F32X4_MUL, ...F32X4_ADD, ...set(acc(r, k)));
    }
  }
  const splats = [...get(AP), ...f32Load, ...F32X4_SPLAT, ...set(AV0)];
  if (rows === 2) splats.push(...get(AP2), ...f32Load, ...F32X4_SPLAT, ...set(AV1));
  const advance = [...get(AP), ...get(A_INNER_BYTES), ADD, ...set(AP)];
  if (rows === 2) advance.push(...get(AP2), ...get(A_INNER_BYTES), ADD, ...set(AP2));
  return block(
    loop(
      // while (J + floats <= N)
      [...get(J), ...i32(floats), ADD, ...get(N), GT_S, ...brIf(1)],
      // CP = C + (I·N + J)·4; CP2 = CP + N·4
      [...get(C), ...get(I), ...get(N), MUL, ...get(J), ADD, ...i32(4), MUL, ADD, ...set(CP)],
      [...get(CP), ...get(N_BYTES), ADD, ...set(CP2)],
      [...get(ACC), ...ifElse(loadAcc, zeroAcc)],
      // AP = A + I·aRow·4; AP2 = AP + aRow·4; BP = B + J·4; Q = 0
      [...get(A), ...get(I), ...get(A_ROW), MUL, ...i32(4), MUL, ADD, ...set(AP)],
      [...get(AP), ...get(A_ROW), ...i32(4), MUL, ADD, ...set(AP2)],
      [...get(B), ...get(J), ...i32(4), MUL, ADD, ...set(BP)],
      [...i32(0), ...set(Q)],
      block(
        loop(
          [...get(Q), ...get(INNER), GE_S, ...brIf(1)],
          splats,
          fma,
          advance,
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
    [...uleb(10), I32],
    [...uleb(14), V128],
  ]);
  const code = [
    ...get(A_INNER), ...i32(4), MUL, ...set(A_INNER_BYTES),
    ...get(N), ...i32(4), MUL, ...set(N_BYTES),
    ...i32(0), ...set(I),
    // Pairs of rows…
    ...block(
      loop(
        [...get(I), ...i32(2), ADD, ...get(ROWS), GT_S, ...brIf(1)],
        [...i32(0), ...set(J)],
        columnBlock(4, 2),
        columnBlock(1, 2),
        [...get(I), ...i32(2), ADD, ...set(I)],
        br(0),
      ),
    ),
    // …then the odd row out.
    ...block(
      loop(
        [...get(I), ...get(ROWS), GE_S, ...brIf(1)],
        [...i32(0), ...set(J)],
        columnBlock(4, 1),
        columnBlock(1, 1),
        [...get(I), ...i32(1), ADD, ...set(I)],
        br(0),
      ),
    ),
    0x0b,
  ];
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

// --- The LSTM cell, elementwise over rows × units, 4 units at a time. ---

const TANH_CLAMP = 7.99881172180175781;
const TANH_P = [-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8, 1.48572235717979e-5, 6.37261928875436e-4, 4.89352455891786e-3];
const TANH_Q = [1.19825839466702e-6, 1.18534705686654e-4, 2.268434632439e-3, 4.89352518554385e-3];

/** Horner: ((c0·x2 + c1)·x2 + …) + cn, with x2 in local `x2`. */
function horner(coefficients: number[], x2: number): number[] {
  const out = f32x4(coefficients[0]);
  for (const c of coefficients.slice(1)) out.push(...get(x2), ...F32X4_MUL, ...f32x4(c), ...F32X4_ADD);
  return out;
}

/** tanh of the v128 that `value` leaves on the stack; uses scratch locals x and x2. */
function tanhV(value: number[], x: number, x2: number): number[] {
  return [
    ...value, ...f32x4(TANH_CLAMP), ...F32X4_MIN, ...f32x4(-TANH_CLAMP), ...F32X4_MAX, ...set(x),
    ...get(x), ...get(x), ...F32X4_MUL, ...set(x2),
    ...horner(TANH_P, x2), ...get(x), ...F32X4_MUL,
    ...horner(TANH_Q, x2), ...F32X4_DIV,
  ];
}

function sigmoidV(value: number[], x: number, x2: number): number[] {
  return [...f32x4(0.5), ...f32x4(0.5), ...tanhV([...value, ...f32x4(0.5), ...F32X4_MUL], x, x2), ...F32X4_MUL, ...F32X4_ADD];
}

/** Address `base + k·stride` for locals base and stride (k = 0…3). */
function at(base: number, stride: number, k: number): number[] {
  if (k === 0) return get(base);
  return [...get(base), ...get(stride), ...i32(k), MUL, ADD];
}

const load = (address: number[]) => [...address, ...v128Load(0)];
const store = (address: number[], value: number[]) => [...address, ...value, ...v128Store(0)];

/** for R < rows: for J < units step 4: body (R, J locals; rowBytes/hBytes set per row). */
function cellLoops(rows: number, units: number, r: number, j: number, perRow: number[], body: number[]): number[] {
  return [
    ...i32(0), ...set(r),
    ...block(
      loop(
        [...get(r), ...get(rows), GE_S, ...brIf(1)],
        perRow,
        [...i32(0), ...set(j)],
        block(loop([...get(j), ...get(units), GE_S, ...brIf(1)], body, [...get(j), ...i32(4), ADD, ...set(j)], br(0))),
        [...get(r), ...i32(1), ADD, ...set(r)],
        br(0),
      ),
    ),
  ];
}

function cellForwardBody(): number[] {
  const Z = 0, BIAS = 1, C_PREV = 2, TANH_C = 3, C_NEW = 4, H_NEW = 5, ROWS_ = 6, UNITS = 7;
  const R = 8, J_ = 9, ZP = 10, BPTR = 11, HP = 12, H4 = 13, ROW_Z = 14, ROW_H = 15;
  const VI = 16, VF = 17, VG = 18, VO = 19, VC = 20, VX = 21, VX2 = 22;
  const gate = (k: number) => [...load(at(ZP, H4, k)), ...load(at(BPTR, H4, k)), ...F32X4_ADD];
  const body = [
    // ZP = rowZ + J·4; BPTR = bias + J·4; HP = rowH + J·4
    ...get(ROW_Z), ...get(J_), ...i32(2), SHL, ADD, ...set(ZP),
    ...get(BIAS), ...get(J_), ...i32(2), SHL, ADD, ...set(BPTR),
    ...get(ROW_H), ...get(J_), ...i32(2), SHL, ADD, ...set(HP),
    ...sigmoidV(gate(0), VX, VX2), ...set(VI),
    ...sigmoidV(gate(1), VX, VX2), ...set(VF),
    ...tanhV(gate(2), VX, VX2), ...set(VG),
    ...sigmoidV(gate(3), VX, VX2), ...set(VO),
    ...store(at(ZP, H4, 0), get(VI)),
    ...store(at(ZP, H4, 1), get(VF)),
    ...store(at(ZP, H4, 2), get(VG)),
    ...store(at(ZP, H4, 3), get(VO)),
    // c = f·cPrev + i·g
    ...get(VF), ...load([...get(C_PREV), ...get(HP), ADD]), ...F32X4_MUL, ...get(VI), ...get(VG), ...F32X4_MUL, ...F32X4_ADD, ...set(VC),
    ...store([...get(C_NEW), ...get(HP), ADD], get(VC)),
    ...tanhV(get(VC), VX, VX2), ...set(VC),
    ...store([...get(TANH_C), ...get(HP), ADD], get(VC)),
    ...store([...get(H_NEW), ...get(HP), ADD], [...get(VO), ...get(VC), ...F32X4_MUL]),
  ];
  const perRow = [
    // ROW_Z = z + R·units·16 (4 gates × 4 bytes); ROW_H = R·units·4
    ...get(Z), ...get(R), ...get(UNITS), MUL, ...i32(4), SHL, ADD, ...set(ROW_Z),
    ...get(R), ...get(UNITS), MUL, ...i32(2), SHL, ...set(ROW_H),
  ];
  const code = [...get(UNITS), ...i32(2), SHL, ...set(H4), ...cellLoops(ROWS_, UNITS, R, J_, perRow, body), 0x0b];
  const body2 = [...vec([[...uleb(8), I32], [...uleb(7), V128]]), ...code];
  return [...uleb(body2.length), ...body2];
}

function cellBackwardBody(): number[] {
  const GATES = 0, TANH_C = 1, C_PREV = 2, DH = 3, DC = 4, DZ = 5, ROWS_ = 6, UNITS = 7;
  const R = 8, J_ = 9, GP = 10, DZP = 11, HP = 12, H4 = 13, ROW_G = 14, ROW_H = 15;
  const VI = 16, VF = 17, VG = 18, VO = 19, VTC = 20, VDH = 21, VDC = 22, ONE = 23;
  const hAt = (base: number) => [...get(base), ...get(HP), ADD];
  const oneMinus = (v: number[]) => [...get(ONE), ...v, ...F32X4_SUB];
  const body = [
    ...get(ROW_G), ...get(J_), ...i32(2), SHL, ADD, ...set(GP),
    ...get(DZ), ...get(ROW_G), ...get(GATES), 0x6b /* i32.sub */, ADD, ...get(J_), ...i32(2), SHL, ADD, ...set(DZP),
    ...get(ROW_H), ...get(J_), ...i32(2), SHL, ADD, ...set(HP),
    ...load(at(GP, H4, 0)), ...set(VI),
    ...load(at(GP, H4, 1)), ...set(VF),
    ...load(at(GP, H4, 2)), ...set(VG),
    ...load(at(GP, H4, 3)), ...set(VO),
    ...load(hAt(TANH_C)), ...set(VTC),
    ...load(hAt(DH)), ...set(VDH),
    // dc = dc + dh·o·(1 − tanhC²)
    ...load(hAt(DC)), ...get(VDH), ...get(VO), ...F32X4_MUL, ...oneMinus([...get(VTC), ...get(VTC), ...F32X4_MUL]), ...F32X4_MUL, ...F32X4_ADD, ...set(VDC),
    ...store(hAt(DC), [...get(VDC), ...get(VF), ...F32X4_MUL]),
    ...store(at(DZP, H4, 0), [...get(VDC), ...get(VG), ...F32X4_MUL, ...get(VI), ...F32X4_MUL, ...oneMinus(get(VI)), ...F32X4_MUL]),
    ...store(at(DZP, H4, 1), [...get(VDC), ...load(hAt(C_PREV)), ...F32X4_MUL, ...get(VF), ...F32X4_MUL, ...oneMinus(get(VF)), ...F32X4_MUL]),
    ...store(at(DZP, H4, 2), [...get(VDC), ...get(VI), ...F32X4_MUL, ...oneMinus([...get(VG), ...get(VG), ...F32X4_MUL]), ...F32X4_MUL]),
    ...store(at(DZP, H4, 3), [...get(VDH), ...get(VTC), ...F32X4_MUL, ...get(VO), ...F32X4_MUL, ...oneMinus(get(VO)), ...F32X4_MUL]),
  ];
  const perRow = [
    ...get(GATES), ...get(R), ...get(UNITS), MUL, ...i32(4), SHL, ADD, ...set(ROW_G),
    ...get(R), ...get(UNITS), MUL, ...i32(2), SHL, ...set(ROW_H),
  ];
  const code = [
    ...get(UNITS), ...i32(2), SHL, ...set(H4),
    ...f32x4(1), ...set(ONE),
    ...cellLoops(ROWS_, UNITS, R, J_, perRow, body),
    0x0b,
  ];
  const body2 = [...vec([[...uleb(8), I32], [...uleb(8), V128]]), ...code];
  return [...uleb(body2.length), ...body2];
}

export function simdModuleBytes(): Uint8Array {
  const params = (n: number) => [0x60, ...vec(new Array(n).fill([I32])), ...vec([])];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([params(9), params(8)])),
    ...section(3, vec([uleb(0), uleb(1), uleb(1)])),
    ...section(5, vec([[0x00, ...uleb(1)]])),
    ...section(7, vec([
      [...name('gemm'), 0x00, 0x00],
      [...name('lstmCellForward'), 0x00, 0x01],
      [...name('lstmCellBackward'), 0x00, 0x02],
      [...name('memory'), 0x02, 0x00],
    ])),
    ...section(10, vec([gemmBody(), cellForwardBody(), cellBackwardBody()])),
  ];
  return Uint8Array.from(bytes);
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
