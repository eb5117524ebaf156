// The running state of one configuration's analysis as its nodes stream by: the count sums, and
// the live activation memory with its peak. A tensor is freed after its last reader, as the cost
// pass frees it (peakActivationElements): each tensor counts its pending readers, and a view
// (flatten, identity) reads its input and hands the same tensor on. A node's or a subtree's whole
// contribution is an Effect, so a memoised subtree is applied in one step.
import { totalsOf, type Sums, type Totals } from '../cost/analyze.js';
import type { Shape } from '../shape/dim.js';

/** The totals' element sums, in this order, as plain numbers. */
export const SUM_KEYS = ['params', 'buffers', 'macs', 'flops', 'add', 'mul', 'cmp', 'div', 'exp', 'activationElements', 'trafficElements'] as const;
export const SUMS = SUM_KEYS.length;

/** A concrete tensor shape, interned: equal shapes are one object, told apart by id. */
export interface ShapeInfo {
  readonly id: number;
  readonly shape: Shape;
  readonly elements: number;
}

/**
 * What a node or a subtree does, given its input: counts to add, and the live activation memory
 * its steps add to what was live when it started (its input not counted). `pre` is the highest
 * such value up to the step where it reads its input for the last time, `post` the highest after
 * (-Infinity when there are no such steps); `end` is what is still live when it is done. When
 * `alias` is set, the output is a view of the input's tensor.
 */
export interface Effect {
  readonly out: ShapeInfo;
  readonly sums: Float64Array;
  readonly pre: number;
  readonly post: number;
  readonly end: number;
  /** Elements of the tensor that holds the output (0 for an alias). */
  readonly outSize: number;
  readonly alias: boolean;
  /** The node owns learned parameters (reusing its layer object would share them). */
  readonly hasParams: boolean;
  /** How much deeper than its root the subtree's modules nest (0 for a node). */
  readonly depth: number;
}

/** The effect of one node: it allocates its output (unless it is a view), then frees its inputs. */
export function nodeEffect(out: ShapeInfo, sums: Float64Array, view: boolean, hasParams: boolean): Effect {
  const size = view ? 0 : out.elements;
  return { out, sums, pre: size, post: -Infinity, end: size, outSize: size, alias: view, hasParams, depth: 0 };
}

/** A subtree being recorded: the stand-in tensor of its input, and its `pre` once that is read for the last time. */
interface Recording {
  readonly standIn: number;
  pre: number;
  readonly saved: { readonly live: number; readonly peak: number; readonly sums: Float64Array };
}

export class TensorStream {
  private readonly shapes = new Map<string, ShapeInfo>();
  private sums: Float64Array = new Float64Array(SUMS);
  private live = 0;
  private peak = 0;
  // Tensor handles (values) and the tensors (owners) they read: a view's output is a new handle
  // on its input's tensor.
  private valueInfo: ShapeInfo[] = [];
  private valueOwner: number[] = [];
  private values = 0;
  private ownerSize: number[] = [];
  private ownerReaders: number[] = [];
  private owners = 0;
  private readonly recordings: Recording[] = [];

  /** The interned shape, or undefined when it is symbolic or has 2^53 elements or more. */
  shapeInfo(shape: Shape): ShapeInfo | undefined {
    let text = '';
    let elements = 1;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i];
      if (typeof d !== 'number') return undefined;
      text += i ? `x${d}` : `${d}`;
      elements *= d;
    }
    if (!(elements <= Number.MAX_SAFE_INTEGER)) return undefined;
    let info = this.shapes.get(text);
    if (!info) this.shapes.set(text, (info = { id: this.shapes.size, shape, elements }));
    return info;
  }

  /** Starts a configuration: its input is live, nothing counted yet. Returns the input's handle. */
  start(input: ShapeInfo): number {
    this.sums.fill(0);
    this.values = 0;
    this.owners = 0;
    this.recordings.length = 0;
    this.live = input.elements;
    this.peak = input.elements;
    return this.newValue(input, this.newOwner(input.elements));
  }

  /** The totals so far; undefined past 2^53 (the counts then need bigints). */
  totals(bytes: number): Totals | undefined {
    const sums = {} as Sums;
    for (let i = 0; i < SUMS; i++) {
      if (!(this.sums[i] <= Number.MAX_SAFE_INTEGER)) return undefined;
      sums[SUM_KEYS[i]] = this.sums[i];
    }
    return totalsOf(sums, this.peak <= Number.MAX_SAFE_INTEGER ? this.peak : undefined, bytes);
  }

  info(v: number): ShapeInfo {
    return this.valueInfo[v];
  }

  private newOwner(size: number): number {
    const o = this.owners++;
    this.ownerSize[o] = size;
    this.ownerReaders[o] = 0;
    return o;
  }

  /** A handle on tensor `owner`, with one pending reader. */
  private newValue(info: ShapeInfo, owner: number): number {
    const v = this.values++;
    this.valueInfo[v] = info;
    this.valueOwner[v] = owner;
    this.ownerReaders[owner]++;
    return v;
  }

  /** One more reader of `v` later on (a residual's shortcut, a second branch). */
  hold(v: number): number {
    this.ownerReaders[this.valueOwner[v]]++;
    return v;
  }

  /** A reader of `v` is done; the tensor is freed when it was the last. */
  private release(v: number): void {
    const o = this.valueOwner[v];
    if (--this.ownerReaders[o] > 0) return;
    this.live -= this.ownerSize[o];
    const n = this.recordings.length;
    if (n === 0) return;
    const r = this.recordings[n - 1];
    if (o === r.standIn) {
      // The recorded subtree has read its input for the last time: what follows is `post`.
      r.pre = this.peak;
      this.peak = -Infinity;
    }
  }

  /** Applies an effect to input `x` (its last read of `x`) and returns its output. */
  apply(e: Effect, x: number): number {
    this.count(e);
    if (e.alias) {
      const out = this.newValue(e.out, this.valueOwner[x]);
      this.release(x);
      this.live += e.end;
      return out;
    }
    this.release(x);
    return this.finish(e);
  }

  applyPair(e: Effect, a: number, b: number): number {
    this.count(e);
    this.release(a);
    this.release(b);
    return this.finish(e);
  }

  applyMany(e: Effect, inputs: readonly number[]): number {
    this.count(e);
    for (const v of inputs) this.release(v);
    return this.finish(e);
  }

  /** The counts, and the steps up to the last read of the input. */
  private count(e: Effect): void {
    const sums = this.sums;
    const add = e.sums;
    for (let i = 0; i < SUMS; i++) sums[i] += add[i];
    if (this.live + e.pre > this.peak) this.peak = this.live + e.pre;
  }

  /** The steps after the input was read, and the output tensor. */
  private finish(e: Effect): number {
    if (this.live + e.post > this.peak) this.peak = this.live + e.post;
    this.live += e.end;
    return this.newValue(e.out, this.newOwner(e.outSize));
  }

  /**
   * Starts recording a subtree's effect on input `input`: counts and memory from zero, the input
   * a stand-in tensor of no size. Returns the stand-in's handle; `endRecording` gives the effect
   * and puts the running state back as it was.
   */
  beginRecording(input: ShapeInfo): number {
    const standIn = this.newOwner(0);
    this.recordings.push({ standIn, pre: NaN, saved: { live: this.live, peak: this.peak, sums: this.sums } });
    this.sums = new Float64Array(SUMS);
    this.live = 0;
    this.peak = -Infinity;
    return this.newValue(input, standIn);
  }

  /** The recorded effect, given the subtree's output; undefined when the subtree never read its input. */
  endRecording(out: number, depth: number): Effect | undefined {
    const r = this.recordings.pop()!;
    const state = { sums: this.sums, live: this.live, peak: this.peak };
    this.live = r.saved.live;
    this.peak = r.saved.peak;
    this.sums = r.saved.sums;
    const released = !Number.isNaN(r.pre);
    const alias = this.valueOwner[out] === r.standIn;
    // Every module reads its input or hands it on; anything else is left to the full analysis.
    if (!released && !alias) return undefined;
    return {
      out: this.valueInfo[out],
      sums: state.sums,
      pre: released ? r.pre : state.peak,
      post: released ? state.peak : -Infinity,
      end: state.live,
      outSize: alias ? 0 : this.ownerSize[this.valueOwner[out]],
      alias,
      hasParams: false,
      depth,
    };
  }
}
