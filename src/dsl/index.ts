// The architecture DSL: what an architecture author imports.
export * from './layers.js';
export * from './combinators.js';
export { convNormAct, type ConvNormActOptions } from './blocks.js';
export { se, seOptions, cadeneSE, cadeneSENames, WHEN_SE, makeDivisible, SQUEEZES, GATES, type SEOptions, type SENames, type SEOptionSpecs, type Squeeze, type Gate } from './se.js';
export { NUM_CLASSES, defineFamily, defineArchitecture, isArchitecture, resolveOptions, inertOverrides, type InertOverride, parseOption, type Architecture, type Family, type OptionSpec, type OptionSpecs, type OptionValues } from './family.js';
export { isModule, type Module, type Children, type InputInfo } from './module.js';
