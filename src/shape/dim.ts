import { Poly } from './expr.js';

/**
 * A dimension or a count. Plain numbers are the fast path; a result that would pass 2^53 becomes
 * an exact bigint; a symbolic size (N, H, W) is a Poly. All arithmetic in shape rules and cost
 * formulas goes through these helpers, so one formula serves the numeric and symbolic paths.
 */
export type Dim = number | bigint | Poly;
export type Shape = readonly Dim[];

const MAX = Number.MAX_SAFE_INTEGER;

// Operands are integers, so a plain range test is enough (cheaper than Number.isSafeInteger).
function safe(r: number): boolean {
  return r <= MAX && r >= -MAX;
}

function narrow(x: bigint): number | bigint {
  return x <= BigInt(MAX) && x >= -BigInt(MAX) ? Number(x) : x;
}

export function toPoly(x: Dim): Poly {
  return x instanceof Poly ? x : Poly.constant(x);
}

function fromPoly(p: Poly): Dim {
  const c = p.constantValue();
  return c === undefined ? p : narrow(c);
}

export function isSymbolic(x: Dim): x is Poly {
  return x instanceof Poly;
}

export function add(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    return safe(r) ? r : narrow(BigInt(a) + BigInt(b));
  }
  if (a instanceof Poly || b instanceof Poly) return fromPoly(toPoly(a).add(toPoly(b)));
  return narrow(BigInt(a) + BigInt(b));
}

export function sub(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    return safe(r) ? r : narrow(BigInt(a) - BigInt(b));
  }
  if (a instanceof Poly || b instanceof Poly) return fromPoly(toPoly(a).sub(toPoly(b)));
  return narrow(BigInt(a) - BigInt(b));
}

export function mul(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    return safe(r) ? r : narrow(BigInt(a) * BigInt(b));
  }
  if (a instanceof Poly || b instanceof Poly) return fromPoly(toPoly(a).mul(toPoly(b)));
  return narrow(BigInt(a) * BigInt(b));
}

/** Product of all factors. */
export function product(factors: readonly Dim[]): Dim {
  // Hot path (every shape of every layer): plain numbers in an indexed loop.
  let r = 1;
  for (let i = 0; i < factors.length; i++) {
    const f = factors[i];
    const x = typeof f === 'number' ? r * f : NaN;
    if (!safe(x)) {
      let exact: Dim = r;
      for (let j = i; j < factors.length; j++) exact = mul(exact, factors[j]);
      return exact;
    }
    r = x;
  }
  return r;
}

export function sum(terms: readonly Dim[]): Dim {
  let r: Dim = 0;
  for (const t of terms) r = add(r, t);
  return r;
}

/** floor(a / d) for a positive integer divisor, PyTorch/ONNX integer semantics. */
export function floorDiv(a: Dim, d: number): Dim {
  if (typeof a === 'number') return Math.floor(a / d);
  if (typeof a === 'bigint') {
    const bd = BigInt(d);
    const q = a / bd;
    return narrow(a % bd !== 0n && a < 0n ? q - 1n : q);
  }
  return fromPoly(a.floorDiv(BigInt(d)));
}

/** ceil(a / d) = floor((a + d - 1) / d). */
export function ceilDiv(a: Dim, d: number): Dim {
  return floorDiv(add(a, d - 1), d);
}

/** The concrete value, or undefined for a symbolic dimension. */
export function concrete(x: Dim): number | bigint | undefined {
  return x instanceof Poly ? undefined : x;
}

export function dimEquals(a: Dim, b: Dim): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (a instanceof Poly || b instanceof Poly) return toPoly(a).equals(toPoly(b));
  return BigInt(a) === BigInt(b);
}

export function shapeEquals(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => dimEquals(d, b[i]));
}

export function formatDim(x: Dim): string {
  if (x instanceof Poly) {
    const s = x.toString();
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : `(${s})`;
  }
  return String(x);
}

export function formatShape(shape: Shape): string {
  return shape.map(formatDim).join('x');
}

