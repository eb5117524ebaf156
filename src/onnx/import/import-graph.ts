// Walks an ONNX graph in order and builds flopscope's graph: constants and shape subgraphs are
// folded (symbolically where sizes are symbols), every other node is mapped to catalogue ops, and
// a node no op covers stops the import with its name, op type and domain, or with --allow-unknown
// is listed as not counted.
import { FlopscopeError } from '../../errors.js';
import { GRAPH_INPUT, type Graph, type UncountedNode } from '../../ir/graph.js';
import type { Shape } from '../../shape/dim.js';
import { Attributes } from './attributes.js';
import { GraphAssembler, type LayerOrigin } from './builder.js';
import { foldNode, SMALL } from './fold.js';
import { bindInput } from './input.js';
import { MAPPINGS } from './map/index.js';
import { Unsupported, type MapContext } from './map/context.js';
import { declaredShape, DEFAULT_DOMAINS, type ParsedModel } from './model.js';
import { scopeOf, scopeOfTensor, type NameScope } from './names.js';
import { findFusions } from './patterns.js';
import { num, type NodeMsg, type TensorMsg } from './proto.js';
import { tagSqueezeExcitation } from './se.js';
import { floatValues, hasData, isFloatType, tensorValues } from './tensor-data.js';
import { asDims, Constant, numbers, type Activation, type Value } from './values.js';

export interface ImportOptions {
  /** Input shape: binds the file's symbolic sizes, or gives a shape the file leaves out. */
  readonly input?: string | Shape;
  /** List nodes outside the catalogue as not counted instead of stopping. */
  readonly allowUnknown?: boolean;
  /** Decode every weight (to run the model); counting never needs them. */
  readonly weights?: boolean;
}

export interface ImportResult {
  readonly graph: Graph;
  /** The tensor behind each parameter key. */
  readonly tensors: ReadonlyMap<string, Constant>;
  /** The file tensor each layer's output is. */
  readonly tensorOf: ReadonlyMap<string, string>;
}

/** An initializer as a constant: its dims always, its values when small (or when running). */
function initializerConstant(t: TensorMsg, model: ParsedModel, weights: boolean): Constant {
  const dims = t.dims.map(num);
  const count = dims.reduce((a, b) => a * b, 1);
  const present = hasData(t);
  const small = present && count <= SMALL;
  const source = { key: t.name, initializer: true };
  const stripped = (): never => {
    throw new FlopscopeError('load', `${model.source.shown}: tensor '${t.name}' has no values in the file (a stripped model counts, but cannot run)`);
  };
  const load = small || weights
    ? () => (!present ? stripped() : weights && isFloatType(t.data_type) && !small ? floatValues(t, count, model.source) : tensorValues(t, count, model.source))
    : undefined;
  return new Constant(t.data_type, dims, undefined, load, source, small);
}

/** Nodes in an order where every input is produced before it is read (ONNX asks for it; not every producer obeys). */
function topologicalOrder(nodes: readonly NodeMsg[], available: ReadonlySet<string>, shown: string): NodeMsg[] {
  const have = new Set(available);
  let sorted = true;
  for (const n of nodes) {
    if (n.input.some((x) => x && !have.has(x))) {
      sorted = false;
      break;
    }
    for (const o of n.output) have.add(o);
  }
  if (sorted) return [...nodes];
  const ready = new Set(available);
  const out: NodeMsg[] = [];
  let pending = [...nodes];
  while (pending.length) {
    const next = pending.filter((n) => !n.input.every((x) => !x || ready.has(x)));
    const now = pending.filter((n) => n.input.every((x) => !x || ready.has(x)));
    if (!now.length) {
      const n = pending[0];
      const missing = n.input.find((x) => x && !ready.has(x));
      throw new FlopscopeError('load', `${shown}: node '${n.name || n.op_type}' reads tensor '${missing}', which no node, initializer or input provides`);
    }
    for (const n of now) {
      out.push(n);
      for (const o of n.output) ready.add(o);
    }
    pending = next;
  }
  return out;
}

export function importGraph(model: ParsedModel, options: ImportOptions = {}): ImportResult {
  const shown = model.source.shown;
  const bound = bindInput(model, options.input);
  const values = new Map<string, Value>();
  for (const t of model.initializers.values()) values.set(t.name, initializerConstant(t, model, options.weights === true));
  values.set(model.input.name, { kind: 'act', id: GRAPH_INPUT, shape: bound.shape });

  const nodes = topologicalOrder(model.graph.node, new Set(values.keys()), shown);
  const attrs = nodes.map((n) => new Attributes(n));
  const fusions = findFusions(nodes, (i) => attrs[i], model.outputs);
  const assembler = new GraphAssembler();
  const notes = [...bound.notes];
  const uncounted: { layer: number | undefined; label: string; opType: string }[] = [];
  let groups = nodes.length;

  const constantOrigin = (c: Constant, tensor: string): LayerOrigin => {
    const scope: NameScope = c.source?.initializer ? { kind: 'fixed', name: c.source.key.replace(/[/:\\]+/g, '.').replace(/^\.+/, '') } : scopeOfTensor(tensor);
    return { scope, group: groups++, label: `${tensor} (constant)` };
  };

  const lookup = (name: string, reader: string): Value => {
    const v = values.get(name);
    if (!v) throw new FlopscopeError('load', `${shown}: node '${reader}' reads tensor '${name}', which no node, initializer or input provides`);
    return v;
  };

  nodes.forEach((node, index) => {
    if (fusions.skip.has(index)) return;
    const label = node.name ? `${node.name}` : `${node.op_type} #${index}`;
    const a = attrs[index];
    const domain = node.domain ?? '';
    const known = DEFAULT_DOMAINS.includes(domain);
    const fusion = fusions.fused.get(index);
    // A fused Mul reads only x: its gate was absorbed.
    const inputs = node.input.map((name) => (name && (!fusion || name === fusion.input) ? lookup(name, label) : undefined));
    const scope = scopeOf(node.name, node.op_type);

    const unknown = (why: string): void => {
      const what = `node '${label}' (op type '${node.op_type}', domain '${domain || 'ai.onnx'}')`;
      if (!options.allowUnknown) {
        throw new FlopscopeError('unknown-op', `${what}: ${why}; --allow-unknown reports the rest of the model and lists it as not counted`, label);
      }
      // Its outputs stand in as layers of the shape the file declares, so the rest is counted.
      let first: number | undefined;
      node.output.forEach((out, part) => {
        if (!out) return;
        const dims = declaredShape(model, out);
        const shape = dims?.every((d) => typeof d === 'number') ? (dims as number[]) : undefined;
        if (!shape) throw new FlopscopeError('unknown-op', `${what}: ${why}, and the file declares no concrete shape for its output '${out}', so the layers after it cannot be sized`, label);
        const layer = assembler.standIn(shape, { scope, group: index, label, tensor: out, ...(node.output.length > 1 ? { part } : {}) });
        values.set(out, layer);
        first ??= layer.id;
      });
      uncounted.push({ layer: first, label, opType: node.op_type });
    };

    if (!known) return unknown(model.functions.has(`${domain}:${node.op_type}`) ? 'a function defined in the file, which flopscope does not expand' : 'an op outside the default ONNX domain');
    if (a.hasGraph()) return unknown('control flow with subgraphs, which flopscope does not count');

    const folded = fusion ? undefined : foldNode({
      node, attrs: a, opset: model.opset, inputs, label,
      tensorConstant: (attr) => {
        const t = a.tensor(attr);
        if (!t) return undefined;
        const dims = t.dims.map(num);
        const count = dims.reduce((x, y) => x * y, 1);
        const small = count <= SMALL;
        const load = small || options.weights
          ? () => (isFloatType(t.data_type) && !small ? floatValues(t, count, model.source) : tensorValues(t, count, model.source))
          : undefined;
        return new Constant(t.data_type, dims, undefined, load, { key: node.output[0], initializer: false }, small);
      },
    });
    if (folded) {
      folded.forEach((c, i) => node.output[i] && values.set(node.output[i], c));
      return;
    }

    const mapping = fusion ? undefined : MAPPINGS[node.op_type];
    if (!fusion && !mapping) return unknown('an op type flopscope does not map to its op catalogue');

    const ctx: MapContext = {
      node, attrs: a, opset: model.opset, label, inputCount: node.input.length,
      input: (i) => inputs[i],
      act: (i) => {
        const v = inputs[i];
        if (v === undefined) throw new FlopscopeError('bad-attribute', `node '${label}': ${node.op_type} has no input ${i}`);
        return v instanceof Constant ? assembler.constantNode(v, constantOrigin(v, node.input[i])) : v;
      },
      constant: (i, what) => {
        const v = inputs[i];
        if (!(v instanceof Constant)) throw new Unsupported(`its ${what} is computed in the graph rather than stored in the file`);
        return v;
      },
      ints: (i, what) => {
        const v = inputs[i];
        if (v === undefined) return undefined;
        if (!(v instanceof Constant)) throw new Unsupported(`its ${what} is computed from activations`);
        const vals = v.smallValues();
        if (!vals) throw new Unsupported(`its ${what} is not a small constant`);
        return asDims(vals);
      },
      floats: (i, what) => {
        const v = ctx.ints(i, what);
        return v ? numbers(v, `node '${label}' ${what}`) : undefined;
      },
      layer: (op, layerAttrs, ins, params = {}, part) => assembler.add(op, layerAttrs, ins, params, { scope, group: index, label, tensor: node.output[part ?? 0], ...(part !== undefined ? { part } : {}) }),
      note: (text) => {
        if (!notes.includes(text)) notes.push(text);
      },
    };
    try {
      const outs: Value[] = fusion ? [ctx.layer(fusion.op, {}, [ctx.act(node.input.indexOf(fusion.input))])] : mapping!(ctx);
      outs.forEach((v, i) => node.output[i] && values.set(node.output[i], v));
    } catch (e) {
      if (e instanceof Unsupported) return unknown(e.message);
      throw e;
    }
  });

  const [first] = model.outputs;
  const out = lookup(first, 'graph output');
  if (out instanceof Constant) throw new FlopscopeError('load', `${shown}: the graph output '${first}' is a constant (no layer computes it)`);
  if (model.outputs.length > 1) notes.push(`the model has ${model.outputs.length} outputs (${model.outputs.join(', ')}); every node is counted, '${first}' is the one reported`);

  const layerShape = (id: number): Shape => (id === GRAPH_INPUT ? bound.shape : assembler.layers[id].outputShape);
  tagSqueezeExcitation(assembler.layers, layerShape);
  const folded = assembler.layers.filter((l) => l.op === 'conv2d' && l.params[0]?.key.startsWith('onnx::Conv'));
  if (folded.length) {
    for (const l of folded) l.tags.push('bn-folded');
    notes.push(`batch norm folded into ${folded.length} convolution${folded.length > 1 ? 's' : ''} by the exporter (weights named onnx::Conv_*): params are those of the exported graph`);
  }
  if (assembler.partlyShared.length) notes.push(`layers sharing only some of their tensors with earlier layers count them again: ${assembler.partlyShared.join(', ')}`);

  const graphNodes = assembler.nodes();
  const tensorOf = new Map<string, string>();
  graphNodes.forEach((n, id) => {
    const t = assembler.layers[id].origin.tensor;
    if (t) tensorOf.set(n.name, t);
  });
  const uncountedNodes: UncountedNode[] = uncounted.map((u) => ({ name: u.layer !== undefined ? graphNodes[u.layer].name : u.label, opType: u.opType }));
  const graph: Graph = {
    name: model.name,
    input: bound.shape,
    nodes: graphNodes,
    output: (out as Activation).id,
    ...(notes.length ? { notes } : {}),
    ...(uncountedNodes.length ? { uncounted: uncountedNodes } : {}),
  };
  return { graph, tensors: assembler.tensors, tensorOf };
}
