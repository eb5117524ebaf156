// Adaptive average pooling (PyTorch's nn.AdaptiveAvgPool2d): output index i along an axis of
// input length L and output length O averages the window [floor(i*L/O), ceil((i+1)*L/O)).
import { layerError } from '../errors.js';
import { add, ceilDiv, concrete, floorDiv, formatShape, isSymbolic, mul, product, sub, type Dim } from '../shape/dim.js';
import { positiveInts } from './attrs.js';
import { channelsOf, checkArity, checkRank, fail } from './check.js';
import { defineOp } from './define.js';
import { transpose2d } from './kernel/tensor.js';

export interface AdaptivePoolAttrs {
  /** Oh, Ow. */
  readonly outputSize: readonly [number, number];
}

function gcdNum(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Euler's totient (O is a small output size). */
function eulerPhi(n: number): number {
  let r = 0;
  for (let k = 1; k <= n; k++) if (gcdNum(k, n) === 1) r++;
  return r;
}

/**
 * Sum of the window sizes along one axis: sum_i ceil((i+1)L/O) - floor(iL/O), which telescopes to
 * L + #{0 < j < O : O does not divide jL} = L + O - gcd(L, O). It is L when O divides L (and when
 * O is 1). For a symbolic L, gcd(L, O) = sum over the divisors d of O of phi(d) * [d divides L],
 * with [d divides L] = 1 + floor(L/d) - ceil(L/d): exact, with integer floors only.
 */
export function adaptiveWindowSum(L: Dim, O: number): Dim {
  if (!isSymbolic(L)) {
    const l = concrete(L)!;
    if (typeof l === 'number') return l + O - gcdNum(l, O);
    return add(l, O - Number(bigGcd(l, BigInt(O))));
  }
  let g: Dim = 0;
  for (let d = 1; d <= O; d++) {
    if (O % d !== 0) continue;
    const divides = d === 1 ? 1 : add(1, sub(floorDiv(L, d), ceilDiv(L, d)));
    g = add(g, mul(eulerPhi(d), divides));
  }
  return sub(add(L, O), g);
}

function bigGcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/** The input window [start, end) of output index i. */
function window(i: number, L: number, O: number): [number, number] {
  return [Math.floor((i * L) / O), Math.ceil(((i + 1) * L) / O)];
}

export const adaptiveavgpool = defineOp<AdaptivePoolAttrs, 'adaptiveavgpool'>({
  name: 'adaptiveavgpool',
  category: 'pool',
  summary: 'adaptive average pooling to N x C x Oh x Ow (PyTorch windows): one add per window element and one divide per output',
  counts: {
    add: 'S_h·S_w per channel, where window i of an axis is [⌊iL/O⌋, ⌈(i+1)L/O⌉) and the window sizes sum to S = L + O - gcd(L, O) (L when O divides L)',
    div: 'Oh·Ow per channel',
  },
  arity: 1,
  attrs: { outputSize: positiveInts(2) },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    checkRank(ctx, x, 4, 'NCHW');
    channelsOf(ctx, x);
    for (const [axis, d] of [['height', x[2]], ['width', x[3]]] as const) {
      const v = concrete(d);
      if (v !== undefined && v < 1) fail(ctx, `input ${formatShape(x)} has an empty ${axis}; adaptive pooling needs at least 1`, 'shape');
    }
    return [x[0], x[1], a.outputSize[0], a.outputSize[1]];
  },
  params: () => [],
  macs: () => 0,
  work([x], out, a) {
    const planes = mul(out[0], out[1]); // N * C
    // Windows are separable, so the summed window areas are the product of the per-axis sums.
    const area = mul(adaptiveWindowSum(x[2], a.outputSize[0]), adaptiveWindowSum(x[3], a.outputSize[1]));
    // Each window summed into a zeroed accumulator (as globalavgpool), then one divide per output.
    return { add: mul(planes, area), div: product(out) };
  },
  kernel([x], a, ctx) {
    const [n, c, h, w] = x.shape;
    const [oh, ow] = a.outputSize;
    const out = new Float32Array(n * c * oh * ow);
    let o = 0;
    for (let plane = 0; plane < n * c; plane++) {
      const base = plane * h * w;
      for (let i = 0; i < oh; i++) {
        const [y0, y1] = window(i, h, oh);
        for (let j = 0; j < ow; j++) {
          const [x0, x1] = window(j, w, ow);
          let acc = 0;
          for (let y = y0; y < y1; y++) {
            for (let xx = x0; xx < x1; xx++) {
              acc += x.data[base + y * w + xx];
              ctx.count.add++;
            }
          }
          out[o++] = acc / ((y1 - y0) * (x1 - x0));
          ctx.count.div++;
        }
      }
    }
    return { shape: [n, c, oh, ow], data: out };
  },
  onnx([x], a, b, [shape]) {
    const [oh, ow] = a.outputSize;
    if (oh === 1 && ow === 1) return b.node('GlobalAveragePool', [x]);
    const h = concrete(shape[2]);
    const w = concrete(shape[3]);
    if (typeof h !== 'number' || typeof w !== 'number') {
      throw layerError('shape', b.layer, undefined, `cannot export adaptive average pooling of ${formatShape(shape)} to ${oh}x${ow} to ONNX: the input size is symbolic and ONNX has no adaptive pooling; export with a concrete --input`);
    }
    if (h % oh === 0 && w % ow === 0) {
      const kernel = [h / oh, w / ow];
      return b.node('AveragePool', [x], { kernel_shape: kernel, strides: kernel, pads: [0, 0, 0, 0], ceil_mode: 0, count_include_pad: 1 });
    }
    // Uneven windows: the average over a window is separable, so Y = Ah * X * Aw^T with Ah (Oh x H)
    // and Aw (Ow x W) holding 1/size over each window; two MatMuls broadcast over N and C.
    const rows = b.constant('row_weights', averagingMatrix(h, oh), 'float', [oh, h]);
    const cols = b.constant('col_weights', transpose2d(averagingMatrix(w, ow), ow, w), 'float', [w, ow]);
    return b.node('MatMul', [b.node('MatMul', [rows, x], {}, 'pooled_rows'), cols]);
  },
});

/** O x L matrix (float32, as ONNX stores it) whose row i averages window i of an axis of length L. */
function averagingMatrix(length: number, out: number): Float32Array {
  const m = new Float32Array(out * length);
  for (let i = 0; i < out; i++) {
    const [start, end] = window(i, length, out);
    for (let j = start; j < end; j++) m[i * length + j] = 1 / (end - start);
  }
  return m;
}
