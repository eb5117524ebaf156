// flopscope's library API.
export * from './dsl/index.js';
export { buildGraph } from './ir/build.js';
export type { Graph, Node, ParamRef } from './ir/graph.js';
export { analyze, peakActivationElements, type CostReport, type LayerCost, type Totals, type AnalyzeOptions } from './cost/analyze.js';
export { CONVENTIONS, getConvention, conventionNames, type Convention } from './cost/conventions/index.js';
export { zooArchitecture, zooNames, buildArchitecture, type BuildOptions } from './zoo.js';
export { ZOO } from '../architectures/index.js';
export { parseInputShape } from './shape/input.js';
export { Poly } from './shape/expr.js';
export type { Dim, Shape } from './shape/dim.js';
export { FlopscopeError, type SourceSite } from './errors.js';
export { CATALOGUE, getOp, knownOps, isOpName, defineOp, type OpDef, type OpName } from './ops/index.js';
export { whatIf, type WhatIfOptions, type WhatIfResult, type WhatIfRow, type WhatIfBaseline } from './whatif/what-if.js';
export { formula, type FormulaOptions, type FormulaResult } from './whatif/formula.js';
export { calibrate, loadDeviceProfile, parseDeviceProfile, predictLatency, type DeviceProfile, type LatencyPrediction, type CalibrateOptions } from './device/index.js';
