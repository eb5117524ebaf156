// Importing this module registers every op once.
export { conv2d, type Conv2dAttrs } from './conv2d.js';
export { linear, type LinearAttrs } from './linear.js';
export { batchnorm, type BatchNormAttrs } from './batchnorm.js';
export { relu, relu6, sigmoid, hardsigmoid, hardswish, silu, tanh } from './activations.js';
export { maxpool, avgpool, type PoolAttrs } from './pool.js';
export { globalavgpool, globalmaxpool } from './global-pool.js';
export { adaptiveavgpool, adaptiveWindowSum, type AdaptivePoolAttrs } from './adaptive-pool.js';
export { add, mulOp, broadcastShapes } from './binary.js';
export { scaleby, type ScaleByAttrs } from './scale-by.js';
export { flatten, identity, dropout, concat, split, shuffle, type DropoutAttrs, type SplitAttrs, type ShuffleAttrs } from './data.js';
export { getOp, knownOps, registerOp } from './registry.js';
export type { OpDef, ParamSpec, ElementwiseWork, WorkKind, OpCategory, LayerContext } from './types.js';
export { WORK_KINDS } from './types.js';
