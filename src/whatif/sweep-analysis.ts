// Totals of many configurations of one architecture, re-analysing only what differs. The module
// tree of each configuration is walked with the IR builder's rules, but without building the graph:
// every node's counts are memoised by (op, attributes, input shapes, SE marker), and a deferred
// module that carries a key (the SE block) is memoised as a whole subtree by (key, input shape).
// Peak activation memory is tracked as the nodes stream by, with the cost pass's rule: a tensor is
// freed after its last consumer, views keep the tensor they alias alive. Anything unusual (a
// symbolic or huge size, a layer object used twice, any error) falls back to the full build and
// analysis, so every result equals `analyze(buildArchitecture(...))` exactly.
import { addCounts, analyze, emptySums, newCounted, nodeCounts, type Totals } from '../cost/analyze.js';
import type { Convention } from '../cost/conventions/index.js';
import { dtypeBytes, type DtypeName } from '../cost/dtype.js';
import { resolveOptions, type Architecture } from '../dsl/family.js';
import { type DeferredModule, type Entry, type LayerModule, type Module } from '../dsl/module.js';
import { isSE } from '../dsl/se-marker.js';
import { MAX_DEPTH, resolveNode } from '../ir/build.js';
import type { Shape } from '../shape/dim.js';
import { buildArchitecture } from '../zoo.js';
import { attrsHash, attrsKey, matchesKey, type AttrsKey } from './attrs-key.js';
import { nodeEffect, SUM_KEYS, SUMS, TensorStream, type Effect, type ShapeInfo } from './tensor-stream.js';

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

  /** The running state of the configuration being analysed. */
  private readonly stream = new TensorStream();
  /** Layer objects with parameters met in this configuration (one met twice shares its weights). */
  private readonly paramLayers = new Set<LayerModule>();
  /** The deepest module nesting met so far (recorded subtrees must fit where they are reused). */
  private deepest = 0;

  constructor(
    private readonly arch: Architecture,
    private readonly convention: Convention,
    private readonly dtype: DtypeName,
  ) {
    this.bytes = dtypeBytes(dtype);
  }

  /** The totals `analyze(buildArchitecture(arch, { set, input }))` gives, with the same errors. */
  totals(set: Readonly<Record<string, unknown>>, input: Shape): Totals {
    try {
      const totals = this.run(this.build(set), input);
      if (totals) {
        this.stats.fast++;
        return totals;
      }
    } catch {
      // A fallback or any error: the full analysis gives the totals, or the error with its real path.
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
    const x = this.stream.shapeInfo(input);
    if (!x) return undefined;
    this.paramLayers.clear();
    this.deepest = 0;
    this.layerIndex = 0;
    this.scope.length = 0;
    this.walk(root, '', this.stream.start(x), false, 0);
    return this.stream.totals(this.bytes);
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
        const body = this.entries(m.body, this.stream.hold(x), se, depth);
        let shortcut = x;
        if (m.shortcut) {
          if (m.shortcut[0].includes('.')) throw FALLBACK;
          shortcut = this.walk(m.shortcut[1], m.shortcut[0], x, se, depth + 1);
        }
        if (this.stream.info(body) !== this.stream.info(shortcut)) throw FALLBACK;
        const out = this.entries(m.after, this.pairNode(this.adds, 'add', body, shortcut, se), se, depth);
        this.closeScope(name);
        return out;
      }
      case 'concat': {
        this.openScope(name);
        const n = m.branches.length;
        if (n === 0 || (m.split !== undefined && m.split !== n)) throw FALLBACK;
        for (let i = 1; i < n; i++) this.stream.hold(x);
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
        const gate = this.entries(m.gate, this.stream.hold(x), se, depth);
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
    const k = this.stream.info(x).id * 2 + (se ? 1 : 0);
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
    return this.stream.apply(e, x);
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
    const ia = this.stream.info(a).id;
    const ib = this.stream.info(b).id;
    // Shape ids stay far below 2^21 (one per distinct shape), so the key is exact.
    const k = ((ia * 2097152 + ib) * 2) + (se ? 1 : 0);
    let e = memo.get(k);
    if (e === undefined) memo.set(k, (e = this.computeNode(op, NO_ATTRS, [a, b], se)));
    return this.stream.applyPair(e, a, b);
  }

  private concatNode(inputs: readonly number[], se: boolean): number {
    const k = `${inputs.map((v) => this.stream.info(v).id).join(',')}|${se}`;
    let e = this.concats.get(k);
    if (e === undefined) this.concats.set(k, (e = this.computeNode('concat', NO_ATTRS, inputs, se)));
    return this.stream.applyMany(e, inputs);
  }

  private split(x: number, chunks: number, index: number, se: boolean): number {
    const k = `${this.stream.info(x).id}|${chunks}|${index}|${se}`;
    let e = this.splits.get(k);
    if (e === undefined) this.splits.set(k, (e = this.computeNode('split', { chunks, index }, x, se)));
    return this.stream.apply(e, x);
  }

  /** One node's effect, from the op's own rules (the same calls the builder and the cost pass make). */
  private computeNode(op: string, attrs: Readonly<Record<string, unknown>>, inputs: readonly number[] | number, se: boolean, layer?: LayerModule): Effect {
    const inputShapes = typeof inputs === 'number' ? [this.stream.info(inputs).shape] : inputs.map((v) => this.stream.info(v).shape);
    // Errors name the layer; the full analysis reports them with its real path.
    const { def, outputShape, specs } = resolveNode(op, attrs, inputShapes, { layer: op }, layer);
    const out = this.stream.shapeInfo(outputShape);
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
    return nodeEffect(out, sums, def.view === true, specs.length > 0);
  }

  // ---- deferred modules ----

  private deferred(m: DeferredModule, name: string, x: number, se: boolean, depth: number): number {
    const info = this.stream.info(x);
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
    return this.stream.apply(e, x);
  }

  /** What a deferred module builds here, told the path the builder would tell it. */
  private built(m: DeferredModule, channels: number, name: string): Module {
    return m.build({ channels, path: join(this.scope.join('.'), name) });
  }

  /**
   * Walks a subtree (its root at `depth`) on a stand-in input and returns its effect. A throw
   * leaves the recording open: the configuration is abandoned, and the next one starts afresh.
   */
  private record(build: () => Module, name: string, input: ShapeInfo, se: boolean, depth: number): Effect {
    const savedDeepest = this.deepest;
    this.deepest = depth;
    const out = this.walk(build(), name, this.stream.beginRecording(input), se, depth);
    const effect = this.stream.endRecording(out, this.deepest - depth);
    this.deepest = Math.max(savedDeepest, this.deepest);
    if (!effect) throw FALLBACK;
    return effect;
  }
}
