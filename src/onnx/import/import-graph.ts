// An ONNX graph as flopscope's graph: the input bound, the nodes walked in order (walk.ts), then
// the passes that need the whole graph: squeeze-and-excitation tags, the folded-BN note, names.
import { FlopscopeError } from '../../errors.js';
import { GRAPH_INPUT, type Graph, type UncountedNode } from '../../ir/graph.js';
import type { Shape } from '../../shape/dim.js';
import { findAdaptivePools } from './adaptive-pool.js';
import { Attributes } from './attributes.js';
import { GraphAssembler } from './builder.js';
import { initializerConstant } from './constants.js';
import { bindInput } from './input.js';
import type { ParsedModel } from './model.js';
import { topologicalOrder } from './order.js';
import { findFusions } from './patterns.js';
import { tagSqueezeExcitation } from './se.js';
import { Constant, type Activation, type Value } from './values.js';
import { GraphWalk } from './walk.js';

export interface ImportOptions {
  /** Input shape: binds the file's symbolic sizes, or gives a shape the file leaves out. */
  readonly input?: string | Shape;
  /** List nodes outside the catalogue as not counted instead of stopping. */
  readonly allowUnknown?: boolean;
  /** What the error for a node outside the catalogue suggests (default: --allow-unknown), for callers that cannot take that flag. */
  readonly unknownRemedy?: string;
  /** Decode every weight (to run the model); counting never needs them. */
  readonly weights?: boolean;
}

/** The remedy for a node outside the catalogue where --allow-unknown is taken (report, compare, formula, whatif). */
export const UNKNOWN_REMEDY = '--allow-unknown reports the rest of the model and lists it as not counted';

export interface ImportResult {
  readonly graph: Graph;
  /** The tensor behind each parameter key. */
  readonly tensors: ReadonlyMap<string, Constant>;
  /** The file tensor each layer's output is. */
  readonly tensorOf: ReadonlyMap<string, string>;
}

export function importGraph(model: ParsedModel, options: ImportOptions = {}): ImportResult {
  const shown = model.source.shown;
  const bound = bindInput(model, options.input);
  const values = new Map<string, Value>();
  for (const t of model.initializers.values()) values.set(t.name, initializerConstant(t, model, options.weights === true));
  values.set(model.input.name, { kind: 'act', id: GRAPH_INPUT, shape: bound.shape });

  const nodes = topologicalOrder(model.graph.node, model.input.name, new Set(model.initializers.keys()), shown);
  const produced = new Set([model.input.name, ...model.initializers.keys(), ...model.graph.node.flatMap((n) => n.output)]);
  for (const o of model.outputs) if (!produced.has(o)) throw new FlopscopeError('load', `${shown}: the graph output '${o}' is not written by any node, initializer or input`);
  const attrs = nodes.map((n) => new Attributes(n));
  const fusions = findFusions(nodes, (i) => attrs[i], model.outputs);
  const assembler = new GraphAssembler();
  const walk = new GraphWalk(model, values, assembler, { allowUnknown: options.allowUnknown === true, weights: options.weights === true, unknownRemedy: options.unknownRemedy ?? UNKNOWN_REMEDY }, nodes.length);
  const pools = findAdaptivePools(nodes, model);
  const pooled = new Set([...pools.values()].map((p) => p.first));
  nodes.forEach((node, i) => {
    if (fusions.skip.has(i) || pooled.has(i)) return;
    const pool = pools.get(i);
    if (pool) {
      if (walk.adaptivePool(node, i, attrs[i], pool)) return;
      // Not the map the matrices pool after all: the first MatMul maps as it is, before this one.
      walk.visit(nodes[pool.first], pool.first, attrs[pool.first], fusions.fused.get(pool.first));
    }
    walk.visit(node, i, attrs[i], fusions.fused.get(i));
  });
  const notes = [...bound.notes];

  const [first] = model.outputs;
  const out = walk.lookup(first, 'graph output');
  if (out instanceof Constant) throw new FlopscopeError('load', `${shown}: the graph output '${first}' is a constant (no layer computes it)`);
  if (model.outputs.length > 1) notes.push(`the model has ${model.outputs.length} outputs (${model.outputs.join(', ')}); every node is counted, '${first}' is the one reported`);

  const layerShape = (id: number): Shape => (id === GRAPH_INPUT ? bound.shape : assembler.layers[id].outputShape);
  tagSqueezeExcitation(assembler.layers, layerShape);
  const folded = assembler.layers.filter((l) => l.op === 'conv2d' && l.params[0]?.key.startsWith('onnx::Conv'));
  if (folded.length) {
    for (const l of folded) l.tags.push('bn-folded');
    notes.push(`batch norm folded into ${folded.length} convolution${folded.length > 1 ? 's' : ''} by the exporter (weights named onnx::Conv_*): params are those of the exported graph`);
  }
  // Other tensors PyTorch's constant folding computed from parameters (a relative position bias
  // gathered from its table): the graph holds them, not the parameters they came from.
  const computed = assembler.layers.filter((l) => l.op === 'constant' && l.params[0]?.key.startsWith('onnx::') && !l.sharedParams);
  if (computed.length) {
    const names = computed.slice(0, 3).map((l) => l.params[0].key).join(', ');
    notes.push(`${computed.length} tensor${computed.length > 1 ? 's' : ''} the exporter computed from parameters by constant folding (${names}${computed.length > 3 ? ', ...' : ''}) count as the graph holds them`);
  }
  if (assembler.partlyShared.length) notes.push(`layers sharing only some of their tensors with earlier layers count them again: ${assembler.partlyShared.join(', ')}`);

  const graphNodes = assembler.nodes();
  const tensorOf = new Map<string, string>();
  graphNodes.forEach((n, id) => {
    const t = assembler.layers[id].origin.tensor;
    if (t) tensorOf.set(n.name, t);
  });
  const uncountedNodes: UncountedNode[] = walk.uncounted.map((u) => ({ name: u.label, opType: u.opType, layers: u.layers.map((id) => graphNodes[id].name) }));
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
