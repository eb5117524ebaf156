import type { SourceSite } from '../errors.js';
import type { Dim, Shape } from '../shape/dim.js';
import type { AttrSchema } from './attrs.js';

/** Which layer an op is being checked for, so errors can name it. */
export interface LayerContext {
  readonly layer: string;
  readonly site?: SourceSite;
}

/**
 * How the executor fills a parameter with seeded values: uniform in +-sqrt(3 / fan-in) (unit
 * variance out for unit variance in; fan-in is every axis after the first), or uniform in a range.
 */
export type ParamInit = { readonly kind: 'fan-in' } | { readonly kind: 'uniform'; readonly low: number; readonly high: number };

/**
 * A tensor an op owns. `weight` and `bias` are learned parameters; `buffer` is state that is not
 * learned (BatchNorm running mean and variance), kept apart so params match PyTorch's count.
 */
export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly role: 'weight' | 'bias' | 'buffer';
  readonly init: ParamInit;
}

/** Element-wise work by kind (Netscope's buckets). MACs are kept apart from these. */
export interface ElementwiseWork {
  readonly add: Dim;
  readonly mul: Dim;
  readonly cmp: Dim;
  readonly div: Dim;
  readonly exp: Dim;
}

export const WORK_KINDS = ['add', 'mul', 'cmp', 'div', 'exp'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export type OpCategory = 'conv' | 'linear' | 'norm' | 'activation' | 'pool' | 'elementwise' | 'data';

/**
 * What an op counts, in words, for `flopscope ops` and the README: MACs, and each element-wise
 * bucket per output element unless the text says otherwise. 'none' for ops that only move data.
 */
export type CountsDoc = Readonly<Partial<Record<'macs' | WorkKind, string>>> | 'none';

/** Everything flopscope knows about one op, side by side so the parts cannot drift apart. */
export interface OpDef<A = any, N extends string = string> {
  readonly name: N;
  readonly category: OpCategory;
  /** One line for listings and reports. */
  readonly summary: string;
  /** What it counts, in words (the op table). */
  readonly counts: CountsDoc;
  /** Its parameters, in words; absent when it has none. */
  readonly paramsDoc?: string;
  /** Number of inputs, or the least number of a variadic op. */
  readonly arity: number | { readonly min: number };
  /** True when the output aliases the input (flatten, identity, inference dropout): no memory of its own. */
  readonly view?: boolean;
  /** Each attribute's type and tuple length, checked before anything else reads them. */
  readonly attrs: AttrSchema<A>;
  /** Checks between attributes (after the schema): e.g. groups must divide outChannels. Throws FlopscopeError. */
  checkAttrs?(attrs: A, ctx: LayerContext): void;
  /** Validates the inputs against the attributes and returns the output shape. */
  outputShape(inputs: readonly Shape[], attrs: A, ctx: LayerContext): Shape;
  /** Learned parameters and buffers, with their initialisers, from the input shapes and attributes. */
  params(inputs: readonly Shape[], attrs: A): ParamSpec[];
  /** Multiply-accumulates of convolutions and fully connected layers (0 for every other op). */
  macs(inputs: readonly Shape[], output: Shape, attrs: A): Dim;
  /** Element-wise arithmetic; ops that only move data return `none` so the zero is deliberate. */
  work(inputs: readonly Shape[], output: Shape, attrs: A): Partial<ElementwiseWork> | 'none';
  /** Elements of scratch memory the reference kernel allocates besides its output (im2col columns). */
  scratch?(inputs: readonly (readonly number[])[], output: readonly number[], attrs: A): number;
  /**
   * Reference kernel: computes the output on Float32Array and counts, in its loops, the
   * multiply-accumulates and element-wise operations it performs (checked against `macs`/`work`).
   */
  kernel(inputs: readonly Tensor[], attrs: A, ctx: KernelContext): Tensor;
  /** ONNX mapping: emits the node(s) of this layer; returns the name of its output tensor. */
  onnx(inputs: readonly string[], attrs: A, b: OnnxBuilder, inputShapes: readonly Shape[]): string;
}

/** A dense row-major float32 tensor with a concrete shape. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** What a reference kernel counted while it ran; same buckets as the cost model. */
export interface WorkCount {
  macs: number;
  add: number;
  mul: number;
  cmp: number;
  div: number;
  exp: number;
}

export interface KernelContext {
  /** Counters the kernel increments as it works. */
  readonly count: WorkCount;
  /** A parameter or buffer of this layer (as its params() declares it), allocated on first use. */
  param(name: string): Float32Array;
}

/** An ONNX attribute value: integers become INT/INTS; wrap floats with `{ float }`. */
export type OnnxAttr = number | readonly number[] | string | { readonly float: number };

export interface OnnxBuilder {
  /** The layer being mapped, so a mapping that refuses can name it. */
  readonly layer: string;
  /** Emits a node named after the layer (or `layer/suffix` for a helper node); returns its output. */
  node(opType: string, inputs: readonly string[], attrs?: Readonly<Record<string, OnnxAttr>>, suffix?: string): string;
  /** The initializer that holds this layer's parameter or buffer `name` (weight, bias, running_mean, ...). */
  param(name: string): string;
  /**
   * A constant the mapping needs (Clip bounds, Slice indices, pooling matrices), which is not a
   * model parameter; 1-D unless `dims` is given.
   */
  constant(suffix: string, values: readonly number[] | Float32Array, type: 'int64' | 'float', dims?: readonly number[]): string;
}
