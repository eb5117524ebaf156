// Shared by the ops that move or re-label data and do no arithmetic: their work is 'none',
// deliberately, so a zero is never mistaken for an op nobody counted.
import type { CountsDoc, ParamSpec, Tensor } from './types.js';

export const noArithmetic = {
  counts: 'none' as CountsDoc,
  params: (): ParamSpec[] => [],
  macs: (): number => 0,
  work: (): 'none' => 'none',
};

/** The input, unchanged (a view at inference). */
export const passThrough = { kernel: ([x]: readonly Tensor[]): Tensor => x };
