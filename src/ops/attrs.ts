// Attribute schemas: each op declares the type (and tuple length) of every attribute, so a layer
// built by hand (`layer('conv2d', {...})`) or imported from a file gets one line naming the
// attribute, what it expects and what it received, never a TypeError from deep in a shape rule.
import { layerError, type SourceSite } from '../errors.js';

/** The layer being checked (an op's LayerContext). */
interface Where {
  readonly layer: string;
  readonly site?: SourceSite;
}

export type AttrRule =
  | { readonly type: 'int'; readonly min: number; readonly optional?: boolean }
  | { readonly type: 'ints'; readonly length: number; readonly min: number; readonly optional?: boolean }
  | { readonly type: 'number'; readonly min?: number; readonly max?: number; readonly optional?: boolean }
  | { readonly type: 'bool'; readonly optional?: boolean };

/** A rule for every attribute of `A` (optional ones marked so). */
export type AttrSchema<A> = { readonly [K in keyof A]-?: AttrRule };

export const positiveInt = { type: 'int', min: 1 } as const;
export const nonNegativeInt = { type: 'int', min: 0 } as const;
export const flag = { type: 'bool' } as const;
export const positiveInts = (length: number) => ({ type: 'ints', length, min: 1 }) as const;
export const nonNegativeInts = (length: number) => ({ type: 'ints', length, min: 0 }) as const;
export const optional = <R extends AttrRule>(rule: R): R => ({ ...rule, optional: true });

function intName(min: number, plural: boolean): string {
  const s = plural ? 's' : '';
  return min === 1 ? `positive integer${s}` : min === 0 ? `non-negative integer${s}` : `integer${s} >= ${min}`;
}

function expects(rule: AttrRule): string {
  switch (rule.type) {
    case 'int':
      return `a ${intName(rule.min, false)}`;
    case 'ints':
      return `${rule.length} ${intName(rule.min, true)}`;
    case 'number':
      return rule.min === undefined ? 'a finite number' : rule.max !== undefined ? `a number in [${rule.min}, ${rule.max})` : `a number > ${rule.min}`;
    case 'bool':
      return 'true or false';
  }
}

/** What was received, readable: NaN, undefined and functions included (JSON would hide them). */
export function received(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v === undefined || v === null) return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return v.length > 8 ? `${v.length} values` : `[${v.map(received).join(', ')}]`;
  if (typeof v === 'function') return 'a function';
  return 'an object';
}

const isInt = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

function fits(rule: AttrRule, v: unknown): boolean {
  switch (rule.type) {
    case 'int':
      return isInt(v, rule.min);
    case 'ints':
      return Array.isArray(v) && v.length === rule.length && v.every((x) => isInt(x, rule.min));
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) && (rule.min === undefined || (rule.max !== undefined ? v >= rule.min && v < rule.max : v > rule.min));
    case 'bool':
      return typeof v === 'boolean';
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
      const count = rule.type === 'ints' && Array.isArray(v) && v.length !== rule.length ? ` (${v.length} value${v.length === 1 ? '' : 's'})` : '';
      throw layerError('bad-attribute', ctx.layer, ctx.site, `attribute '${key}' expects ${expects(rule)}, received ${received(v)}${count}`);
    }
  }
}
