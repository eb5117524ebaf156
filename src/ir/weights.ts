// Seeded weights and inputs: every tensor's values depend only on (seed, its key, its shape and
// its op's initialiser), so the executor's backends and the ONNX exporter that ask for the same
// weight get the same numbers, and runs are reproducible.
import type { ParamInit, Tensor } from '../ops/types.js';
import { elementCount } from '../ops/kernel/tensor.js';
import { FlopscopeError } from '../errors.js';
import type { ParamRef, ParamValues } from './graph.js';

export const WEIGHT_MODES = ['random', 'zeros'] as const;
export type WeightMode = (typeof WEIGHT_MODES)[number];

/** FNV-1a, to turn a tensor's key into a PRNG seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Fills `values` uniformly in [lo, hi) from mulberry32 (a small, fast 32-bit PRNG) seeded by the
 * key; the generator is written into the loop, with integer state, since large models fill
 * hundreds of millions of weights (a closure per draw took four times as long).
 */
function fill(values: Float32Array, seed: string, lo: number, hi: number): Float32Array {
  let s = hash(seed) | 0;
  const scale = (hi - lo) / 4294967296;
  for (let i = 0; i < values.length; i++) {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = lo + scale * ((t ^ (t >>> 14)) >>> 0);
  }
  return values;
}

/** Value range of a parameter, from the initialiser its op declares. */
function range(init: ParamInit, shape: readonly number[]): [number, number] {
  if (init.kind === 'uniform') return [init.low, init.high];
  const a = Math.sqrt(3 / elementCount(shape.slice(1))); // unit variance out for unit variance in
  return [-a, a];
}

export interface WeightStore {
  /** How the values were made; 'file' for an imported model's own weights. */
  readonly mode: WeightMode | 'file';
  readonly seed: number;
  /** The values of a parameter (by its key), created on first request; a later request must ask for the same shape. */
  get(param: ParamRef): { values: Float32Array; created: boolean };
}

/**
 * Seeded weights, the same values for the same seed and key. `retain: false` makes each on
 * request and keeps none (for a consumer that copies them once, as an ONNX export does): the
 * values are the same every time, and a large model is not held in memory twice.
 */
export function seededWeights(seed = 0, mode: WeightMode = 'random', options: { retain?: boolean } = {}): WeightStore {
  const retain = options.retain ?? true;
  const shapes = new Map<string, string>();
  const made = new Map<string, Float32Array>();
  return {
    mode,
    seed,
    get({ key, shape, init }) {
      const had = shapes.get(key);
      if (had !== undefined && had !== shape.join('x')) {
        throw new FlopscopeError('shape', `weight '${key}' is shared but requested as ${shape.join('x')} after ${had}`);
      }
      const kept = made.get(key);
      if (kept) return { values: kept, created: false };
      const values = new Float32Array(elementCount(shape));
      if (mode === 'random') fill(values, `${seed}:${key}`, ...range(init, shape));
      shapes.set(key, shape.join('x'));
      if (retain) made.set(key, values);
      return { values, created: had === undefined };
    },
  };
}

/** The weights an imported file holds: each parameter's values as stored, checked against its shape. */
export function fileWeights(values: ParamValues): WeightStore {
  const made = new Map<string, Float32Array>();
  return {
    mode: 'file',
    seed: 0,
    get(param) {
      const have = made.get(param.key);
      if (have) return { values: have, created: false };
      const v = values(param);
      if (v.length !== elementCount(param.shape)) {
        throw new FlopscopeError('shape', `weight '${param.key}' holds ${v.length} values, but its layer reads it as ${param.shape.join('x')}`);
      }
      made.set(param.key, v);
      return { values: v, created: true };
    },
  };
}

/** A seeded input in [-1, 1). */
export function seededInput(shape: readonly number[], seed = 0): Tensor {
  return { shape, data: fill(new Float32Array(elementCount(shape)), `${seed}:input`, -1, 1) };
}
