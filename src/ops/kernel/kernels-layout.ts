// The shapes the SIMD kernels are built around, shared by their WebAssembly text (wat-*.ts) and
// the JavaScript that lays out their memory (gemm-simd.ts, depthwise.ts).

/** Rows of C per register tile (packA transposes 4 x 4 blocks, so 4). */
export const MR = 4;
/** Columns of C per register tile (two f32x4 vectors). */
export const NR = 8;
/** Depth of a K block. */
export const KC = 256;
/** Rows of a block of A (a multiple of MR). */
export const MC = 64;
/** Columns of C per chunk of im2col (a multiple of NR). */
export const NC = 256;
/** Bytes at the start of memory the kernels keep for themselves (lane table, edge tile). */
export const RESERVED_BYTES = 1024;
/** Where in those bytes: the lane table of im2col (window origins of a panel's columns). */
export const LANE_IY = 0;
export const LANE_IX = NR * 4;
/** The scratch tile of the last, narrow columns of C. */
export const EDGE_TILE = 128;
