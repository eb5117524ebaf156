// The ops: the catalogue and the types an op definition is written with.
export { CATALOGUE, getOp, knownOps, isOpName, type OpName } from './catalogue.js';
export { defineOp, checkOpAttrs } from './define.js';
export type { OpDef } from './types.js';
