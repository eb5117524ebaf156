// A hand-built graph for op tests: nodes read the graph input (-1), earlier nodes, or nothing
// (a constant); each is checked and shaped by its op definition, as the IR builder does.
import { getOp, type OpName } from '../../src/ops/catalogue.js';
import { checkOpAttrs } from '../../src/ops/define.js';
import { GRAPH_INPUT, type Graph, type Node } from '../../src/ir/graph.js';
import type { Shape } from '../../src/shape/dim.js';
import type { ParamSpec } from '../../src/ops/types.js';

export class TinyGraph {
  readonly nodes: Node[] = [];
  constructor(readonly input: Shape) {}
  /** Adds a node; `inputs` defaults to the graph input, and `[]` makes a node with none. */
  add(op: string, attrs: Record<string, unknown>, inputs: number[] = [GRAPH_INPUT]): number {
    const name = `n${this.nodes.length}_${op}`;
    const def = getOp(op);
    const ctx = { layer: name };
    checkOpAttrs(def, attrs, ctx);
    const inputShapes = inputs.map((i) => (i === GRAPH_INPUT ? this.input : this.nodes[i].outputShape));
    const outputShape = def.outputShape(inputShapes, attrs, ctx);
    const params = def.params(inputShapes, attrs).map((p: ParamSpec) => ({ ...p, key: `${name}.${p.name}` }));
    this.nodes.push({ id: this.nodes.length, name, op: op as OpName, attrs, inputs, inputShapes, outputShape, params, sharedParams: false, tags: [], stage: name, site: undefined });
    return this.nodes.length - 1;
  }
  graph(): Graph {
    return { name: 'case', input: this.input, nodes: this.nodes, output: this.nodes.length - 1 };
  }
}
