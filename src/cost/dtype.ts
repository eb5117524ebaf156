import { FlopscopeError } from '../errors.js';

/** Bytes per element of the data types a report can assume. */
export const DTYPE_BYTES = { fp32: 4, fp16: 2, bf16: 2, int8: 1, fp64: 8 } as const satisfies Readonly<Record<string, number>>;

/** A data type, as `--dtype` takes it. */
export type DtypeName = keyof typeof DTYPE_BYTES;

export function dtypeNames(): DtypeName[] {
  return Object.keys(DTYPE_BYTES) as DtypeName[];
}

export function isDtypeName(name: string): name is DtypeName {
  return Object.hasOwn(DTYPE_BYTES, name);
}

export function dtypeBytes(dtype: string): number {
  if (!isDtypeName(dtype)) throw new FlopscopeError('usage', `unknown dtype '${dtype}'; known dtypes: ${dtypeNames().join(', ')}`);
  return DTYPE_BYTES[dtype];
}
