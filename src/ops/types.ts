import type { SourceSite } from '../errors.js';
import type { Dim, Shape } from '../shape/dim.js';

/** Which layer an op is being checked for, so errors can name it. */
export interface LayerContext {
  readonly layer: string;
  readonly site?: SourceSite;
}

/**
 * A tensor an op owns. `weight` and `bias` are learned parameters; `buffer` is state that is not
 * learned (BatchNorm running mean and variance), kept apart so params match PyTorch's count.
 */
export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly role: 'weight' | 'bias' | 'buffer';
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

/** Everything flopscope knows about one op, side by side so the parts cannot drift apart. */
export interface OpDef<A = Record<string, unknown>> {
  readonly name: string;
  readonly category: OpCategory;
  /** One line for listings and reports. */
  readonly summary: string;
  /** Number of inputs, or 'variadic' (at least two). */
  readonly arity: number | 'variadic';
  /** True when the output aliases the input (flatten, identity, inference dropout): no memory of its own. */
  readonly view?: boolean;
  /** Validates the attributes alone; called when the layer is declared. Throws FlopscopeError. */
  checkAttrs(attrs: A, ctx: LayerContext): void;
  /** Validates the inputs against the attributes and returns the output shape. */
  outputShape(inputs: readonly Shape[], attrs: A, ctx: LayerContext): Shape;
  /** Learned parameters and buffers, from the input shapes and attributes. */
  params(inputs: readonly Shape[], attrs: A): ParamSpec[];
  /** Multiply-accumulates of convolutions and fully connected layers (0 for every other op). */
  macs(inputs: readonly Shape[], output: Shape, attrs: A): Dim;
  /** Element-wise arithmetic; ops that only move data return `none` so the zero is deliberate. */
  work(inputs: readonly Shape[], output: Shape, attrs: A): Partial<ElementwiseWork> | 'none';
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
  /** A parameter or buffer of this layer, with the shape the kernel needs, allocated on first use. */
  param(name: string, shape: readonly number[], role: ParamSpec['role']): Float32Array;
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
  constant(suffix: string, values: readonly number[], type: 'int64' | 'float', dims?: readonly number[]): string;
}
