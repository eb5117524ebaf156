// One pass over the ONNX nodes in order: each is folded (constants, shape subgraphs), mapped to
// catalogue ops, or, outside the catalogue, stops the import naming it (or stands in as not
// counted with --allow-unknown). NodeContext is what a mapping sees of its node.
import { FlopscopeError } from '../../errors.js';
import { concrete, type Dim } from '../../shape/dim.js';
import type { AdaptivePool } from './adaptive-pool.js';
import type { Attributes } from './attributes.js';
import type { GraphAssembler, LayerOrigin } from './builder.js';
import { fileConstant } from './constants.js';
import { foldNode } from './fold/index.js';
import { Unsupported, type MapContext } from './map/context.js';
import { MAPPINGS } from './map/index.js';
import { declaredShape, DEFAULT_DOMAINS, type ParsedModel } from './model.js';
import { scopeOf, scopeOfTensor, type NameScope } from './names.js';
import type { Fusion } from './patterns.js';
import type { NodeMsg } from './proto.js';
import { asDims, Constant, numbers, type Activation, type Value } from './values.js';

export interface WalkOptions {
  readonly allowUnknown: boolean;
  readonly weights: boolean;
  /** What the error for a node outside the catalogue suggests. */
  readonly unknownRemedy: string;
}

/** What the walk has found so far: every tensor's value, the layers, notes and uncounted nodes. */
export class GraphWalk {
  readonly uncounted: { layers: number[]; label: string; opType: string }[] = [];
  /** Group numbers for layers that stand for no node of their own (constants). */
  private nextGroup: number;
  /** Outputs a mapping does not compute (Dropout's mask, MaxPool's indices): an error only if read. */
  private readonly unmapped = new Map<string, string>();

  constructor(
    readonly model: ParsedModel,
    readonly values: Map<string, Value>,
    readonly assembler: GraphAssembler,
    readonly options: WalkOptions,
    nodeCount: number,
  ) {
    this.nextGroup = nodeCount;
  }

  lookup(name: string, reader: string): Value {
    const v = this.values.get(name);
    if (v) return v;
    const producer = this.unmapped.get(name);
    if (producer) throw new FlopscopeError('unknown-op', `node '${reader}' reads ${producer}, which flopscope does not compute`, reader);
    throw new FlopscopeError('load', `${this.model.source.shown}: node '${reader}' reads tensor '${name}', which no node, initializer or input provides`);
  }

  /** A constant operand as a layer, named after its initializer (`encoder.pos_embedding`) or the tensor. */
  constantLayer(c: Constant, tensor: string): Activation {
    const scope: NameScope = c.source?.initializer ? { kind: 'fixed', name: c.source.key.replace(/[/:\\]+/g, '.').replace(/^\.+/, '') } : scopeOfTensor(tensor);
    return this.assembler.constantNode(c, { scope, group: this.nextGroup++, label: `${tensor} (constant)` });
  }

  /** Folds, maps or refuses node `index`. */
  visit(node: NodeMsg, index: number, attrs: Attributes, fusion: Fusion | undefined): void {
    const label = node.name || `${node.op_type} #${index}`;
    const domain = node.domain ?? '';
    // A fused Mul reads only x: its gate was absorbed.
    const inputs = node.input.map((name) => (name && (!fusion || name === fusion.input) ? this.lookup(name, label) : undefined));
    const ctx = new NodeContext(this, node, index, attrs, inputs, label);
    if (!DEFAULT_DOMAINS.includes(domain)) {
      return ctx.unknown(this.model.functions.has(`${domain}:${node.op_type}`) ? 'a function defined in the file, which flopscope does not expand' : 'an op outside the default ONNX domain');
    }
    if (attrs.hasGraph()) return ctx.unknown('control flow with subgraphs, which flopscope does not count');
    if (!fusion) {
      const folded = foldNode({ node, attrs, opset: this.model.opset, inputs, label, tensorConstant: (attr) => ctx.attributeConstant(attr) });
      if (folded) return this.bind(node, folded);
    }
    const mapping = fusion ? undefined : MAPPINGS[node.op_type];
    if (!fusion && !mapping) return ctx.unknown('an op type flopscope does not map to its op catalogue');
    try {
      this.bind(node, fusion ? [ctx.layer(fusion.op, {}, [ctx.act(node.input.indexOf(fusion.input))])] : mapping!(ctx));
    } catch (e) {
      if (e instanceof Unsupported) return ctx.unknown(e.message);
      throw e;
    }
  }

  /**
   * The second MatMul of an adaptive pool written as two (adaptive-pool.ts) as one adaptiveavgpool
   * layer; false when the tensor pooled is not the N x C x H x W map the matrices expect (then the
   * MatMuls map as they are).
   */
  adaptivePool(node: NodeMsg, index: number, attrs: Attributes, pool: AdaptivePool): boolean {
    const x = this.values.get(pool.input);
    if (!x || x instanceof Constant || x.shape.length !== 4) return false;
    if (concrete(x.shape[2]) !== pool.inputSize[0] || concrete(x.shape[3]) !== pool.inputSize[1]) return false;
    const ctx = new NodeContext(this, node, index, attrs, [], node.name || `${node.op_type} #${index}`);
    this.bind(node, [ctx.layer('adaptiveavgpool', { outputSize: [...pool.outputSize] }, [x])]);
    return true;
  }

  private bind(node: NodeMsg, outs: readonly Value[]): void {
    node.output.forEach((name, i) => {
      if (!name) return;
      if (i < outs.length) this.values.set(name, outs[i]);
      else this.unmapped.set(name, `output ${i} of node '${node.name || node.op_type}' (${node.op_type})`);
    });
  }
}

class NodeContext implements MapContext {
  readonly opset: number;
  readonly inputCount: number;
  private readonly scope: NameScope;

  constructor(
    private readonly walk: GraphWalk,
    readonly node: NodeMsg,
    private readonly index: number,
    readonly attrs: Attributes,
    private readonly inputs: readonly (Value | undefined)[],
    readonly label: string,
  ) {
    this.opset = walk.model.opset;
    this.inputCount = node.input.length;
    this.scope = scopeOf(node.name, node.op_type);
  }

  input(i: number): Value | undefined {
    return this.inputs[i];
  }

  act(i: number): Activation {
    const v = this.inputs[i];
    if (v === undefined) throw new FlopscopeError('bad-attribute', `node '${this.label}': ${this.node.op_type} has no input ${i}`);
    return v instanceof Constant ? this.walk.constantLayer(v, this.node.input[i]) : v;
  }

  ints(i: number, what: string): Dim[] | undefined {
    const v = this.inputs[i];
    if (v === undefined) return undefined;
    if (!(v instanceof Constant)) throw new Unsupported(`its ${what} is computed from activations`);
    const values = v.smallValues();
    if (!values) throw new Unsupported(`its ${what} is not a small constant`);
    return asDims(values);
  }

  floats(i: number, what: string): number[] | undefined {
    const v = this.ints(i, what);
    return v ? numbers(v, `node '${this.label}' ${what}`) : undefined;
  }

  layer(op: string, attrs: Readonly<Record<string, unknown>>, inputs: readonly Activation[], params: Readonly<Record<string, Constant>> = {}, part?: number): Activation {
    return this.walk.assembler.add(op, attrs, inputs, params, this.origin(part));
  }

  /** The tensor a Constant-like node holds in attribute `attr`. */
  attributeConstant(attr: string): Constant | undefined {
    const t = this.attrs.tensor(attr);
    return t ? fileConstant(t, this.walk.model, { key: this.node.output[0], initializer: false }, this.walk.options.weights) : undefined;
  }

  /**
   * A node outside the catalogue: an error naming it, or with --allow-unknown layers of the shape
   * the file declares for its outputs, counting nothing and listed as not counted.
   */
  unknown(why: string): void {
    const { node, label } = this;
    const what = `node '${label}' (op type '${node.op_type}', domain '${node.domain || 'ai.onnx'}')`;
    if (!this.walk.options.allowUnknown) {
      throw new FlopscopeError('unknown-op', `${what}: ${why}; ${this.walk.options.unknownRemedy}`, label);
    }
    const layers: number[] = [];
    node.output.forEach((out, part) => {
      if (!out) return;
      const dims = declaredShape(this.walk.model, out);
      const shape = dims?.every((d) => typeof d === 'number') ? (dims as number[]) : undefined;
      if (!shape) throw new FlopscopeError('unknown-op', `${what}: ${why}, and the file declares no concrete shape for its output '${out}', so the layers after it cannot be sized`, label);
      const layer = this.walk.assembler.standIn(shape, this.origin(node.output.length > 1 ? part : undefined));
      this.walk.values.set(out, layer);
      layers.push(layer.id);
    });
    this.walk.uncounted.push({ layers, label, opType: node.op_type });
  }

  private origin(part: number | undefined): LayerOrigin {
    const tensor = this.node.output[part ?? 0];
    return { scope: this.scope, group: this.index, label: this.label, ...(tensor ? { tensor } : {}), ...(part !== undefined ? { part } : {}) };
  }
}
