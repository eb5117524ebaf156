// Attribute schemas: each op declares the type (and tuple length) of every attribute, so a layer
// built by hand (`layer('conv2d', {...})`) or imported from a file gets one line naming the
// attribute, what it expects and what it received, never a TypeError from deep in a shape rule.
import { layerError, type SourceSite } from '../errors.js';
import { formatDim } from '../shape/dim.js';
import { Poly } from '../shape/expr.js';

/** The layer being checked (an op's LayerContext). */
interface Where {
  readonly layer: string;
  readonly site?: SourceSite;
}

/**
 * One attribute's type. `min` bounds integers (-Infinity for any integer); a list without `length`
 * may have any length; 'dims' holds sizes that may be symbolic (number, bigint or Poly), as
 * Reshape targets and Resize sizes are; a 'number' without `min` is any finite number; 'oneOf'
 * accepts any of its rules.
 */
export type AttrRule =
  | { readonly type: 'int'; readonly min: number; readonly optional?: boolean }
  | { readonly type: 'ints'; readonly length?: number; readonly min: number; readonly optional?: boolean }
  | { readonly type: 'number'; readonly min?: number; readonly max?: number; readonly optional?: boolean }
  | { readonly type: 'floats'; readonly length?: number; readonly optional?: boolean }
  | { readonly type: 'bool'; readonly optional?: boolean }
  | { readonly type: 'enum'; readonly values: readonly string[]; readonly optional?: boolean }
  | { readonly type: 'dims'; readonly length?: number; readonly min: number; readonly optional?: boolean }
  | { readonly type: 'oneOf'; readonly rules: readonly AttrRule[]; readonly optional?: boolean };

/** A rule for every attribute of `A` (optional ones marked so). */
export type AttrSchema<A> = { readonly [K in keyof A]-?: AttrRule };

export const positiveInt = { type: 'int', min: 1 } as const;
export const nonNegativeInt = { type: 'int', min: 0 } as const;
export const flag = { type: 'bool' } as const;
export const positiveInts = (length: number) => ({ type: 'ints', length, min: 1 }) as const;
export const nonNegativeInts = (length: number) => ({ type: 'ints', length, min: 0 }) as const;
/** Any integer (axes, which may count from the end). */
export const anyInt = { type: 'int', min: -Infinity } as const;
/** A list of integers of any length (and sign, unless `min` says otherwise). */
export const intList = (min = -Infinity) => ({ type: 'ints', min }) as const;
/** Any finite number (alpha, beta, bounds, pad values). */
export const float = { type: 'number' } as const;
/** Finite numbers, any count. */
export const floatList = { type: 'floats' } as const;
export const oneOfStrings = (values: readonly string[]) => ({ type: 'enum', values }) as const;
/** Sizes that may be symbolic: `length` of them, or any number. */
export const dimList = (min: number, length?: number) => ({ type: 'dims', min, ...(length !== undefined ? { length } : {}) }) as const;
export const optional = <R extends AttrRule>(rule: R): R => ({ ...rule, optional: true });

function intName(min: number, plural: boolean): string {
  const s = plural ? 's' : '';
  if (min === -Infinity) return `integer${s}`;
  return min === 1 ? `positive integer${s}` : min === 0 ? `non-negative integer${s}` : `integer${s} >= ${min}`;
}

function expects(rule: AttrRule): string {
  switch (rule.type) {
    case 'int':
      return `a ${intName(rule.min, false)}`;
    case 'ints':
      return rule.length !== undefined ? `${rule.length} ${intName(rule.min, true)}` : `a list of ${intName(rule.min, true)}`;
    case 'number':
      return rule.min === undefined ? 'a finite number' : rule.max !== undefined ? `a number in [${rule.min}, ${rule.max})` : `a number > ${rule.min}`;
    case 'floats':
      return rule.length !== undefined ? `${rule.length} finite numbers` : 'a list of finite numbers';
    case 'bool':
      return 'true or false';
    case 'enum':
      return `one of ${rule.values.map((v) => `'${v}'`).join(', ')}`;
    case 'dims': {
      const what = `${intName(rule.min, true)} or symbolic sizes`;
      return rule.length !== undefined ? `${rule.length} ${what}` : `a list of ${what}`;
    }
    case 'oneOf':
      return rule.rules.map(expects).join(' or ');
  }
}

/** What was received, readable: NaN, undefined and functions included (JSON would hide them). */
export function received(v: unknown): string {
  if (v instanceof Poly) return formatDim(v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v === undefined || v === null) return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return v.length > 8 ? `${v.length} values` : `[${v.map(received).join(', ')}]`;
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return String(v);
  return 'an object';
}

const isInt = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
const isFloat = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
/** A size: a safe integer, a bigint (both at least `min`), or a symbolic Poly. */
const isDim = (v: unknown, min: number): boolean => v instanceof Poly || isInt(v, min) || (typeof v === 'bigint' && (min === -Infinity || v >= BigInt(min)));
const listOf = (v: unknown, length: number | undefined, each: (x: unknown) => boolean): boolean =>
  Array.isArray(v) && (length === undefined || v.length === length) && v.every(each);

function fits(rule: AttrRule, v: unknown): boolean {
  switch (rule.type) {
    case 'int':
      return isInt(v, rule.min);
    case 'ints':
      return listOf(v, rule.length, (x) => isInt(x, rule.min));
    case 'number':
      return isFloat(v) && (rule.min === undefined || (rule.max !== undefined ? (v as number) >= rule.min && (v as number) < rule.max : (v as number) > rule.min));
    case 'floats':
      return listOf(v, rule.length, isFloat);
    case 'bool':
      return typeof v === 'boolean';
    case 'enum':
      return typeof v === 'string' && rule.values.includes(v);
    case 'dims':
      return listOf(v, rule.length, (x) => isDim(x, rule.min));
    case 'oneOf':
      return rule.rules.some((r) => fits(r, v));
  }
}

/** Checks `attrs` against the schema: unknown names, missing ones, wrong types and tuple lengths. */
export function checkSchema<A>(schema: AttrSchema<A>, attrs: Readonly<Record<string, unknown>>, ctx: Where): void {
  const rules = schema as Readonly<Record<string, AttrRule>>;
  if (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs)) {
    throw layerError('bad-attribute', ctx.layer, ctx.site, `attributes must be an object, received ${received(attrs)}`);
  }
  for (const key of Object.keys(attrs)) {
    if (!Object.hasOwn(rules, key)) {
      const known = Object.keys(rules);
      throw layerError('bad-attribute', ctx.layer, ctx.site, `unknown attribute '${key}'; ${known.length ? `known attributes: ${known.join(', ')}` : 'this op takes no attributes'}`);
    }
  }
  for (const [key, rule] of Object.entries(rules)) {
    const v = attrs[key];
    if (v === undefined) {
      if (rule.optional) continue;
      throw layerError('bad-attribute', ctx.layer, ctx.site, `attribute '${key}' is missing: expects ${expects(rule)}`);
    }
    if (!fits(rule, v)) {
      const wrongLength = 'length' in rule && rule.length !== undefined && Array.isArray(v) && v.length !== rule.length;
      const count = wrongLength ? ` (${v.length} value${v.length === 1 ? '' : 's'})` : '';
      throw layerError('bad-attribute', ctx.layer, ctx.site, `attribute '${key}' expects ${expects(rule)}, received ${received(v)}${count}`);
    }
  }
}
