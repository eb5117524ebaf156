// The SIMD matrix multiply (wat-gemm.ts) driven from JavaScript: lays out A, its packed panels,
// the source of B (an input image, or a row-major matrix), a packed chunk of B and C in the
// kernels' memory, and walks the columns of C in chunks of NC so the panels of B just written
// are still in cache when the tiles read them.
import type { WorkCount } from '../types.js';
import { MR, NC, RESERVED_BYTES } from './kernels-layout.js';
import { MAX_SIMD_BYTES, simdMemory, type SimdKernels } from './simd.js';

/**
 * Where the columns of B come from: the im2col of `channels` planes of h x w under a window
 * (a row-major k x p matrix is `rowMajorColumns(k, p)`). Offsets are in floats.
 */
export interface ColumnSource {
  readonly data: Float32Array;
  readonly offset: number;
  readonly channels: number;
  readonly h: number;
  readonly w: number;
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  /** top, left */
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  /** Output width (columns of B run over output rows of this width). */
  readonly wo: number;
}

/** A row-major k x p matrix b[offset..] as a column source: k planes of 1 x p, a 1x1 window. */
export function rowMajorColumns(data: Float32Array, offset: number, k: number, p: number): ColumnSource {
  return { data, offset, channels: k, h: 1, w: p, kernel: [1, 1], stride: [1, 1], padding: [0, 0], dilation: [1, 1], wo: p };
}

const ALIGN = 16; // floats: every region starts on a 64-byte boundary
const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

/**
 * Float offsets of the regions of one product: A as given, A packed, the source of B, a chunk of
 * packed B, C.
 */
function layout(m: number, k: number, p: number, source: ColumnSource): { a: number; aPacked: number; x: number; b: number; c: number; end: number } {
  const a = RESERVED_BYTES / 4;
  const aPacked = a + roundUp(m * k, ALIGN);
  const x = aPacked + roundUp(roundUp(m, MR) * k, ALIGN);
  const b = x + roundUp(source.channels * source.h * source.w, ALIGN);
  const c = b + k * NC;
  // MR - 1 scratch rows after C take the sums of the last tile's rows past m.
  return { a, aPacked, x, b, c, end: c + (m + MR - 1) * p };
}

/** Whether an m x k by k x p product from `source` fits the kernels' memory. */
export function simdGemmFits(m: number, k: number, p: number, source: ColumnSource): boolean {
  return layout(m, k, p, source).end * 4 <= MAX_SIMD_BYTES;
}

/**
 * C = A * B (or C += A * B when `accumulate`): A m x k row-major from a[aOff], B the k x p columns
 * of `source`, C m x p row-major from c[cOff]. Adds the MACs the kernel reports to `count`.
 * Call only when simdGemmFits().
 */
export function simdGemm(
  kern: SimdKernels,
  m: number, k: number, p: number,
  a: Float32Array, aOff: number,
  source: ColumnSource,
  c: Float32Array, cOff: number, accumulate: boolean,
  count: WorkCount,
): void {
  const at = layout(m, k, p, source);
  const mem = simdMemory(kern, at.end * 4);
  mem.set(a.subarray(aOff, aOff + m * k), at.a);
  kern.packA(at.a * 4, m, k, at.aPacked * 4);
  const s = source;
  mem.set(s.data.subarray(s.offset, s.offset + s.channels * s.h * s.w), at.x);
  for (let p0 = 0; p0 < p; p0 += NC) {
    const w = Math.min(NC, p - p0);
    kern.im2col(at.x * 4, s.channels, s.h, s.w, s.kernel[0], s.kernel[1], s.stride[0], s.stride[1],
      s.padding[0], s.padding[1], s.dilation[0], s.dilation[1], s.wo, p0, w, at.b * 4);
    count.macs += kern.gemm(m, k, w, at.aPacked * 4, at.b * 4, (at.c + p0) * 4, p * 4);
  }
  if (!accumulate) c.set(mem.subarray(at.c, at.c + m * p), cOff);
  else for (let i = 0; i < m * p; i++) c[cOff + i] += mem[at.c + i];
}
