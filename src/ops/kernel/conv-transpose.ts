// Reference transposed 2-D convolution as a scatter: every input pixel adds its value times a
// (Cout/groups) x kh x kw filter block into the output. Taps that land in the cropped border
// (padding) are multiplied too, so each input pixel costs (Cout/groups)·kh·kw MACs, the
// convention of the cost model and of fvcore's and ptflops' counters.
import type { Tensor, WorkCount } from '../types.js';
import { addChannelBias, type ConvGeometry } from './geometry.js';

/** A convolution's geometry, with its padding cropped from the full output, plus the output padding. */
export interface ConvTransposeGeometry extends ConvGeometry {
  readonly outputPadding: readonly [number, number];
}

/** (in - 1) * stride - padBegin - padEnd + dilation * (kernel - 1) + outputPadding + 1 */
export function transposedSize(input: number, kernel: number, stride: number, padBegin: number, padEnd: number, dilation: number, outputPadding: number): number {
  return (input - 1) * stride - padBegin - padEnd + dilation * (kernel - 1) + outputPadding + 1;
}

export function convTranspose2dForward(x: Tensor, weight: Float32Array, bias: Float32Array | undefined, g: ConvTransposeGeometry, count: WorkCount): Tensor {
  const [n, cin, h, w] = x.shape;
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [pt, pl, pb, pr] = g.padding;
  const [dh, dw] = g.dilation;
  const ho = transposedSize(h, kh, sh, pt, pb, dh, g.outputPadding[0]);
  const wo = transposedSize(w, kw, sw, pl, pr, dw, g.outputPadding[1]);
  const cout = g.outChannels;
  const cg = cin / g.groups;
  const mg = cout / g.groups;
  const taps = kh * kw;
  const out = new Float32Array(n * cout * ho * wo);
  for (let b = 0; b < n; b++) {
    for (let c = 0; c < cin; c++) {
      const grp = Math.floor(c / cg);
      const plane = (b * cin + c) * h * w;
      for (let iy = 0; iy < h; iy++) {
        for (let ix = 0; ix < w; ix++) {
          const v = x.data[plane + iy * w + ix];
          for (let co = 0; co < mg; co++) {
            const filter = (c * mg + co) * taps;
            const dst = (b * cout + grp * mg + co) * ho * wo;
            for (let ky = 0; ky < kh; ky++) {
              const oy = iy * sh - pt + ky * dh;
              if (oy < 0 || oy >= ho) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ox = ix * sw - pl + kx * dw;
                if (ox >= 0 && ox < wo) out[dst + oy * wo + ox] += v * weight[filter + ky * kw + kx];
              }
            }
          }
          count.macs += mg * taps;
        }
      }
    }
  }
  // Each image's scatter writes only its own output, so the bias may follow all of them.
  if (bias) addChannelBias(out, bias, n, cout, ho * wo, count);
  return { shape: [n, cout, ho, wo], data: out };
}
