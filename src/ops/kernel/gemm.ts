// C[M x P] += A[M x K] * B[K x P], row-major, blocked so a panel of B stays in cache, with four
// rows of B per pass so each element of C is loaded and stored once per four MACs. The plain
// JavaScript matrix multiply, for runtimes without WebAssembly SIMD (the fast one: gemm-simd.ts).
import type { WorkCount } from '../types.js';

const P_BLOCK = 256;
const K_BLOCK = 128;

export function gemm(
  m: number, k: number, p: number,
  a: Float32Array, aOff: number,
  b: Float32Array, bOff: number,
  c: Float32Array, cOff: number,
  count: WorkCount,
): void {
  for (let p0 = 0; p0 < p; p0 += P_BLOCK) {
    const p1 = Math.min(p, p0 + P_BLOCK);
    const width = p1 - p0;
    for (let k0 = 0; k0 < k; k0 += K_BLOCK) {
      const k1 = Math.min(k, k0 + K_BLOCK);
      let i = 0;
      // Two rows of C per pass: each element of B loaded is used for both.
      for (; i + 2 <= m; i += 2) {
        const c0 = cOff + i * p;
        const c1 = c0 + p;
        const r0 = aOff + i * k;
        const r1 = r0 + k;
        let kk = k0;
        for (; kk + 4 <= k1; kk += 4) {
          const a00 = a[r0 + kk], a01 = a[r0 + kk + 1], a02 = a[r0 + kk + 2], a03 = a[r0 + kk + 3];
          const a10 = a[r1 + kk], a11 = a[r1 + kk + 1], a12 = a[r1 + kk + 2], a13 = a[r1 + kk + 3];
          const b0 = bOff + kk * p, b1 = b0 + p, b2 = b1 + p, b3 = b2 + p;
          for (let j = p0; j < p1; j++) {
            const x0 = b[b0 + j], x1 = b[b1 + j], x2 = b[b2 + j], x3 = b[b3 + j];
            c[c0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
            c[c1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
          }
          count.macs += 8 * width;
        }
        for (; kk < k1; kk++) {
          const a0 = a[r0 + kk], a1 = a[r1 + kk];
          const b0 = bOff + kk * p;
          for (let j = p0; j < p1; j++) {
            const x = b[b0 + j];
            c[c0 + j] += a0 * x;
            c[c1 + j] += a1 * x;
          }
          count.macs += 2 * width;
        }
      }
      for (; i < m; i++) {
        const cRow = cOff + i * p;
        const aRow = aOff + i * k;
        let kk = k0;
        for (; kk + 4 <= k1; kk += 4) {
          const a0 = a[aRow + kk], a1 = a[aRow + kk + 1], a2 = a[aRow + kk + 2], a3 = a[aRow + kk + 3];
          const b0 = bOff + kk * p, b1 = b0 + p, b2 = b1 + p, b3 = b2 + p;
          for (let j = p0; j < p1; j++) {
            c[cRow + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
          }
          count.macs += 4 * width;
        }
        for (; kk < k1; kk++) {
          const a0 = a[aRow + kk];
          const b0 = bOff + kk * p;
          for (let j = p0; j < p1; j++) c[cRow + j] += a0 * b[b0 + j];
          count.macs += width;
        }
      }
    }
  }
}
