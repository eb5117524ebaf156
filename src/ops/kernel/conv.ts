// Reference 2-D convolution as a matrix multiply: weights (Cout/g x Cin/g*kh*kw) times the im2col
// matrix of each group (Cin/g*kh*kw x Ho*Wo), padding written as zeros. Because padded taps are
// multiplied too, every output does Cin/groups * kh * kw MACs, which is the convention of the cost
// model (and of PyTorch's and fvcore's counters). Groups of one input channel (depthwise) run a
// direct kernel instead (depthwise.ts). The WebAssembly SIMD kernels (simd.ts) write the im2col
// straight into the packed panels of their matrix multiply, a chunk of columns at a time; the
// plain loops below run where those are unavailable or a layer is too large for their memory.
import type { Tensor, WorkCount } from '../types.js';
import { depthwiseForward, simdDepthwiseFits, simdDepthwiseForward } from './depthwise.js';
import { gemm } from './gemm.js';
import { rowMajorColumns, simdGemm, simdGemmFits, type ColumnSource } from './gemm-simd.js';
import { simdKernels } from './simd.js';
import { windowPositions } from './tensor.js';
import { addChannelBias, type ConvGeometry } from './geometry.js';

export type { ConvGeometry } from './geometry.js';

/** Lays the receptive fields of one group of channels out as columns: (cg*kh*kw) x (ho*wo). */
function im2col(x: Float32Array, xOff: number, cg: number, h: number, w: number, g: ConvGeometry, ho: number, wo: number, col: Float32Array): void {
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [pt, pl] = g.padding;
  const [dh, dw] = g.dilation;
  const p = ho * wo;
  for (let c = 0; c < cg; c++) {
    const plane = xOff + c * h * w;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const row = ((c * kh + i) * kw + j) * p;
        for (let oy = 0; oy < ho; oy++) {
          const iy = oy * sh - pt + i * dh;
          const dst = row + oy * wo;
          if (iy < 0 || iy >= h) {
            col.fill(0, dst, dst + wo);
            continue;
          }
          const src = plane + iy * w;
          for (let ox = 0; ox < wo; ox++) {
            const ix = ox * sw - pl + j * dw;
            col[dst + ox] = ix >= 0 && ix < w ? x[src + ix] : 0;
          }
        }
      }
    }
  }
}

export function conv2dForward(x: Tensor, weight: Float32Array, bias: Float32Array | undefined, g: ConvGeometry, count: WorkCount): Tensor {
  const [n, cin, h, w] = x.shape;
  const [kh, kw] = g.kernel;
  const ho = windowPositions(h, kh, g.stride[0], g.padding[0], g.padding[2], g.dilation[0], false);
  const wo = windowPositions(w, kw, g.stride[1], g.padding[1], g.padding[3], g.dilation[1], false);
  const cout = g.outChannels;
  const cg = cin / g.groups;
  const mg = cout / g.groups;
  const k = cg * kh * kw;
  const p = ho * wo;
  const out = new Float32Array(n * cout * p);
  // A 1x1, stride-1, unpadded convolution reads its input directly as the column matrix.
  const direct = kh === 1 && kw === 1 && g.stride[0] === 1 && g.stride[1] === 1 && g.padding.every((v) => v === 0);
  const columns = (xOff: number): ColumnSource => (direct
    ? rowMajorColumns(x.data, xOff, k, p)
    : { data: x.data, offset: xOff, channels: cg, h, w, kernel: g.kernel, stride: g.stride, padding: [g.padding[0], g.padding[1]], dilation: g.dilation, wo });
  const simd = simdKernels();
  if (cg === 1 && simd && simdDepthwiseFits(cin, h, w, g, ho, wo)) {
    simdDepthwiseForward(simd, x.data, n, cin, h, w, weight, g, ho, wo, out, count);
  } else if (cg === 1) {
    depthwiseForward(x.data, n, cin, h, w, weight, g, ho, wo, out, count);
  } else if (simd && simdGemmFits(mg, k, p, columns(0))) {
    for (let b = 0; b < n; b++) {
      for (let grp = 0; grp < g.groups; grp++) {
        const xOff = (b * cin + grp * cg) * h * w;
        simdGemm(simd, mg, k, p, weight, grp * mg * k, columns(xOff), out, (b * cout + grp * mg) * p, false, count);
      }
    }
  } else {
    const col = direct ? undefined : new Float32Array(k * p);
    for (let b = 0; b < n; b++) {
      for (let grp = 0; grp < g.groups; grp++) {
        const xOff = (b * cin + grp * cg) * h * w;
        if (col) im2col(x.data, xOff, cg, h, w, g, ho, wo, col);
        gemm(mg, k, p, weight, grp * mg * k, col ?? x.data, col ? 0 : xOff, out, (b * cout + grp * mg) * p, count);
      }
    }
  }
  if (bias) addChannelBias(out, bias, n, cout, p, count);
  return { shape: [n, cout, ho, wo], data: out };
}
