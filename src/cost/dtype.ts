import { FlopscopeError } from '../errors.js';

/** Bytes per element of the data types a report can assume. */
export const DTYPE_BYTES: Readonly<Record<string, number>> = { fp32: 4, fp16: 2, bf16: 2, int8: 1, fp64: 8 };

export function dtypeBytes(dtype: string): number {
  const b = DTYPE_BYTES[dtype];
  if (b === undefined) throw new FlopscopeError('usage', `unknown dtype '${dtype}'; known dtypes: ${Object.keys(DTYPE_BYTES).join(', ')}`);
  return b;
}
