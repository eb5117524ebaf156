// Simplifying an exact cost formula under an assumption on the input size. Strides put floors in
// the exact formulas (floor((H + 1) / 2), ...); when H is a multiple of the network's total
// stride, every floor divides exactly and the formula becomes a plain polynomial. We find the
// smallest such multiple, substitute H = m * h, and let Poly's exact floor rules remove them.
import { Poly, type Atom, gcd } from '../shape/expr.js';
import type { Dim } from '../shape/dim.js';

export interface Assumption {
  /** The multiple each symbol is assumed to be, e.g. { H: 32, W: 32 }; empty when none is needed. */
  readonly multiples: Readonly<Record<string, number>>;
  /** In words, e.g. 'H and W are multiples of 32'. */
  readonly text: string;
}

/** Walks every floor atom, nested ones included. */
function forEachFloor(p: Poly, visit: (num: Poly, den: bigint) => void): void {
  for (const t of p.terms.values()) {
    for (const [atom] of t.factors as ReadonlyArray<readonly [Atom, number]>) {
      if (atom.kind !== 'floor') continue;
      visit(atom.num, atom.den);
      forEachFloor(atom.num, visit);
    }
  }
}

export function hasFloor(p: Poly): boolean {
  let found = false;
  forEachFloor(p, () => { found = true; });
  return found;
}

/** The name a symbol takes after substitution: H = 32 * H', printed back as (H/32). */
export function scaledName(symbol: string): string {
  return `${symbol}'`;
}

function substituteMultiples(p: Poly, symbols: readonly string[], multiple: bigint): Poly {
  const values = new Map(symbols.map((s) => [s, Poly.symbol(scaledName(s)).scale(multiple)] as const));
  return p.substitute(values);
}

function joinWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export interface Simplification {
  readonly assumption: Assumption;
  /** The formulas after substitution, in the scaled symbols (H' = H / multiple). */
  readonly polys: readonly Poly[];
}

/**
 * The smallest multiple m (the lcm of the floor divisors, doubled a few times if needed) such that
 * every formula loses its floors when each symbol under a floor is a multiple of m. Undefined when
 * no such m is found (the formulas then keep their floors).
 */
export function simplifyUnderMultiples(dims: readonly Dim[], maxDoublings = 6): Simplification | undefined {
  const polys = dims.map((d) => (d instanceof Poly ? d : Poly.constant(d)));
  const symbols = new Set<string>();
  let lcm = 1n;
  for (const p of polys) {
    forEachFloor(p, (num, den) => {
      num.symbols(symbols);
      lcm = (lcm * den) / gcd(lcm, den);
    });
  }
  if (symbols.size === 0) return { assumption: { multiples: {}, text: 'none (the formulas have no floor terms)' }, polys };
  const names = [...symbols].sort();
  let multiple = lcm;
  for (let i = 0; i <= maxDoublings; i++, multiple *= 2n) {
    const out = polys.map((p) => substituteMultiples(p, names, multiple));
    if (out.every((p) => !hasFloor(p))) {
      const verb = names.length === 1 ? 'is a multiple' : 'are multiples';
      return {
        assumption: { multiples: Object.fromEntries(names.map((s) => [s, Number(multiple)])), text: `${joinWords(names)} ${verb} of ${multiple}` },
        polys: out,
      };
    }
  }
  return undefined;
}
