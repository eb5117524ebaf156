// The ops: the catalogue and the types an op definition is written with.
export { CATALOGUE, getOp, knownOps, isOpName, type OpName } from './catalogue.js';
export { defineOp, checkOpAttrs } from './define.js';
export { checkSchema } from './attrs.js';
export type { Conv2dAttrs } from './conv2d.js';
export type { LinearAttrs } from './linear.js';
export type { BatchNormAttrs } from './batchnorm.js';
export type { PoolAttrs } from './pool.js';
export type { AdaptivePoolAttrs } from './adaptive-pool.js';
export type { DropoutAttrs } from './identity.js';
export type { SplitAttrs } from './split.js';
export type { ShuffleAttrs } from './shuffle.js';
export type { ScaleByAttrs } from './scale-by.js';
export { adaptiveWindowSum } from './adaptive-pool.js';
export { broadcastShapes } from './binary.js';
export type { OpDef, ParamSpec, ParamInit, ElementwiseWork, WorkKind, OpCategory, LayerContext, CountsDoc } from './types.js';
export { WORK_KINDS } from './types.js';
