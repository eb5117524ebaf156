// Totals of many configurations of one architecture, re-analysing only what differs. The module
// tree of each configuration is walked with the IR builder's rules, but without building the graph:
// every node's counts are memoised by (op, attributes, input shapes, SE marker), and a deferred
// module that carries a key (the SE block) is memoised as a whole subtree by (key, input shape).
// Peak activation memory is tracked as the nodes stream by, with the cost pass's rule: a tensor is
// freed after its last consumer, views keep the tensor they alias alive. Anything unusual (a
// symbolic or huge size, a layer object used twice, any error) falls back to the full build and
// analysis, so every result equals `analyze(buildArchitecture(...))` exactly.
import { addCounts, analyze, emptySums, newCounted, nodeCounts, totalsOf, type Sums, type Totals } from '../cost/analyze.js';
import type { Convention } from '../cost/conventions/index.js';
import { dtypeBytes } from '../cost/dtype.js';
import { resolveOptions, type Architecture } from '../dsl/family.js';
import { type DeferredModule, type Entry, type LayerModule, type Module } from '../dsl/module.js';
import { isSE } from '../dsl/se-marker.js';
import { MAX_DEPTH, resolveNode } from '../ir/build.js';
import type { Shape } from '../shape/dim.js';
import { buildArchitecture } from '../zoo.js';
import { attrsHash, attrsKey, matchesKey, type AttrsKey } from './attrs-key.js';

/** A concrete tensor shape, interned: equal shapes are one object. */
interface ShapeInfo {
  readonly id: number;
  readonly shape: Shape;
  readonly elements: number;
}

/** The totals, in order, as plain numbers. */
const SUM_KEYS = ['params', 'buffers', 'macs', 'flops', 'add', 'mul', 'cmp', 'div', 'exp', 'activationElements', 'trafficElements'] as const;
const SUMS = SUM_KEYS.length;

/**
 * What a node or a subtree does to the running state, given its input: counts to add, and the
 * live activation memory it adds at its steps relative to the moment it starts (its input not
 * counted). `pre` is the highest such value up to the step where it last reads its input, `post`
 * the highest after (-Infinity when there are no such steps); `end` is what stays live when it
 * is done. When `alias` is set the output is a view of the input's tensor.
 */
interface Effect {
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

/** Memoised effects of one op with one set of attributes, by input shapes and SE marker. */
interface NodeMemo {
  readonly key: AttrsKey;
  readonly byInput: Map<number, Effect>;
}

/** Thrown to leave the fast path; the configuration is then analysed in full. */
class Fallback {}
const FALLBACK = new Fallback();

/** The attributes of the nodes the builder adds itself (add, mul, concat). */
const NO_ATTRS = {};

/** Resolved options are equal: same keys, equal values (lists item by item). */
function sameOptions(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length || x.some((v, i) => !Object.is(v, y[i]))) return false;
    } else if (!Object.is(x, y)) return false;
  }
  return true;
}

function join(path: string, name: string): string {
  return !name ? path : !path ? name : `${path}.${name}`;
}

export interface SweepStats {
  /** Configurations analysed on the fast path, and those that fell back to a full analysis. */
  fast: number;
  full: number;
}

export class SweepAnalyzer {
  readonly stats: SweepStats = { fast: 0, full: 0 };
  private readonly bytes: number;
  private readonly counted = newCounted();
  private readonly shapes = new Map<string, ShapeInfo>();
  private readonly nodes = new Map<number, NodeMemo | NodeMemo[]>();
  private readonly adds = new Map<number, Effect>();
  private readonly muls = new Map<number, Effect>();
  private readonly concats = new Map<string, Effect>();
  private readonly splits = new Map<string, Effect>();
  /** The memo of the layer met at each position of the last walk. */
  private readonly byPosition: (NodeMemo | undefined)[] = [];
  private layerIndex = 0;
  /** Names of the enclosing named blocks. */
  private readonly scope: string[] = [];
  private readonly subtrees = new Map<string, Map<number, Effect>>();
  private lastOptions: Readonly<Record<string, unknown>> | undefined;
  private lastModule: Module | undefined;

  // The running state of one configuration: totals, live memory and its peak, and tensors with
  // their reference counts (a tensor is freed when its last pending reader has read it).
  private sums = new Float64Array(SUMS);
  private live = 0;
  private peak = 0;
  private valueInfo: ShapeInfo[] = [];
  private valueOwner: number[] = [];
  private values = 0;
  private ownerSize: number[] = [];
  private ownerRefs: number[] = [];
  private owners = 0;
  private readonly paramLayers = new Set<LayerModule>();
  /** Stack of subtrees being recorded: the stand-in tensor of each one's input, and its `pre` once released. */
  private watch: number[] = [];
  /** The deepest module nesting met so far (recorded subtrees must fit where they are reused). */
  private deepest = 0;
  private watchPre: number[] = [];

  constructor(
    private readonly arch: Architecture,
    private readonly convention: Convention,
    private readonly dtype: string,
  ) {
    this.bytes = dtypeBytes(dtype);
  }

  /** The totals `analyze(buildArchitecture(arch, { set, input }))` gives, with the same errors. */
  totals(set: Readonly<Record<string, unknown>>, input: Shape): Totals {
    let module: Module;
    try {
      module = this.build(set);
    } catch {
      return this.full(set, input);
    }
    try {
      const totals = this.run(module, input);
      if (totals) {
        this.stats.fast++;
        return totals;
      }
    } catch (e) {
      if (!(e instanceof Fallback)) return this.full(set, input);
    }
    return this.full(set, input);
  }

  /** The configuration's module tree; the last one is reused while only the input changes. */
  private build(set: Readonly<Record<string, unknown>>): Module {
    const resolved = resolveOptions(this.arch, set);
    if (!this.lastModule || !this.lastOptions || !sameOptions(resolved, this.lastOptions)) {
      this.lastModule = this.arch.family.build(resolved);
      this.lastOptions = resolved;
    }
    return this.lastModule;
  }

  private full(set: Readonly<Record<string, unknown>>, input: Shape): Totals {
    this.stats.full++;
    return analyze(buildArchitecture(this.arch, { set, input }), { convention: this.convention, dtype: this.dtype, perLayer: false }).totals;
  }

  private run(root: Module, input: Shape): Totals | undefined {
    const x = this.shapeInfo(input);
    if (!x) return undefined;
    this.sums.fill(0);
    this.values = 0;
    this.owners = 0;
    this.paramLayers.clear();
    this.watch.length = 0;
    this.watchPre.length = 0;
    this.deepest = 0;
    this.layerIndex = 0;
    this.scope.length = 0;
    const owner = this.newOwner(x.elements);
    this.live = x.elements;
    this.peak = x.elements;
    this.walk(root, '', this.newValue(x, owner), false, 0);
    const sums: Sums = emptySums();
    for (let i = 0; i < SUMS; i++) {
      // Past 2^53 the counts need bigints: the full analysis gives them.
      if (!(this.sums[i] <= Number.MAX_SAFE_INTEGER)) return undefined;
      sums[SUM_KEYS[i]] = this.sums[i];
    }
    return totalsOf(sums, this.peak <= Number.MAX_SAFE_INTEGER ? this.peak : undefined, this.bytes);
  }

  // ---- tensors and their readers ----

  private shapeInfo(shape: Shape): ShapeInfo | undefined {
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

  private newOwner(size: number): number {
    const o = this.owners++;
    this.ownerSize[o] = size;
    this.ownerRefs[o] = 0;
    return o;
  }

  /** A tensor handle with one pending reader. */
  private newValue(info: ShapeInfo, owner: number): number {
    const v = this.values++;
    this.valueInfo[v] = info;
    this.valueOwner[v] = owner;
    this.ownerRefs[owner]++;
    return v;
  }

  /** One more reader of `v` later on (a residual's shortcut, a second branch). */
  private hold(v: number): number {
    this.ownerRefs[this.valueOwner[v]]++;
    return v;
  }

  /** A reader of `v` is done; the tensor is freed when it was the last. */
  private release(v: number): void {
    const o = this.valueOwner[v];
    if (--this.ownerRefs[o] > 0) return;
    this.live -= this.ownerSize[o];
    const w = this.watch.length - 1;
    if (w >= 0 && o === this.watch[w]) {
      // The recorded subtree has read its input for the last time: what follows is `post`.
      this.watchPre[w] = this.peak;
      this.peak = -Infinity;
    }
  }

  /** Applies an effect to input `x` (its last read of `x`) and returns its output. */
  private apply(e: Effect, x: number): number {
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

  private applyPair(e: Effect, a: number, b: number): number {
    this.count(e);
    this.release(a);
    this.release(b);
    return this.finish(e);
  }

  private applyMany(e: Effect, inputs: readonly number[]): number {
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

  // ---- the module walk (the IR builder's rules) ----

  private walk(m: Module, name: string, x: number, se: boolean, depth: number): number {
    // Cycles and nesting past MAX_DEPTH are errors the builder reports (a cycle nests forever).
    if (depth >= MAX_DEPTH) throw FALLBACK;
    if (depth > this.deepest) this.deepest = depth;
    // A non-module has no known kind (or no properties at all): the builder reports it too.
    switch (m.kind) {
      case 'layer':
        return this.layer(m, x, se);
      case 'tag':
        return this.walk(m.body, name, x, se || isSE(m.tags), depth + 1);
      case 'deferred':
        return this.deferred(m, name, x, se, depth);
      case 'seq': {
        this.openScope(name);
        const out = this.entries(m.children, x, se, depth);
        this.closeScope(name);
        return out;
      }
      case 'residual': {
        this.openScope(name);
        const body = this.entries(m.body, this.hold(x), se, depth);
        let shortcut = x;
        if (m.shortcut) {
          if (m.shortcut[0].includes('.')) throw FALLBACK;
          shortcut = this.walk(m.shortcut[1], m.shortcut[0], x, se, depth + 1);
        }
        if (this.valueInfo[body] !== this.valueInfo[shortcut]) throw FALLBACK;
        const out = this.entries(m.after, this.pairNode(this.adds, 'add', body, shortcut, se), se, depth);
        this.closeScope(name);
        return out;
      }
      case 'concat': {
        this.openScope(name);
        const n = m.branches.length;
        if (n === 0 || (m.split !== undefined && m.split !== n)) throw FALLBACK;
        for (let i = 1; i < n; i++) this.hold(x);
        const outs: number[] = [];
        for (let i = 0; i < n; i++) {
          const [branchName, branch] = m.branches[i];
          if (branchName.includes('.')) throw FALLBACK;
          const input = m.split !== undefined ? this.split(x, m.split, i, se) : x;
          outs.push(this.walk(branch, branchName, input, se, depth + 1));
        }
        const out = this.entries(m.after, this.concatNode(outs, se), se, depth);
        this.closeScope(name);
        return out;
      }
      case 'scale': {
        this.openScope(name);
        const gate = this.entries(m.gate, this.hold(x), se, depth);
        this.closeScope(name);
        return this.pairNode(this.muls, 'mul', x, gate, se);
      }
      default:
        throw FALLBACK;
    }
  }

  /** Named blocks open a naming scope (the path a deferred builder is told); unnamed ones stay in their parent's. */
  private openScope(name: string): void {
    if (name) this.scope.push(name);
  }

  private closeScope(name: string): void {
    if (name) this.scope.pop();
  }

  private entries(list: readonly Entry[], x: number, se: boolean, depth: number): number {
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      const name = entry[0];
      if (name.includes('.')) throw FALLBACK;
      x = this.walk(entry[1], name, x, se, depth + 1);
    }
    return x;
  }

  private layer(m: LayerModule, x: number, se: boolean): number {
    if (m.problem !== undefined) throw FALLBACK;
    // The layer met at this position last time is the likely match: one comparison, no hashing.
    const pos = this.layerIndex++;
    let memo = this.byPosition[pos];
    if (memo === undefined || !matchesKey(memo.key, m.op, m.attrs)) {
      memo = this.nodeMemo(m.op, m.attrs);
      this.byPosition[pos] = memo;
    }
    const k = this.valueInfo[x].id * 2 + (se ? 1 : 0);
    let e = memo?.byInput.get(k);
    if (e === undefined) {
      e = this.computeNode(m.op, m.attrs, x, se, m);
      memo?.byInput.set(k, e);
    }
    if (e.hasParams) {
      // A layer object used twice shares its weights (counted once): the full analysis handles it.
      if (this.paramLayers.has(m)) throw FALLBACK;
      this.paramLayers.add(m);
    }
    return this.apply(e, x);
  }

  /** The memo of an op with these attributes; undefined when they cannot be keyed. */
  private nodeMemo(op: string, attrs: Readonly<Record<string, unknown>>): NodeMemo | undefined {
    const hash = attrsHash(op, attrs);
    if (hash === undefined) return undefined;
    const bucket = this.nodes.get(hash);
    let memo: NodeMemo | undefined;
    if (bucket !== undefined) {
      if (!Array.isArray(bucket)) memo = matchesKey(bucket.key, op, attrs) ? bucket : undefined;
      else memo = bucket.find((b) => matchesKey(b.key, op, attrs));
    }
    if (!memo) {
      memo = { key: attrsKey(op, attrs), byInput: new Map() };
      if (bucket === undefined) this.nodes.set(hash, memo);
      else if (Array.isArray(bucket)) bucket.push(memo);
      else this.nodes.set(hash, [bucket, memo]);
    }
    return memo;
  }

  /** The residual's add or the SE scale's mul: two inputs, no attributes. */
  private pairNode(memo: Map<number, Effect>, op: 'add' | 'mul', a: number, b: number, se: boolean): number {
    const ia = this.valueInfo[a].id;
    const ib = this.valueInfo[b].id;
    // Shape ids stay far below 2^21 (one per distinct shape), so the key is exact.
    const k = ((ia * 2097152 + ib) * 2) + (se ? 1 : 0);
    let e = memo.get(k);
    if (e === undefined) memo.set(k, (e = this.computeNode(op, NO_ATTRS, [a, b], se)));
    return this.applyPair(e, a, b);
  }

  private concatNode(inputs: readonly number[], se: boolean): number {
    const k = `${inputs.map((v) => this.valueInfo[v].id).join(',')}|${se}`;
    let e = this.concats.get(k);
    if (e === undefined) this.concats.set(k, (e = this.computeNode('concat', NO_ATTRS, inputs, se)));
    return this.applyMany(e, inputs);
  }

  private split(x: number, chunks: number, index: number, se: boolean): number {
    const k = `${this.valueInfo[x].id}|${chunks}|${index}|${se}`;
    let e = this.splits.get(k);
    if (e === undefined) this.splits.set(k, (e = this.computeNode('split', { chunks, index }, x, se)));
    return this.apply(e, x);
  }

  /** One node's effect, from the op's own rules (the same calls the builder and the cost pass make). */
  private computeNode(op: string, attrs: Readonly<Record<string, unknown>>, inputs: readonly number[] | number, se: boolean, layer?: LayerModule): Effect {
    const inputShapes = typeof inputs === 'number' ? [this.valueInfo[inputs].shape] : inputs.map((v) => this.valueInfo[v].shape);
    // Errors name the layer; the full analysis reports them with its real path.
    const { def, outputShape, specs } = resolveNode(op, attrs, inputShapes, { layer: op }, layer);
    const out = this.shapeInfo(outputShape);
    if (!out) throw FALLBACK;
    const params = specs.map((p) => ({ ...p, key: p.name }));
    const c = nodeCounts({ op: def.name as never, name: op, attrs, inputShapes, outputShape, params, sharedParams: false }, se, this.convention, this.counted);
    const t = emptySums();
    addCounts(t, c);
    const sums = new Float64Array(SUMS);
    for (let i = 0; i < SUMS; i++) {
      const v = t[SUM_KEYS[i]];
      if (typeof v !== 'number') throw FALLBACK;
      sums[i] = v;
    }
    const view = def.view === true;
    const size = view ? 0 : out.elements;
    return { out, sums, pre: size, post: -Infinity, end: size, outSize: size, alias: view, hasParams: specs.length > 0, depth: 0 };
  }

  // ---- deferred modules ----

  private deferred(m: DeferredModule, name: string, x: number, se: boolean, depth: number): number {
    const info = this.valueInfo[x];
    const channels = info.shape[1];
    if (typeof channels !== 'number') throw FALLBACK;
    const key = m.key;
    if (key === undefined) return this.walk(this.built(m, channels, name), name, x, se, depth + 1);
    // A keyed builder makes the same module for the same channel count: its whole subtree is
    // memoised by its input shape.
    let byInput = this.subtrees.get(key);
    if (!byInput) this.subtrees.set(key, (byInput = new Map()));
    const k = info.id * 2 + (se ? 1 : 0);
    let e = byInput.get(k);
    if (!e) byInput.set(k, (e = this.record(() => this.built(m, channels, name), name, info, se, depth + 1)));
    else if (depth + 1 + e.depth >= MAX_DEPTH) throw FALLBACK;
    return this.apply(e, x);
  }

  /** What a deferred module builds here, told the path the builder would tell it. */
  private built(m: DeferredModule, channels: number, name: string): Module {
    return m.build({ channels, path: join(this.scope.join('.'), name) });
  }

  /** Walks a subtree (its root at `depth`) on a stand-in input and returns its effect; the running state is left as it was. */
  private record(build: () => Module, name: string, input: ShapeInfo, se: boolean, depth: number): Effect {
    const saved = { live: this.live, peak: this.peak, sums: this.sums, deepest: this.deepest };
    this.sums = new Float64Array(SUMS);
    this.live = 0;
    this.peak = -Infinity;
    this.deepest = depth;
    const standIn = this.newOwner(0);
    const x = this.newValue(input, standIn);
    this.watch.push(standIn);
    this.watchPre.push(NaN);
    try {
      const out = this.walk(build(), name, x, se, depth);
      const pre = this.watchPre[this.watchPre.length - 1];
      const released = !Number.isNaN(pre);
      const alias = this.valueOwner[out] === standIn;
      // Every module reads its input or passes it on; anything else is left to the full analysis.
      if (!released && !alias) throw FALLBACK;
      return {
        out: this.valueInfo[out],
        sums: this.sums,
        pre: released ? pre : this.peak,
        post: released ? this.peak : -Infinity,
        end: this.live,
        outSize: alias ? 0 : this.ownerSize[this.valueOwner[out]],
        alias,
        hasParams: false,
        depth: this.deepest - depth,
      };
    } finally {
      this.watch.pop();
      this.watchPre.pop();
      this.live = saved.live;
      this.peak = saved.peak;
      this.sums = saved.sums;
      this.deepest = Math.max(saved.deepest, this.deepest);
    }
  }
}
