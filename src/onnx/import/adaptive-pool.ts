// Adaptive average pooling written as two MatMuls: ONNX has no adaptive pooling, so flopscope's
// exporter writes one whose windows are uneven (VGG's 7x7 pool of a 8x8 or 12x16 map) as
// Y = Ah · X · Aw^T, where row i of Ah (Oh x H) holds 1/size over window i, [floor(iH/Oh),
// ceil((i+1)H/Oh)), and Aw likewise. Read back as matmuls, the matrices would count as weights
// and the products as MACs; recognised here, the pair is the one adaptiveavgpool layer it was.
// The matrices are read to be sure they are exactly those windows (they are small: O x L).
import { isDefaultDomain, type ParsedModel } from './model.js';
import { num, type NodeMsg, type TensorMsg } from './proto.js';
import { DTYPE, floatValues, hasData } from './tensor-data.js';

export interface AdaptivePool {
  /** The first MatMul (Ah · X), absorbed into the second. */
  readonly first: number;
  /** X, the tensor pooled. */
  readonly input: string;
  /** H and W of X the matrices average over. */
  readonly inputSize: readonly [number, number];
  readonly outputSize: readonly [number, number];
}

/** Matrices larger than this are not read to look for the pattern. */
const MAX_ELEMENTS = 1 << 20;

/** The values of a 2-D float initializer small enough to read, with its dims. */
function matrix(t: TensorMsg | undefined, model: ParsedModel): { rows: number; cols: number; values: Float32Array } | undefined {
  if (!t || t.data_type !== DTYPE.FLOAT || t.dims.length !== 2 || !hasData(t)) return undefined;
  const [rows, cols] = t.dims.map(num);
  if (!(rows >= 1 && cols >= 1) || rows * cols > MAX_ELEMENTS) return undefined;
  return { rows, cols, values: floatValues(t, rows * cols, model.source) };
}

/** Whether `at(i, j)` (i < out, j < length) is the averaging matrix of adaptive pooling from `length` to `out`. */
function isAveraging(out: number, length: number, at: (i: number, j: number) => number): boolean {
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * length) / out);
    const end = Math.ceil(((i + 1) * length) / out);
    const w = 1 / (end - start);
    for (let j = 0; j < length; j++) {
      const v = at(i, j);
      if (j >= start && j < end ? Math.abs(v - w) > 1e-6 * w : v !== 0) return false;
    }
  }
  return true;
}

/** Adaptive pools written as MatMul pairs, by the index of the second MatMul (the one that becomes the layer). */
export function findAdaptivePools(nodes: readonly NodeMsg[], model: ParsedModel): Map<number, AdaptivePool> {
  const consumers = new Map<string, number[]>();
  nodes.forEach((n, i) => n.input.forEach((x) => x && consumers.set(x, [...(consumers.get(x) ?? []), i])));
  const outputs = new Set(model.outputs);
  const found = new Map<number, AdaptivePool>();
  nodes.forEach((first, i) => {
    if (first.op_type !== 'MatMul' || !isDefaultDomain(first) || first.input.length !== 2 || first.output.length !== 1) return;
    const [rowsName, input] = first.input;
    const [pooledRows] = first.output;
    const readers = consumers.get(pooledRows) ?? [];
    if (readers.length !== 1 || outputs.has(pooledRows) || model.initializers.has(input)) return;
    const j = readers[0];
    const second = nodes[j];
    if (second.op_type !== 'MatMul' || !isDefaultDomain(second) || second.input.length !== 2 || second.input[0] !== pooledRows) return;
    const ah = matrix(model.initializers.get(rowsName), model);
    const awT = ah && matrix(model.initializers.get(second.input[1]), model);
    if (!ah || !awT) return;
    // Ah is Oh x H; Aw^T is W x Ow.
    if (!isAveraging(ah.rows, ah.cols, (r, c) => ah.values[r * ah.cols + c])) return;
    if (!isAveraging(awT.cols, awT.rows, (r, c) => awT.values[c * awT.cols + r])) return;
    found.set(j, { first: i, input, inputSize: [ah.cols, awT.rows], outputSize: [ah.rows, awT.cols] });
  });
  return found;
}
