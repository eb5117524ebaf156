// The WebAssembly SIMD kernels: one small module (matrix multiply with its packing, depthwise
// convolution), shipped assembled (kernels-wasm.ts, from the text in kernels-wat.ts) and compiled
// on first use. Where WebAssembly SIMD is missing the compile fails once, the kernels report
// unavailable, and the convolutions keep their plain JavaScript loops.
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

export interface SimdKernels {
  readonly memory: WebAssembly.Memory;
  packA(src: number, m: number, k: number, dst: number): void;
  gemm(m: number, k: number, w: number, a: number, b: number, c: number, ldc: number): number;
  im2col(x: number, cg: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number,
    pt: number, pl: number, dh: number, dw: number, wo: number, p0: number, width: number, dst: number): void;
  depthwise(x: number, channels: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number,
    dh: number, dw: number, pt: number, pl: number, pb: number, pr: number, ho: number, wo: number,
    perGroup: number, weight: number, out: number, padded: number): number;
}

/** undefined: not compiled yet; null: this runtime cannot run them. */
let kernels: SimdKernels | null | undefined;
let compiled: WebAssembly.Module | undefined;
let unavailable: string | undefined;
let enabled = true;

function instantiate(): SimdKernels | null {
  try {
    compiled ??= new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
    return new WebAssembly.Instance(compiled, {}).exports as unknown as SimdKernels;
  } catch (e) {
    unavailable = (e as Error).message.split('\n')[0];
    return null;
  }
}

/** The kernels, compiled on first call; undefined when unavailable or turned off. */
export function simdKernels(): SimdKernels | undefined {
  if (!enabled) return undefined;
  kernels ??= instantiate();
  return kernels ?? undefined;
}

/**
 * Linear memory only grows: after VGG's 411 MB classifier it would stay that large for the life
 * of the process, beside whatever runs next (an onnxruntime session of the same weights). Past
 * `keepBytes`, the instance is dropped (its memory goes with it) and the next use makes a new one
 * from the compiled module.
 */
export function releaseSimdMemory(keepBytes = 64 << 20): void {
  if (kernels && kernels.memory.buffer.byteLength > keepBytes) kernels = undefined;
}

/** Why the kernels cannot run here, once simdKernels() has found out. */
export function simdKernelsUnavailable(): string | undefined {
  return unavailable;
}

/** Turns the kernels off (or back on), so tests and benchmarks can run the plain loops in the same process. */
export function enableSimdKernels(on: boolean): void {
  enabled = on;
}

/** Linear memory the kernels' layouts may ask for; larger layers use the plain loops. */
export const MAX_SIMD_BYTES = 1 << 30;

/** A view of the kernels' memory, grown to at least `bytes` first. */
export function simdMemory(k: SimdKernels, bytes: number): Float32Array {
  const grow = bytes - k.memory.buffer.byteLength;
  if (grow > 0) k.memory.grow(Math.ceil(grow / 65536));
  return new Float32Array(k.memory.buffer);
}
