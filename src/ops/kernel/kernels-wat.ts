// The text of the SIMD kernels' WebAssembly module. It is assembled ahead of time, not at run
// time: `npm run wasm` (scripts/assemble-kernels.mjs, with wabt) writes the bytes into
// kernels-wasm.ts, and test/exec-fast-kernels.test.ts fails while the two disagree.
import { DEPTHWISE_WAT } from './wat-depthwise.js';
import { GEMM_WAT } from './wat-gemm.js';

/** Features the text uses beyond WebAssembly 1.0 (all in Node 20's V8). */
export const KERNELS_FEATURES = { simd: true, bulk_memory: true } as const;

export const KERNELS_WAT = `(module
  (memory (export "memory") 1)
${GEMM_WAT}
${DEPTHWISE_WAT}
)`;
