// The two small matrix products the fused LSTM is made of, row-major over Float32Arrays.
// Both are written "axpy-style" (the innermost loop runs along a contiguous output row) so V8 keeps them in
// registers; rows of A that are all zero (padded or dropped) cost nothing.

/** C[m, :] (+)= Σ_k A[m, k] · B[k, :]   for m < M;  A is M×K, B is K×N, C is M×N. */
export function gemm(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  if (!accumulate) c.fill(0, 0, m * n);
  for (let r = 0; r < m; r++) {
    const aRow = r * k;
    const cRow = r * n;
    for (let p = 0; p < k; p++) {
      const av = a[aRow + p];
      if (av === 0) continue;
      const bRow = p * n;
      let j = 0;
      for (; j + 3 < n; j += 4) {
        c[cRow + j] += av * b[bRow + j];
        c[cRow + j + 1] += av * b[bRow + j + 1];
        c[cRow + j + 2] += av * b[bRow + j + 2];
        c[cRow + j + 3] += av * b[bRow + j + 3];
      }
      for (; j < n; j++) c[cRow + j] += av * b[bRow + j];
    }
  }
}

/** C[p, :] += Σ_r A[r, p] · B[r, :];  A is M×K, B is M×N, C is K×N (the weight gradient Aᵀ·B). */
export function gemmTransA(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number): void {
  for (let r = 0; r < m; r++) {
    const aRow = r * k;
    const bRow = r * n;
    for (let p = 0; p < k; p++) {
      const av = a[aRow + p];
      if (av === 0) continue;
      const cRow = p * n;
      let j = 0;
      for (; j + 3 < n; j += 4) {
        c[cRow + j] += av * b[bRow + j];
        c[cRow + j + 1] += av * b[bRow + j + 1];
        c[cRow + j + 2] += av * b[bRow + j + 2];
        c[cRow + j + 3] += av * b[bRow + j + 3];
      }
      for (; j < n; j++) c[cRow + j] += av * b[bRow + j];
    }
  }
}
