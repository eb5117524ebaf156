// The WebAssembly SIMD kernels: one module (matrix multiply with its packing, depthwise
// convolution) assembled from its text with wabt on first use. wabt is 5 MB and only the
// reference backend needs it, so it is imported lazily; when it or WebAssembly SIMD is missing,
// the kernels report unavailable and the convolutions keep their plain JavaScript loops.
import { DEPTHWISE_WAT } from './wat-depthwise.js';
import { GEMM_WAT } from './wat-gemm.js';

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

const MODULE_WAT = `(module
  (memory (export "memory") 1)
${GEMM_WAT}
${DEPTHWISE_WAT}
)`;

let kernels: SimdKernels | undefined;
let loading: Promise<boolean> | undefined;
let unavailable: string | undefined;
let enabled = true;

/** Loads the kernels once; resolves false when this runtime cannot run them. */
export function loadSimdKernels(): Promise<boolean> {
  loading ??= (async () => {
    try {
      const wabt = await (await import('wabt')).default();
      const parsed = wabt.parseWat('kernels.wat', MODULE_WAT, { simd: true, bulk_memory: true });
      try {
        parsed.validate();
        const { buffer } = parsed.toBinary({});
        const instance = new WebAssembly.Instance(new WebAssembly.Module(buffer as Uint8Array<ArrayBuffer>), {});
        kernels = instance.exports as unknown as SimdKernels;
      } finally {
        parsed.destroy();
      }
      return true;
    } catch (e) {
      unavailable = (e as Error).message.split('\n')[0];
      return false;
    }
  })();
  return loading;
}

/** The kernels when loaded and enabled, else undefined (use the plain loops). */
export function simdKernels(): SimdKernels | undefined {
  return enabled ? kernels : undefined;
}

/** Why the kernels could not be loaded, if they were tried and failed. */
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
