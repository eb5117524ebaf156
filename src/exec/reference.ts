// The reference backend: runs each node's own kernel (src/ops) on Float32Array, in graph order,
// observing output shapes, the weights each kernel asked for, the work it counted and its time.
import { performance } from 'node:perf_hooks';
import { GRAPH_INPUT, type Graph, type Node } from '../ir/graph.js';
import { getOp } from '../ops/catalogue.js';
import { releaseSimdMemory } from '../ops/kernel/simd.js';
import type { KernelContext, Tensor, WorkCount } from '../ops/types.js';
import type { Backend, LayerObservation, PreparedModel, RunObservation, RunOptions } from './backend.js';
import type { WeightStore } from '../ir/weights.js';

function emptyCount(): WorkCount {
  return { macs: 0, add: 0, mul: 0, cmp: 0, div: 0, exp: 0 };
}

/** Index of the last node that reads each tensor (GRAPH_INPUT at index nodes.length). */
function lastUses(graph: Graph): Int32Array {
  const n = graph.nodes.length;
  const last = new Int32Array(n + 1).fill(-1);
  for (const node of graph.nodes) for (const i of node.inputs) last[i === GRAPH_INPUT ? n : i] = node.id;
  last[graph.output === GRAPH_INPUT ? n : graph.output] = n;
  return last;
}

class ReferenceModel implements PreparedModel {
  /** Weight keys this run has already counted: a shared weight counts for its first user only. */
  private seen = new Set<string>();

  constructor(private readonly graph: Graph, private readonly weights: WeightStore) {}

  private runNode(node: Node, inputs: readonly Tensor[]): { out: Tensor; obs: Omit<LayerObservation, 'name' | 'shape'> } {
    const count = emptyCount();
    let params = 0;
    let buffers = 0;
    const ctx: KernelContext = {
      count,
      param: (name) => {
        const spec = node.params.find((p) => p.name === name);
        if (!spec) throw new Error(`op '${node.op}' reads parameter '${name}', which its params() does not declare (layer '${node.name}')`);
        const { values } = this.weights.get(spec);
        if (!this.seen.has(spec.key)) {
          this.seen.add(spec.key);
          if (spec.role === 'buffer') buffers += values.length;
          else params += values.length;
        }
        return values;
      },
    };
    const t0 = performance.now();
    const out = getOp(node.op, node.name).kernel(inputs, node.attrs, ctx);
    const timeMs = performance.now() - t0;
    return { out, obs: { params, buffers, counts: count, timeMs } };
  }

  async run(input: Tensor, options: RunOptions = {}): Promise<RunObservation> {
    const { nodes } = this.graph;
    const last = lastUses(this.graph);
    const tensors: (Tensor | undefined)[] = new Array(nodes.length);
    const layers: LayerObservation[] = [];
    this.seen = new Set();
    const start = performance.now();
    const get = (id: number): Tensor => (id === GRAPH_INPUT ? input : (tensors[id] as Tensor));
    for (const node of nodes) {
      const { out, obs } = this.runNode(node, node.inputs.map(get));
      tensors[node.id] = out;
      layers.push({ name: node.name, shape: out.shape, ...obs, ...(options.keepValues ? { values: out.data } : {}) });
      // Free what no later node reads (views share their input's buffer, which is fine: the
      // buffer lives while any tensor refers to it).
      if (!options.keepValues) for (const i of node.inputs) if (i !== GRAPH_INPUT && last[i] === node.id) tensors[i] = undefined;
      options.onLayer?.(node.id + 1, nodes.length);
    }
    return { backend: 'reference', layers, totalMs: performance.now() - start };
  }

  async timeLayers(input: Tensor, runs: number, onRun?: (done: number) => void): Promise<Map<string, number[]>> {
    const times = new Map<string, number[]>(this.graph.nodes.map((n) => [n.name, []]));
    for (let r = 0; r < runs; r++) {
      const obs = await this.run(input);
      for (const l of obs.layers) times.get(l.name)?.push(l.timeMs ?? 0);
      onRun?.(r + 1);
    }
    return times;
  }

  async dispose(): Promise<void> {
    // The kernels' linear memory grew to this model's largest layer; let it go with the model.
    releaseSimdMemory();
  }
}

export const referenceBackend: Backend = {
  name: 'reference',
  summary: 'TypeScript kernels on Float32Array (convolutions in WebAssembly SIMD) that count the MACs and element-wise operations they perform',
  observes: { params: true, counts: true, values: true, time: true },
  readsWeightsEachRun: true,
  async prepare(graph: Graph, weights: WeightStore): Promise<PreparedModel> {
    return new ReferenceModel(graph, weights);
  },
};
