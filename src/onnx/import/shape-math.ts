// Integer arithmetic on sizes that may be symbolic (N, H, W), as shape subgraphs need it: exact
// division of products (Reshape's -1), and comparisons that hold for every positive size.
import { FlopscopeError } from '../../errors.js';
import { concrete, dimEquals, floorDiv, formatDim, isSymbolic, product, sub, type Dim, type Shape } from '../../shape/dim.js';
import { gcd } from '../../shape/expr.js';

/** a / b when it is exact for every value of the symbols; undefined when it may not be. */
export function divideExact(numerator: readonly Dim[], denominator: readonly Dim[]): Dim | undefined {
  const num = [...numerator];
  const den: Dim[] = [];
  // Cancel equal factors first: (N*512) / N = 512 needs no symbolic division.
  for (const d of denominator) {
    const i = num.findIndex((n) => dimEquals(n, d));
    if (i >= 0) num.splice(i, 1);
    else den.push(d);
  }
  const top = product(num);
  const bottom = product(den);
  const b = concrete(bottom);
  if (b === undefined || b === 0 || (typeof b === 'bigint' && b === 0n)) return undefined;
  const t = concrete(top);
  if (t !== undefined) {
    const bt = BigInt(t);
    const bb = BigInt(b);
    return bt % bb === 0n ? Number(bt / bb) : undefined;
  }
  // A polynomial is divisible by d when every coefficient is.
  if (!isSymbolic(top)) return undefined;
  let g = 0n;
  for (const term of top.terms.values()) g = gcd(g, term.coef);
  return g % BigInt(b) === 0n ? floorDiv(top, Number(b)) : undefined;
}

/** Sign of a - b when it is the same for every positive value of the symbols, else undefined. */
export function compareDims(a: Dim, b: Dim): -1 | 0 | 1 | undefined {
  const ca = concrete(a);
  const cb = concrete(b);
  if (ca !== undefined && cb !== undefined) return ca < cb ? -1 : ca > cb ? 1 : 0;
  if (dimEquals(a, b)) return 0;
  const diff = sub(a, b);
  const c = concrete(diff);
  if (c !== undefined) return c < 0 ? -1 : c > 0 ? 1 : 0;
  // A size is at least 1: a symbolic size exceeds any constant below 1.
  if (cb !== undefined && cb < 1) return 1;
  if (ca !== undefined && ca < 1) return -1;
  return undefined;
}

export function undecidable(what: string, a: Dim, b: Dim): FlopscopeError {
  return new FlopscopeError('bad-input-shape', `${what} compares ${formatDim(a)} with ${formatDim(b)}, which depends on the symbolic sizes; give concrete sizes with --input`);
}

/** ONNX Reshape targets: 0 copies the input's dimension (unless allowzero), -1 takes what is left. */
export function resolveReshape(input: Shape, target: readonly Dim[], allowZero: boolean, what: string): Dim[] {
  const out: Dim[] = target.map((t, i) => {
    if (!allowZero && concrete(t) === 0) {
      if (i >= input.length) throw new FlopscopeError('shape', `${what}: target dimension ${i} is 0 (copy) but the input ${input.map(formatDim).join('x')} has no dimension ${i}`);
      return input[i];
    }
    return t;
  });
  const free = out.findIndex((d) => concrete(d) === -1);
  if (free >= 0) {
    const known = out.filter((_, i) => i !== free);
    if (known.some((d) => concrete(d) === -1)) throw new FlopscopeError('shape', `${what}: the target shape has more than one -1`);
    const rest = divideExact(input, known);
    if (rest === undefined) {
      throw new FlopscopeError('shape', `${what}: cannot reshape ${input.map(formatDim).join('x')} into ${out.map((d, i) => (i === free ? '-1' : formatDim(d))).join('x')} for every size; give concrete sizes with --input`);
    }
    out[free] = rest;
  }
  return out;
}
