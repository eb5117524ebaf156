// The executor's one interface: a backend prepares a graph with (seeded) weights, runs an input,
// and reports what it observed per layer. Adding a backend is one file plus one line in BACKENDS
// (backends.ts).
import type { Graph } from '../ir/graph.js';
import type { Tensor, WorkCount } from '../ops/types.js';
import type { WeightStore } from '../ir/weights.js';

/** What a backend saw of one layer; a field is absent when the backend cannot observe it. */
export interface LayerObservation {
  readonly name: string;
  readonly shape: readonly number[];
  /** Learned parameter elements the backend allocated or loaded for this layer. */
  readonly params?: number;
  /** Non-learned state (BN running statistics). */
  readonly buffers?: number;
  /** Work the backend counted while running the layer. */
  readonly counts?: Readonly<WorkCount>;
  /** Wall time of the layer, in milliseconds. */
  readonly timeMs?: number;
  /** The output values, when asked for (to compare backends). */
  readonly values?: Float32Array;
}

export interface RunOptions {
  /** Keep every layer's output values in the observations. */
  readonly keepValues?: boolean;
  /** Called after each layer, for progress bars. */
  readonly onLayer?: (done: number, total: number) => void;
}

export interface RunObservation {
  readonly backend: string;
  /** In graph order. */
  readonly layers: readonly LayerObservation[];
  readonly totalMs: number;
}

export interface PreparedModel {
  /** What this prepared model observes, where it differs from its backend's usual (running an imported file as it is). */
  readonly observes?: Partial<Backend['observes']>;
  run(input: Tensor, options?: RunOptions): Promise<RunObservation>;
  /** Runs `runs` times and returns each layer's times (ms), one array entry per run. */
  timeLayers?(input: Tensor, runs: number, onRun?: (done: number) => void): Promise<Map<string, number[]>>;
  dispose(): Promise<void>;
}

export interface Backend {
  readonly name: string;
  /** One line for listings. */
  readonly summary: string;
  /** What its observations carry, so validation knows which checks it can run. */
  readonly observes: { readonly params: boolean; readonly counts: boolean; readonly values: boolean; readonly time: boolean };
  /**
   * True when its kernels read the weight store as they run (the values live in JavaScript memory,
   * freed only at a collection); false when prepare() copies them into a native session, whose
   * memory is freed at dispose.
   */
  readonly readsWeightsEachRun: boolean;
  prepare(graph: Graph, weights: WeightStore): Promise<PreparedModel>;
}
