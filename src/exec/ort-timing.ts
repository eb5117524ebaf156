// Times a graph in onnxruntime as an engine runs it: with a chosen graph optimization level (the
// deployed 'all' fuses layers and changes the memory layout) and thread count, every onnxruntime
// node's kernel time per run from its profiler, and the wall time of each run.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FlopscopeError } from '../errors.js';
import type { Graph } from '../ir/graph.js';
import { seededInput, seededWeights } from '../ir/weights.js';
import { INPUT_NAME } from '../onnx/export.js';
import { exportedSession, loadOrt, OrtLoadError, type Ort } from './onnxruntime.js';

export interface OrtTimingOptions {
  readonly runs: number;
  readonly graphOptimization: 'all' | 'disabled';
  readonly threads: number;
  readonly seed?: number;
  readonly onRun?: (done: number, total: number) => void;
}

export interface NodeTiming {
  /** onnxruntime's node name: a layer name, possibly with a suffix (`_nchwc`, `/part`). */
  readonly name: string;
  readonly opType: string;
  /** Kernel time of each timed run, in seconds. */
  readonly seconds: readonly number[];
}

export interface GraphTiming {
  readonly nodes: readonly NodeTiming[];
  /** Wall time of each timed run (session.run, input and output copies included), in seconds. */
  readonly wallSeconds: readonly number[];
  readonly engine: string;
}

/** onnxruntime-node, or a one-line error saying `what` needs it and how to install it. */
export async function requireOrt(what: string): Promise<Ort> {
  try {
    return await loadOrt();
  } catch (e) {
    if (!(e instanceof FlopscopeError)) throw e;
    const install = '`ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node`';
    if (e instanceof OrtLoadError) throw new FlopscopeError('backend', `${what} needs onnxruntime-node, which failed to load (${e.reason}); reinstall it with ${install}`);
    throw new FlopscopeError('backend', `${what} needs onnxruntime-node, which is not installed or failed to load; install it with ${install}`);
  }
}

export function engineName(ort: Ort): string {
  const version = ort.env?.versions?.common;
  return `onnxruntime-node${version ? ` ${version}` : ''} (CPU)`;
}

interface ProfileEvent { cat?: string; name?: string; dur?: number; args?: { op_name?: string } }

/** Runs the graph `runs` times after one warm-up; every node's kernel times and the wall times. */
export async function timeWithOnnxruntime(graph: Graph, options: OrtTimingOptions, ort?: Ort): Promise<GraphTiming> {
  const engine = ort ?? (await requireOrt('timing with onnxruntime'));
  const seed = options.seed ?? 0;
  const dir = await mkdtemp(join(tmpdir(), 'flopscope-ort-'));
  try {
    const { session } = await exportedSession(engine, graph, seededWeights(seed), {
      executionProviders: ['cpu'], graphOptimizationLevel: options.graphOptimization, intraOpNumThreads: options.threads, interOpNumThreads: 1,
      enableProfiling: true, profileFilePrefix: join(dir, 'profile'), logSeverityLevel: 3,
    });
    const input = seededInput(graph.input.map(Number), seed);
    const feeds = { [INPUT_NAME]: new engine.Tensor('float32', input.data, input.shape) };
    const wallSeconds: number[] = [];
    for (let r = 0; r <= options.runs; r++) {
      const start = performance.now();
      await session.run(feeds);
      if (r > 0) {
        wallSeconds.push((performance.now() - start) / 1000);
        options.onRun?.(r, options.runs);
      }
    }
    session.endProfiling();
    await session.release();
    const file = (await readdir(dir)).find((f) => f.endsWith('.json'));
    if (!file) throw new FlopscopeError('backend', 'onnxruntime wrote no profile file');
    const events = JSON.parse(await readFile(join(dir, file), 'utf8')) as ProfileEvent[];
    const byNode = new Map<string, { opType: string; seconds: number[] }>();
    for (const e of events) {
      if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time') || typeof e.dur !== 'number') continue;
      const name = e.name.slice(0, -'_kernel_time'.length);
      const entry = byNode.get(name) ?? { opType: e.args?.op_name ?? '?', seconds: [] };
      entry.seconds.push(e.dur / 1e6);
      byNode.set(name, entry);
    }
    // Drop the warm-up run of every node.
    const nodes = [...byNode].map(([name, n]) => ({ name, opType: n.opType, seconds: n.seconds.slice(n.seconds.length - options.runs) }));
    return { nodes, wallSeconds, engine: engineName(engine) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
