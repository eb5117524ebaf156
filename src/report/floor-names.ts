// Short names for the floor terms symbolic counts share, so a per-layer table stays readable:
// with h2 = floor((H + 1) / 2), conv1's MACs read 9408 * N * h2 * w2 instead of repeating the
// floors in every cell. The names are printed once, as a legend; JSON and CSV keep the full
// formulas (mathjs syntax), which the named form equals term for term.
import type { Dim, Shape } from '../shape/dim.js';
import { Poly, type Atom, type FloorAtom } from '../shape/expr.js';

export interface FloorNames {
  /** A symbolic count in the short names (a string); a concrete one as it is. */
  rename(value: Dim): string | number | bigint;
  /** A shape in the short names: Nx64xh2xw2. */
  shapeText(shape: Shape): string;
  /** 'h2 = floor((H + 1) / 2), h4 = ...', one line per input symbol. */
  readonly legend: readonly string[];
}

const natural = new Intl.Collator('en', { numeric: true });

function floorText(atom: FloorAtom): string {
  const num = atom.num.terms.size === 1 ? atom.num.toString() : `(${atom.num.toString()})`;
  return `floor(${num} / ${atom.den})`;
}

/** Names for every floor term that appears in `values` (as a factor of some term). */
export function floorNames(values: Iterable<Dim>): FloorNames {
  const atoms = new Map<string, FloorAtom>();
  const symbols = new Set<string>();
  for (const v of values) {
    if (!(v instanceof Poly)) continue;
    v.symbols(symbols);
    for (const t of v.terms.values()) for (const [atom] of t.factors) if (atom.kind === 'floor' && !atoms.has(atom.key)) atoms.set(atom.key, atom);
  }
  // h2 for floor(<something in H> / 2) (about H / 2, as the strides halve it); a second one over
  // H with the same divisor is h2_2; a floor over several symbols is f1, f2, ...
  const taken = new Set(symbols);
  const names = new Map<string, string>();
  const order = [...atoms.values()].sort((a, b) => {
    const sa = [...a.num.symbols()].join(',');
    const sb = [...b.num.symbols()].join(',');
    return sa < sb ? -1 : sa > sb ? 1 : a.den < b.den ? -1 : a.den > b.den ? 1 : a.key < b.key ? -1 : 1;
  });
  let multi = 0;
  for (const atom of order) {
    const syms = [...atom.num.symbols()];
    const base = syms.length === 1 ? `${syms[0].toLowerCase()}${atom.den}` : 'f';
    let name = base === 'f' ? `f${++multi}` : base;
    for (let k = 2; taken.has(name); k++) name = base === 'f' ? `f${++multi}` : `${base}_${k}`;
    taken.add(name);
    names.set(atom.key, name);
  }
  const nameOf = (atom: Atom): string => (atom.kind === 'sym' ? atom.name : names.get(atom.key)!);
  // Input symbols first, then the named floors from the finest to the coarsest (h2 before h16).
  const factorOrder = (a: Atom, b: Atom) => (a.kind !== b.kind ? (a.kind === 'sym' ? -1 : 1) : natural.compare(nameOf(a), nameOf(b)));
  const termText = (t: Poly['terms'] extends ReadonlyMap<string, infer T> ? T : never, abs: bigint): string => {
    const factors = [...t.factors].sort(([a], [b]) => factorOrder(a, b)).map(([atom, power]) => (power === 1 ? nameOf(atom) : `${nameOf(atom)}^${power}`));
    return abs === 1n && factors.length ? factors.join(' * ') : [abs.toString(), ...factors].join(' * ');
  };
  const cache = new Map<Poly, string>();
  const rename = (value: Dim): string | number | bigint => {
    if (!(value instanceof Poly)) return value;
    const hit = cache.get(value);
    if (hit !== undefined) return hit;
    const degree = (t: { factors: ReadonlyArray<readonly [Atom, number]> }) => t.factors.reduce((s, [, p]) => s + p, 0);
    const terms = [...value.terms.values()].map((t) => ({ t, text: termText(t, t.coef < 0n ? -t.coef : t.coef) }));
    terms.sort((a, b) => degree(b.t) - degree(a.t) || natural.compare(a.text.replace(/^\d+ \* /, ''), b.text.replace(/^\d+ \* /, '')));
    let out = '';
    for (const { t, text } of terms) {
      const negative = t.coef < 0n;
      out = !out ? (negative ? `-${text}` : text) : `${out} ${negative ? '-' : '+'} ${text}`;
    }
    out ||= '0';
    cache.set(value, out);
    return out;
  };
  const bySymbol = new Map<string, string[]>();
  for (const a of order) {
    const key = [...a.num.symbols()].join(',');
    bySymbol.set(key, [...(bySymbol.get(key) ?? []), `${names.get(a.key)} = ${floorText(a)}`]);
  }
  return {
    rename,
    shapeText: (shape) => shape.map((d) => {
      const text = String(rename(d));
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text) || !(d instanceof Poly) ? text : `(${text})`;
    }).join('x'),
    legend: [...bySymbol.values()].map((entries) => entries.join(', ')),
  };
}
