// Direct convolution for groups of one input channel (depthwise, with any channel multiplier):
// a matrix multiply with one row of A per group would waste most of its register tile. Each input
// plane is copied into a zero border first, so every tap of every window, padded ones included,
// is multiplied like the cost model's convention says (Cin/groups * kh * kw MACs per output).
// The SIMD kernel (wat-depthwise.ts) does the same four outputs at a time.
import type { WorkCount } from '../types.js';
import type { ConvGeometry } from './geometry.js';
import { RESERVED_BYTES } from './kernels-layout.js';
import { MAX_SIMD_BYTES, simdMemory, type SimdKernels } from './simd.js';

/** The plane x[xOff..] (h x w) inside a zero border: (pt + h + pb) x (pl + w + pr). */
function padPlane(x: Float32Array, xOff: number, h: number, w: number, pad: readonly number[], into: Float32Array): void {
  const [pt, pl, , pr] = pad;
  const pw = pl + w + pr;
  into.fill(0);
  for (let y = 0; y < h; y++) into.set(x.subarray(xOff + y * w, xOff + (y + 1) * w), (pt + y) * pw + pl);
}

/** Float offsets of one batch item's input, the weights, its output and the padded plane. */
function layout(cin: number, h: number, w: number, g: ConvGeometry, ho: number, wo: number): { x: number; weight: number; out: number; padded: number; end: number } {
  const [pt, pl, pb, pr] = g.padding;
  const x = RESERVED_BYTES / 4;
  const weight = x + cin * h * w;
  const out = weight + g.outChannels * g.kernel[0] * g.kernel[1];
  const padded = out + g.outChannels * ho * wo;
  return { x, weight, out, padded, end: padded + (pt + h + pb) * (pl + w + pr) };
}

/** Whether one batch item fits the SIMD kernel's memory. */
export function simdDepthwiseFits(cin: number, h: number, w: number, g: ConvGeometry, ho: number, wo: number): boolean {
  return layout(cin, h, w, g, ho, wo).end * 4 <= MAX_SIMD_BYTES;
}

/**
 * out[(b, c)] for every output channel c of an input with one channel per group; `out` is zeroed,
 * n x cout x ho x wo. Counts one MAC per tap per output from the row loops' bounds.
 */
export function depthwiseForward(
  x: Float32Array, n: number, cin: number, h: number, w: number,
  weight: Float32Array, g: ConvGeometry, ho: number, wo: number,
  out: Float32Array, count: WorkCount,
): void {
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const [pt, pl, pb, pr] = g.padding;
  const pw = pl + w + pr;
  const padded = new Float32Array((pt + h + pb) * pw);
  const perGroup = g.outChannels / g.groups;
  const area = ho * wo;
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < cin; ci++) {
      padPlane(x, (b * cin + ci) * h * w, h, w, g.padding, padded);
      for (let mi = 0; mi < perGroup; mi++) {
        const co = ci * perGroup + mi;
        const o = (b * g.outChannels + co) * area;
        for (let i = 0; i < kh; i++) {
          for (let j = 0; j < kw; j++) {
            const tap = weight[(co * kh + i) * kw + j];
            for (let oy = 0; oy < ho; oy++) {
              const row = o + oy * wo;
              const src = (oy * sh + i * dh) * pw + j * dw;
              for (let ox = 0; ox < wo; ox++) out[row + ox] += tap * padded[src + ox * sw];
              count.macs += wo;
            }
          }
        }
      }
    }
  }
}

/** depthwiseForward on the SIMD kernel; call only when simdDepthwiseFits(). */
export function simdDepthwiseForward(
  kern: SimdKernels,
  x: Float32Array, n: number, cin: number, h: number, w: number,
  weight: Float32Array, g: ConvGeometry, ho: number, wo: number,
  out: Float32Array, count: WorkCount,
): void {
  const at = layout(cin, h, w, g, ho, wo);
  const mem = simdMemory(kern, at.end * 4);
  mem.set(weight.subarray(0, g.outChannels * g.kernel[0] * g.kernel[1]), at.weight);
  const plane = cin * h * w;
  const outPlane = g.outChannels * ho * wo;
  for (let b = 0; b < n; b++) {
    mem.set(x.subarray(b * plane, (b + 1) * plane), at.x);
    count.macs += kern.depthwise(at.x * 4, cin, h, w, g.kernel[0], g.kernel[1], g.stride[0], g.stride[1], g.dilation[0], g.dilation[1],
      g.padding[0], g.padding[1], g.padding[2], g.padding[3], ho, wo, g.outChannels / g.groups, at.weight * 4, at.out * 4, at.padded * 4);
    out.set(mem.subarray(at.out, at.out + outPlane), b * outPlane);
  }
}
