// Exact symbolic integer expressions: polynomials with BigInt coefficients over atoms, where an
// atom is a symbol (N, H, W) or floor(poly / d). A canonical form (like terms merged, nested
// floors folded) keeps every cost a short sum instead of a growing tree, which is why we do not
// lean on mathjs `simplify` for this: it grows explosively on long sums. mathjs is used at the
// boundaries (parsing dimension expressions, evaluating printed formulas).

export type Atom = SymbolAtom | FloorAtom;

export interface SymbolAtom {
  readonly kind: 'sym';
  readonly name: string;
  readonly key: string;
}

export interface FloorAtom {
  readonly kind: 'floor';
  readonly num: Poly;
  readonly den: bigint;
  readonly key: string;
}

/** A product of atoms with a coefficient; `factors` is sorted by atom key. */
export interface Term {
  readonly coef: bigint;
  readonly factors: ReadonlyArray<readonly [Atom, number]>;
}

export type Env = Readonly<Record<string, bigint | number>>;

function floorDivBig(a: bigint, d: bigint): bigint {
  const q = a / d;
  return (a % d !== 0n && (a < 0n) !== (d < 0n)) ? q - 1n : q;
}

/** Greatest common divisor of two integers (always non-negative). */
export function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function monomialKey(factors: ReadonlyArray<readonly [Atom, number]>): string {
  let key = '';
  for (const [atom, power] of factors) {
    if (key) key += '*';
    key += power === 1 ? atom.key : `${atom.key}^${power}`;
  }
  return key;
}

function mulFactors(
  a: ReadonlyArray<readonly [Atom, number]>,
  b: ReadonlyArray<readonly [Atom, number]>,
): Array<readonly [Atom, number]> {
  const out: Array<readonly [Atom, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i][0].key < b[j][0].key)) out.push(a[i++]);
    else if (i >= a.length || b[j][0].key < a[i][0].key) out.push(b[j++]);
    else out.push([a[i][0], a[i++][1] + b[j++][1]]);
  }
  return out;
}

export class Poly {
  private cachedKey: string | undefined;

  private constructor(readonly terms: ReadonlyMap<string, Term>) {}

  static readonly zero = new Poly(new Map());

  static constant(value: bigint | number): Poly {
    const c = BigInt(value);
    return c === 0n ? Poly.zero : new Poly(new Map([['', { coef: c, factors: [] }]]));
  }

  static symbol(name: string): Poly {
    const atom: SymbolAtom = { kind: 'sym', name, key: name };
    return Poly.fromAtom(atom);
  }

  private static fromAtom(atom: Atom): Poly {
    return new Poly(new Map([[atom.key, { coef: 1n, factors: [[atom, 1]] }]]));
  }

  private static fromTerms(terms: Iterable<Term>): Poly {
    const map = new Map<string, Term>();
    for (const t of terms) {
      if (t.coef === 0n) continue;
      const k = monomialKey(t.factors);
      const prev = map.get(k);
      const coef = prev ? prev.coef + t.coef : t.coef;
      if (coef === 0n) map.delete(k);
      else map.set(k, { coef, factors: t.factors });
    }
    return new Poly(map);
  }

  get key(): string {
    if (this.cachedKey === undefined) {
      this.cachedKey = [...this.terms.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, t]) => `${t.coef}*${k}`)
        .join('+');
    }
    return this.cachedKey;
  }

  isZero(): boolean {
    return this.terms.size === 0;
  }

  /** The value when the polynomial has no symbols, else undefined. */
  constantValue(): bigint | undefined {
    if (this.terms.size === 0) return 0n;
    if (this.terms.size === 1) {
      const t = this.terms.get('');
      if (t) return t.coef;
    }
    return undefined;
  }

  equals(other: Poly): boolean {
    return this.key === other.key;
  }

  add(other: Poly): Poly {
    if (other.isZero()) return this;
    if (this.isZero()) return other;
    return Poly.fromTerms([...this.terms.values(), ...other.terms.values()]);
  }

  scale(c: bigint): Poly {
    if (c === 1n) return this;
    return Poly.fromTerms([...this.terms.values()].map((t) => ({ coef: t.coef * c, factors: t.factors })));
  }

  sub(other: Poly): Poly {
    return this.add(other.scale(-1n));
  }

  mul(other: Poly): Poly {
    const out: Term[] = [];
    for (const a of this.terms.values()) {
      for (const b of other.terms.values()) {
        out.push({ coef: a.coef * b.coef, factors: mulFactors(a.factors, b.factors) });
      }
    }
    return Poly.fromTerms(out);
  }

  /** floor(this / d) for a positive integer d, exact for integer-valued symbols. */
  floorDiv(d: bigint): Poly {
    if (d <= 0n) throw new RangeError(`floorDiv needs a positive divisor, got ${d}`);
    if (d === 1n) return this;
    const c = this.constantValue();
    if (c !== undefined) return Poly.constant(floorDivBig(c, d));
    // floor((d*q + r) / d) = q + floor(r / d) when q is integer-valued.
    const quotient: Term[] = [];
    const remainder: Term[] = [];
    for (const t of this.terms.values()) {
      const q = floorDivBig(t.coef, d);
      if (q !== 0n) quotient.push({ coef: q, factors: t.factors });
      const r = t.coef - q * d;
      if (r !== 0n) remainder.push({ coef: r, factors: t.factors });
    }
    const q = Poly.fromTerms(quotient);
    const rem = Poly.fromTerms(remainder);
    const remConst = rem.constantValue();
    if (remConst !== undefined) return q; // 0 <= remConst < d, so its floor is 0
    return q.add(rem.floorOfRemainder(d));
  }

  private floorOfRemainder(d: bigint): Poly {
    // Common factor: floor(g*y / (g*e)) = floor(y / e).
    let g = d;
    for (const t of this.terms.values()) g = gcd(g, t.coef);
    if (g > 1n) {
      const reduced = Poly.fromTerms([...this.terms.values()].map((t) => ({ coef: t.coef / g, factors: t.factors })));
      return reduced.floorDiv(d / g);
    }
    // Nested floor: floor((floor(x / a) + c) / d) = floor((x + c*a) / (a*d)).
    let inner: FloorAtom | undefined;
    let c = 0n;
    let nestable = true;
    for (const t of this.terms.values()) {
      if (t.factors.length === 0) c = t.coef;
      else if (!inner && t.coef === 1n && t.factors.length === 1 && t.factors[0][1] === 1 && t.factors[0][0].kind === 'floor') {
        inner = t.factors[0][0];
      } else nestable = false;
    }
    if (nestable && inner) return inner.num.add(Poly.constant(c * inner.den)).floorDiv(inner.den * d);
    const atom: FloorAtom = { kind: 'floor', num: this, den: d, key: `floor((${this.key})/${d})` };
    return Poly.fromAtom(atom);
  }

  symbols(into: Set<string> = new Set()): Set<string> {
    for (const t of this.terms.values()) {
      for (const [atom] of t.factors) {
        if (atom.kind === 'sym') into.add(atom.name);
        else atom.num.symbols(into);
      }
    }
    return into;
  }

  evaluate(env: Env): bigint {
    let total = 0n;
    for (const t of this.terms.values()) {
      let v = t.coef;
      for (const [atom, power] of t.factors) {
        let a: bigint;
        if (atom.kind === 'sym') {
          const x = env[atom.name];
          if (x === undefined) throw new RangeError(`no value for symbol ${atom.name}`);
          a = BigInt(x);
        } else {
          a = floorDivBig(atom.num.evaluate(env), atom.den);
        }
        v *= a ** BigInt(power);
      }
      total += v;
    }
    return total;
  }

  /** Replaces symbols by polynomials (used for assumptions such as H = 32*h). */
  substitute(values: ReadonlyMap<string, Poly>): Poly {
    let out = Poly.zero;
    for (const t of this.terms.values()) {
      let term = Poly.constant(t.coef);
      for (const [atom, power] of t.factors) {
        const a = atom.kind === 'sym' ? values.get(atom.name) ?? Poly.fromAtom(atom) : atom.num.substitute(values).floorDiv(atom.den);
        for (let i = 0; i < power; i++) term = term.mul(a);
      }
      out = out.add(term);
    }
    return out;
  }

  /** Terms in print order: higher degree first, then by key. */
  orderedTerms(): Term[] {
    const degree = (t: Term) => t.factors.reduce((s, [, p]) => s + p, 0);
    return [...this.terms.values()].sort((a, b) => degree(b) - degree(a) || (monomialKey(a.factors) < monomialKey(b.factors) ? -1 : 1));
  }

  /** JSON.stringify prints the expression, as the JSON reports do (not the internal terms). */
  toJSON(): string {
    return this.toString();
  }

  /** mathjs syntax, e.g. `64 * H * W + floor((H + 1) / 2)`. */
  toString(): string {
    if (this.isZero()) return '0';
    let out = '';
    for (const t of this.orderedTerms()) {
      const negative = t.coef < 0n;
      const abs = negative ? -t.coef : t.coef;
      const factors = t.factors.map(([atom, power]) => {
        const num = atom.kind === 'floor' && atom.num.terms.size === 1 ? atom.num.toString() : `(${atom.kind === 'floor' ? atom.num.toString() : ''})`;
        const base = atom.kind === 'sym' ? atom.name : `floor(${num} / ${atom.den})`;
        return power === 1 ? base : `${base}^${power}`;
      });
      const body = abs === 1n && factors.length > 0 ? factors.join(' * ') : [abs.toString(), ...factors].join(' * ');
      if (!out) out = negative ? `-${body}` : body;
      else out += negative ? ` - ${body}` : ` + ${body}`;
    }
    return out;
  }
}
