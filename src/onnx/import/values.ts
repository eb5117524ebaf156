// What a tensor of the ONNX graph is while the importer walks it: an activation (the output of a
// layer, or the graph input), or a constant known at import time (an initializer, a Constant
// node, or what folding a shape subgraph computed, possibly symbolic like [N, 3*H*W]).
import { FlopscopeError } from '../../errors.js';
import { concrete, formatShape, product, type Dim, type Shape } from '../../shape/dim.js';
import { dtypeName } from './tensor-data.js';

export interface Activation {
  readonly kind: 'act';
  /** Producer node id, or GRAPH_INPUT. */
  readonly id: number;
  readonly shape: Shape;
}

/** Values of a constant: numbers or symbolic sizes (shape data), or float32 weights (validation). */
export type Values = readonly Dim[] | Float32Array;

/** Where a constant's contents come from in the file: the key a learned tensor is counted under. */
export interface Source {
  /** The tensor name: an initializer, an Identity of one (a deduplicated parameter), or a Constant node's output. */
  readonly key: string;
  /** An initializer (a learned tensor or a buffer), as opposed to a Constant node of the graph. */
  readonly initializer: boolean;
}

/**
 * A tensor known at import time. `small` constants have values the importer may compute with
 * (shape data, scalars, small tables); a large one (a weight) is known by its dims, and its values
 * are only decoded to run the model (validation), never to decide how the graph is mapped, so
 * counting and validation see the same graph.
 */
export class Constant {
  readonly kind = 'const';
  private cached: Values | undefined;

  constructor(
    readonly dtype: number,
    readonly dims: Shape,
    values: Values | undefined,
    /** Decodes the values on demand (from the file); undefined when they cannot be had. */
    private readonly load?: () => Values,
    readonly source?: Source,
    /** Values the importer may compute with (see above). */
    readonly small: boolean = values !== undefined,
    /** A Range of symbolic length (start, start + step, ... before end): known by its bounds. */
    readonly range?: { readonly start: number; readonly step: number; readonly end: Dim },
  ) {
    this.cached = values;
  }

  /** Element count when it is concrete. */
  get size(): number | undefined {
    const n = concrete(product(this.dims));
    return typeof n === 'number' ? n : undefined;
  }

  /** The values, decoding them if needed; undefined when they are not known (a stripped weight, a symbolic-size fill). */
  values(): Values | undefined {
    if (this.cached === undefined && this.load) this.cached = this.load();
    return this.cached;
  }

  /** Whether values can be had at all (always for small constants; for weights only when loading them). */
  get known(): boolean {
    return this.cached !== undefined || this.load !== undefined;
  }

  /** The values of a small constant, for computing with; undefined for a large one. */
  smallValues(): Values | undefined {
    return this.small ? this.values() : undefined;
  }

  /** A learned tensor: float contents of an initializer. */
  get learned(): boolean {
    return this.source?.initializer === true && (this.dtype === 1 || this.dtype === 10 || this.dtype === 11 || this.dtype === 16);
  }

  describe(): string {
    return `${dtypeName(this.dtype)} constant ${this.dims.length ? formatShape(this.dims) : 'scalar'}${this.source ? ` '${this.source.key}'` : ''}`;
  }
}

export type Value = Activation | Constant;

/** One number out of a value list; a symbolic size where a number is needed is an error. */
export function numberAt(values: Values, i: number, what: string): number {
  const v = values[i];
  const c = concrete(v);
  if (c === undefined) throw new FlopscopeError('bad-input-shape', `${what} depends on the symbolic size ${String(v)}; give concrete sizes with --input`);
  return Number(c);
}

export function numbers(values: Values, what: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) out.push(numberAt(values, i, what));
  return out;
}

export function asDims(values: Values): Dim[] {
  return Array.from(values as ArrayLike<Dim>);
}
