// C[M x P] += A[M x K] * B[K x P], row-major, blocked so a panel of B stays in cache, with four
// rows of B per pass so each element of C is loaded and stored once per four MACs.
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
      for (let i = 0; i < m; i++) {
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
