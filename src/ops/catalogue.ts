// The op catalogue: every op flopscope knows, in one static list. Nothing registers itself, so any
// entry point (the library, a deep import, the CLI) sees the same ops. Adding an op is its file
// plus one line here; the compiler then asks every convention table for a rule for it.
import { didYouMean, FlopscopeError } from '../errors.js';
import { clip, erf, hardsigmoid, hardswish, leakyrelu, relu, relu6, sigmoid, silu, sqrt, tanh } from './activations.js';
import { adaptiveavgpool } from './adaptive-pool.js';
import { batchnorm } from './batchnorm.js';
import { add, divOp, mulOp, pow, subOp } from './binary.js';
import { concat } from './concat.js';
import { constant } from './constant.js';
import { conv2d } from './conv2d.js';
import { convtranspose2d } from './convtranspose2d.js';
import { expand } from './expand.js';
import { flatten } from './flatten.js';
import { gather } from './gather.js';
import { gemm } from './gemm.js';
import { globalavgpool, globalmaxpool } from './global-pool.js';
import { dropout, identity } from './identity.js';
import { layernorm } from './layernorm.js';
import { linear } from './linear.js';
import { matmul } from './matmul.js';
import { pad } from './pad.js';
import { avgpool, maxpool } from './pool.js';
import { reducemean } from './reducemean.js';
import { reshape } from './reshape.js';
import { resize } from './resize.js';
import { shuffle } from './shuffle.js';
import { slice } from './slice.js';
import { softmax } from './softmax.js';
import { split } from './split.js';
import { transpose } from './transpose.js';
import type { OpDef } from './types.js';

export const CATALOGUE = [
  conv2d,
  convtranspose2d,
  linear,
  gemm,
  matmul,
  batchnorm,
  layernorm,
  relu,
  relu6,
  leakyrelu,
  clip,
  sigmoid,
  hardsigmoid,
  hardswish,
  silu,
  tanh,
  erf,
  softmax,
  sqrt,
  maxpool,
  avgpool,
  globalavgpool,
  globalmaxpool,
  adaptiveavgpool,
  reducemean,
  add,
  subOp,
  mulOp,
  divOp,
  pow,
  concat,
  split,
  shuffle,
  flatten,
  reshape,
  transpose,
  slice,
  gather,
  pad,
  resize,
  expand,
  constant,
  identity,
  dropout,
] as const;

/** The name of an op in the catalogue. */
export type OpName = (typeof CATALOGUE)[number]['name'];

const BY_NAME: ReadonlyMap<string, OpDef> = (() => {
  const map = new Map<string, OpDef>();
  for (const def of CATALOGUE) {
    if (map.has(def.name)) throw new Error(`op '${def.name}' is in the catalogue twice`);
    map.set(def.name, def);
  }
  return map;
})();

/** Every op name, sorted. */
export function knownOps(): OpName[] {
  return (CATALOGUE.map((d) => d.name) as OpName[]).sort();
}

export function isOpName(name: string): name is OpName {
  return BY_NAME.has(name);
}

/** The op's definition; an unknown op is an error that names the layer and the known ops. */
export function getOp(name: string, layer?: string): OpDef {
  const def = BY_NAME.get(name);
  if (def) return def;
  const hint = didYouMean(name, knownOps());
  const where = layer !== undefined ? `layer '${layer}': ` : '';
  throw new FlopscopeError('unknown-op', `${where}unknown op '${name}'; ${hint ? `${hint} ` : ''}known ops: ${knownOps().join(', ')}`, layer);
}
