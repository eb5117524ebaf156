// Assembles the flopscope graph from mapped layers: each layer is checked like a DSL layer (its
// op's attribute schema, shape rule and parameters), its parameters are bound to the file's
// tensors and keyed by their names, so a tensor used twice counts once.
import { FlopscopeError } from '../../errors.js';
import { getOp, isOpName, type OpName } from '../../ops/catalogue.js';
import { checkOpAttrs } from '../../ops/define.js';
import type { LayerContext, OpDef } from '../../ops/types.js';
import { concrete, type Shape } from '../../shape/dim.js';
import type { Node, ParamRef } from '../../ir/graph.js';
import { assignNames, type NameScope } from './names.js';
import { importedStages } from './stages.js';
import { numbers, type Activation, type Constant } from './values.js';

/** How a mapped layer is named, and which ONNX node and tensor it stands for. */
export interface LayerOrigin {
  readonly scope: NameScope;
  /** Index of the ONNX node it came from (several layers may share one). */
  readonly group: number;
  /** The part number when one node became several layers (Split). */
  readonly part?: number;
  /** The node, for messages: its ONNX name and op type. */
  readonly label: string;
  /** The ONNX tensor this layer's output is, when there is one (not for constants). */
  readonly tensor?: string;
}

interface PendingLayer {
  readonly op: OpName;
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly inputs: readonly number[];
  readonly inputShapes: readonly Shape[];
  readonly outputShape: Shape;
  readonly params: readonly ParamRef[];
  readonly sharedParams: boolean;
  readonly tags: string[];
  readonly origin: LayerOrigin;
}

/** Largest constant operand kept inline as values (larger ones are buffers). */
const INLINE = 64;

/** Compares dims ignoring leading 1s: a bias stored as [1, N] is the [N] the op declares. */
function sameElements(file: Shape, declared: readonly number[]): boolean {
  let i = 0;
  let j = 0;
  while (i < file.length - 1 && concrete(file[i]) === 1) i++;
  while (j < declared.length - 1 && declared[j] === 1) j++;
  if (file.length - i !== declared.length - j) return false;
  for (; i < file.length; i++, j++) if (concrete(file[i]) !== declared[j]) return false;
  return true;
}

export class GraphAssembler {
  readonly layers: PendingLayer[] = [];
  /** The tensor behind each parameter key (the weights of validation come from these). */
  readonly tensors = new Map<string, Constant>();
  /** Layers that share some of their tensors with an earlier layer but not all (counted again here). */
  readonly partlyShared: string[] = [];
  private readonly constantNodes = new Map<Constant, Activation>();

  add(op: string, attrs: Readonly<Record<string, unknown>>, inputs: readonly Activation[], bound: Readonly<Record<string, Constant>>, origin: LayerOrigin): Activation {
    const ctx: LayerContext = { layer: origin.label };
    if (!isOpName(op)) throw new FlopscopeError('unknown-op', `node '${origin.label}' maps to op '${op}', which this build of flopscope does not have`, origin.label);
    const def: OpDef = getOp(op, origin.label);
    checkOpAttrs(def, attrs, ctx);
    const inputShapes = inputs.map((x) => x.shape);
    const outputShape = def.outputShape(inputShapes, attrs, ctx);
    const specs = def.params(inputShapes, attrs);
    const params: ParamRef[] = [];
    let seen = 0;
    for (const spec of specs) {
      const tensor = bound[spec.name];
      if (!tensor) throw new Error(`mapping of '${origin.label}' binds no tensor to ${op} parameter '${spec.name}'`);
      if (!sameElements(tensor.dims, spec.shape)) {
        throw new FlopscopeError('channel-mismatch', `node '${origin.label}': ${tensor.describe()} is the ${spec.name} of a ${op} that expects ${spec.shape.join('x')}`, origin.label);
      }
      const key = tensor.source?.key ?? `${origin.label}/${spec.name}`;
      if (!this.tensors.has(key)) this.tensors.set(key, tensor);
      else seen++;
      params.push({ ...spec, key });
    }
    for (const name of Object.keys(bound)) {
      if (!specs.some((s) => s.name === name)) throw new Error(`mapping of '${origin.label}' binds '${name}', which ${op} does not declare`);
    }
    if (seen > 0 && seen < specs.length) this.partlyShared.push(origin.label);
    const id = this.layers.length;
    this.layers.push({ op, attrs, inputs: inputs.map((x) => x.id), inputShapes, outputShape, params, sharedParams: seen > 0 && seen === specs.length, tags: [], origin });
    return { kind: 'act', id, shape: outputShape };
  }

  /**
   * A constant operand as a layer of its own (a position embedding, a class token, a table that is
   * not a single number): learned when it is an initializer's float contents, and a parameter
   * then; a small one of the graph's own holds its values; a larger one is a buffer. One node per
   * tensor.
   */
  constantNode(c: Constant, origin: LayerOrigin): Activation {
    const have = this.constantNodes.get(c);
    if (have) return have;
    const shape = numbers(c.dims, `node '${origin.label}': the constant operand's shape`);
    const inline = !c.learned && c.small && (c.size ?? Infinity) <= INLINE;
    const attrs: Record<string, unknown> = { shape, learned: c.learned };
    if (inline) attrs.values = numbers(c.values()!, `node '${origin.label}': constant values`);
    const out = this.add('constant', attrs, [], inline ? {} : { weight: c }, origin);
    this.constantNodes.set(c, out);
    return out;
  }

  /** A layer standing in for a node outside the catalogue: zeros of the shape the file declares, counting nothing. */
  standIn(shape: readonly number[], origin: LayerOrigin): Activation {
    const count = shape.reduce((a, b) => a * b, 1);
    return this.add('constant', { shape, learned: false, values: new Array<number>(count).fill(0) }, [], {}, origin);
  }

  /** The graph's nodes, named. */
  nodes(): Node[] {
    const names = assignNames(this.layers.map((l) => l.origin));
    const stages = importedStages(names, this.layers.map((l) => l.outputShape));
    return this.layers.map((l, id) => ({
      id,
      name: names[id],
      op: l.op,
      attrs: l.attrs,
      inputs: l.inputs,
      inputShapes: l.inputShapes,
      outputShape: l.outputShape,
      params: l.params,
      sharedParams: l.sharedParams,
      tags: l.tags,
      stage: stages[id],
      site: undefined,
    }));
  }
}
