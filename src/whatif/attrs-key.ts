// Layer attributes as memo keys without building strings: a number hash to find candidates, then
// an exact comparison. Only plain values are keyed (numbers, strings, booleans and flat arrays of
// them, as every DSL constructor makes); anything else is left unkeyed and analysed each time.

type Attrs = Readonly<Record<string, unknown>>;

const stringIds = new Map<string, number>();

function stringId(s: string): number {
  let id = stringIds.get(s);
  if (id === undefined) stringIds.set(s, (id = stringIds.size + 1));
  return id;
}

function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 0x9e3779b1) ^ (h >>> 15);
}

function scalarHash(v: unknown): number | undefined {
  switch (typeof v) {
    case 'number':
      // Integers hash as themselves; other numbers by a scaled value (the comparison is exact anyway).
      return Number.isInteger(v) ? v | 0 : (v * 1048576) | 0;
    case 'string':
      return stringId(v);
    case 'boolean':
      return v ? 0x5bd1e995 : 0x1b873593;
    default:
      return undefined;
  }
}

/** A hash of the op and its attributes, or undefined when an attribute is not a plain value. */
export function attrsHash(op: string, attrs: Attrs): number | undefined {
  let h = stringId(op);
  for (const key in attrs) {
    h = mix(h, stringId(key));
    const v = attrs[key];
    if (Array.isArray(v)) {
      h = mix(h, v.length + 0x27d4eb2d);
      for (let i = 0; i < v.length; i++) {
        const e = scalarHash(v[i]);
        if (e === undefined) return undefined;
        h = mix(h, e);
      }
    } else {
      const e = scalarHash(v);
      if (e === undefined) return undefined;
      h = mix(h, e);
    }
  }
  return h;
}

/** Same value, telling 0 from -0 (a shape rule could). */
function same(a: unknown, b: unknown): boolean {
  return Object.is(a, b);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a)) return same(a, b);
  if (!Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}

/** A keyed op and attributes, kept to compare later candidates with. */
export interface AttrsKey {
  readonly op: string;
  readonly keys: readonly string[];
  readonly values: readonly unknown[];
}

export function attrsKey(op: string, attrs: Attrs): AttrsKey {
  const keys: string[] = [];
  const values: unknown[] = [];
  for (const key in attrs) {
    keys.push(key);
    const v = attrs[key];
    values.push(Array.isArray(v) ? [...v] : v);
  }
  return { op, keys, values };
}

/** Whether `op` and `attrs` equal the key: same op, same attribute names in the same order, same values. */
export function matchesKey(key: AttrsKey, op: string, attrs: Attrs): boolean {
  if (key.op !== op) return false;
  let i = 0;
  for (const name in attrs) {
    if (i >= key.keys.length || key.keys[i] !== name || !sameValue(attrs[name], key.values[i])) return false;
    i++;
  }
  return i === key.keys.length;
}
