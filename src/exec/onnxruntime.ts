// The onnxruntime backend: exports the graph to ONNX (every layer's output exposed), runs it with
// onnxruntime-node on the CPU, and reads per-node times from onnxruntime's own profiler.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Graph } from '../ir/graph.js';
import type { Tensor } from '../ops/types.js';
import { FlopscopeError } from '../errors.js';
import { exportOnnx, INPUT_NAME, type ExportedModel } from '../onnx/export.js';
import type { Backend, LayerObservation, PreparedModel, RunObservation, RunOptions } from './backend.js';
import type { WeightStore } from '../ir/weights.js';

// The slice of onnxruntime-node's API used here, declared locally so flopscope compiles (and runs
// its other backends) when the optional package is not installed.
interface OrtTensor { readonly dims: readonly number[]; readonly data: unknown }
interface OrtSession {
  run(feeds: Record<string, OrtTensor>, fetches?: readonly string[]): Promise<Record<string, OrtTensor>>;
  endProfiling(): void;
  release(): Promise<void>;
}
interface OrtSessionOptions {
  executionProviders?: string[];
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  enableProfiling?: boolean;
  profileFilePrefix?: string;
  logSeverityLevel?: number;
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
}
export interface Ort {
  InferenceSession: { create(model: Uint8Array | string, options?: OrtSessionOptions): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
  env?: { versions?: { common?: string } };
}

export const INSTALL_HINT = 'install it with `ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node` (the CPU library ships in the package; the skip avoids its GPU download), or use --backend reference';

/** loadOrt's error when onnxruntime-node is installed but fails to load; `reason` is the first line of why. */
export class OrtLoadError extends FlopscopeError {
  constructor(message: string, readonly reason: string) {
    super('backend', message);
  }
}

export async function loadOrt(): Promise<Ort> {
  const specifier = 'onnxruntime-node';
  try {
    const mod = (await import(specifier)) as Ort & { default?: Ort };
    return mod.InferenceSession ? mod : (mod.default as Ort);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new FlopscopeError('backend', `backend 'onnxruntime' needs the onnxruntime-node package, which is not installed; ${INSTALL_HINT}`);
    }
    const reason = (e as Error).message.split('\n')[0];
    throw new OrtLoadError(`backend 'onnxruntime': onnxruntime-node failed to load (${reason}); reinstall it: ${INSTALL_HINT}`, reason);
  }
}

/** Per-node kernel times (ms), one entry per run, from an onnxruntime profile file. */
export function nodeTimesFromProfile(events: ReadonlyArray<{ cat?: string; name?: string; dur?: number }>): Map<string, number[]> {
  const times = new Map<string, number[]>();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time') || typeof e.dur !== 'number') continue;
    const node = e.name.slice(0, -'_kernel_time'.length);
    const list = times.get(node) ?? [];
    list.push(e.dur / 1000);
    times.set(node, list);
  }
  return times;
}

/**
 * An onnxruntime session of the graph as flopscope exports it. The weights go to an external data
 * file beside the model in a temporary folder, written straight from the weight store, and the
 * session loads both from disk: a large model (VGG's 138 M weights) is never also held as one
 * protobuf buffer in memory, so a run needs the weight store plus onnxruntime's own copy.
 */
export async function exportedSession(ort: Ort, graph: Graph, weights: WeightStore, options: OrtSessionOptions, exposeIntermediates = false): Promise<{ session: OrtSession; exported: ExportedModel }> {
  const dir = await mkdtemp(join(tmpdir(), 'flopscope-ort-'));
  try {
    const exported = await exportOnnx(graph, { weights, exposeIntermediates, externalData: join(dir, 'weights.bin') });
    const model = join(dir, 'model.onnx');
    await writeFile(model, exported.bytes);
    return { session: await ort.InferenceSession.create(model, options), exported };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The layer a node belongs to: helper nodes are named `layer/suffix`. */
function layerOf(nodeName: string): string {
  const slash = nodeName.indexOf('/');
  return slash < 0 ? nodeName : nodeName.slice(0, slash);
}

/**
 * Times each layer with onnxruntime's profiler on a session without graph optimizations, so no
 * layer is fused into another and each keeps its own time. The first run is a warm-up.
 */
async function timeExportedLayers(ort: Ort, graph: Graph, weights: WeightStore, input: Tensor, runs: number, onRun?: (done: number) => void): Promise<Map<string, number[]>> {
  const dir = await mkdtemp(join(tmpdir(), 'flopscope-ort-'));
  try {
    const { session } = await exportedSession(ort, graph, weights, {
      executionProviders: ['cpu'], graphOptimizationLevel: 'disabled', enableProfiling: true, profileFilePrefix: join(dir, 'profile'), logSeverityLevel: 3,
    });
    const feeds = { [INPUT_NAME]: new ort.Tensor('float32', input.data, input.shape) };
    for (let r = 0; r <= runs; r++) {
      await session.run(feeds);
      if (r > 0) onRun?.(r);
    }
    session.endProfiling();
    await session.release();
    const file = (await readdir(dir)).find((f) => f.endsWith('.json'));
    if (!file) throw new FlopscopeError('backend', 'onnxruntime wrote no profile file');
    const perNode = nodeTimesFromProfile(JSON.parse(await readFile(join(dir, file), 'utf8')));
    const perLayer = new Map<string, number[]>(graph.nodes.map((n) => [n.name, new Array<number>(runs).fill(0)]));
    for (const [node, times] of perNode) {
      const layer = perLayer.get(layerOf(node));
      if (!layer) continue;
      // Drop the warm-up run; helper nodes add into their layer's time.
      const measured = times.slice(times.length - runs);
      measured.forEach((t, i) => { layer[i] += t; });
    }
    return perLayer;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * An imported model run as its file is, with every layer's tensor made a graph output: what
 * onnxruntime computes from the original graph, compared layer by layer with the reference
 * kernels. Parameters are not observed here (the file's nodes are not flopscope's layers); the
 * reference backend reads the file's tensors and observes them.
 */
class OriginalModel implements PreparedModel {
  readonly observes = { params: false } as const;

  constructor(private readonly ort: Ort, private readonly graph: Graph, private readonly weights: WeightStore, private readonly session: OrtSession) {}

  async run(input: Tensor, options: RunOptions = {}): Promise<RunObservation> {
    const origin = this.graph.origin!;
    const start = performance.now();
    let results: Record<string, OrtTensor>;
    try {
      results = await this.session.run({ [origin.inputName]: new this.ort.Tensor('float32', input.data, input.shape) });
    } catch (e) {
      throw new FlopscopeError('backend', `onnxruntime cannot run ${this.graph.name} at input ${input.shape.join('x')}: ${(e as Error).message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ')}`);
    }
    const totalMs = performance.now() - start;
    const layers: LayerObservation[] = this.graph.nodes.map((node, i) => {
      options.onLayer?.(i + 1, this.graph.nodes.length);
      const tensor = origin.tensorOf.get(node.name);
      // A constant layer (an initializer) is no node's output in the file: its shape is the
      // tensor's as stored, and it has no values of its own to compare.
      if (tensor === undefined) return { name: node.name, shape: node.outputShape.map(Number) };
      const t = results[tensor];
      return { name: node.name, shape: t ? [...t.dims] : [], ...(options.keepValues && t ? { values: t.data as Float32Array } : {}) };
    });
    return { backend: 'onnxruntime', layers, totalMs };
  }

  /** Layer times come from the graph as flopscope maps it (exported), so each layer has its own. */
  async timeLayers(input: Tensor, runs: number, onRun?: (done: number) => void): Promise<Map<string, number[]>> {
    return timeExportedLayers(this.ort, this.graph, this.weights, input, runs, onRun);
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

class OrtModel implements PreparedModel {
  constructor(
    private readonly ort: Ort,
    private readonly graph: Graph,
    private readonly weights: WeightStore,
    private readonly exported: ExportedModel,
    private readonly session: OrtSession,
  ) {}

  async run(input: Tensor, options: RunOptions = {}): Promise<RunObservation> {
    const start = performance.now();
    const results = await this.session.run({ [INPUT_NAME]: new this.ort.Tensor('float32', input.data, input.shape) });
    const totalMs = performance.now() - start;
    const layers: LayerObservation[] = this.graph.nodes.map((node, i) => {
      const t = results[node.name];
      const own = this.exported.layerInitializers.get(node.name) ?? { params: 0, buffers: 0 };
      options.onLayer?.(i + 1, this.graph.nodes.length);
      return {
        name: node.name,
        shape: t ? [...t.dims] : [],
        params: own.params,
        buffers: own.buffers,
        ...(options.keepValues && t ? { values: t.data as Float32Array } : {}),
      };
    });
    return { backend: 'onnxruntime', layers, totalMs };
  }

  async timeLayers(input: Tensor, runs: number, onRun?: (done: number) => void): Promise<Map<string, number[]>> {
    return timeExportedLayers(this.ort, this.graph, this.weights, input, runs, onRun);
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

export async function loadOnnxruntimeBackend(): Promise<Backend> {
  const ort = await loadOrt();
  return {
    name: 'onnxruntime',
    summary: 'onnxruntime-node (CPU) running the exported ONNX graph',
    observes: { params: true, counts: false, values: true, time: true },
    readsWeightsEachRun: false,
    async prepare(graph: Graph, weights: WeightStore): Promise<PreparedModel> {
      if (graph.origin) {
        const tensors = graph.nodes.flatMap((n) => graph.origin!.tensorOf.get(n.name) ?? []);
        try {
          const session = await ort.InferenceSession.create(await graph.origin.withOutputs(tensors, graph.input.map(Number)), { executionProviders: ['cpu'], logSeverityLevel: 3 });
          return new OriginalModel(ort, graph, weights, session);
        } catch (e) {
          if (e instanceof FlopscopeError) throw e;
          throw new FlopscopeError('backend', `onnxruntime cannot run ${graph.name}: ${(e as Error).message.split('\n')[0]}`);
        }
      }
      let prepared: { session: OrtSession; exported: ExportedModel };
      try {
        prepared = await exportedSession(ort, graph, weights, { executionProviders: ['cpu'], logSeverityLevel: 3 }, true);
      } catch (e) {
        if (e instanceof FlopscopeError) throw e;
        throw new Error(`onnxruntime rejected the exported model of ${graph.name}: ${(e as Error).message}`);
      }
      return new OrtModel(ort, graph, weights, prepared.exported, prepared.session);
    },
  };
}
