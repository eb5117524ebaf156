// Prints a floor-free polynomial in mathjs syntax with some symbols written as expressions
// (H' -> (H/32)), and a symbol common to every term factored out: N * (...). Poly.toString() is
// the printer for exact formulas; this one is for simplified ones, whose atoms are all symbols.
import type { Poly, Term } from '../shape/expr.js';

function factorText(name: string, power: number, rename: ReadonlyMap<string, string>): string {
  const base = rename.get(name) ?? name;
  return power === 1 ? base : `${base}^${power}`;
}

/** A symbol (with its power 1) present in every term, e.g. the batch size N. */
function commonSymbol(terms: readonly Term[]): string | undefined {
  if (terms.length < 2) return undefined;
  const first = terms[0].factors.filter(([a, p]) => a.kind === 'sym' && p === 1).map(([a]) => (a.kind === 'sym' ? a.name : ''));
  return first.find((name) => terms.every((t) => t.factors.some(([a, p]) => a.kind === 'sym' && a.name === name && p === 1)));
}

function termsText(terms: readonly Term[], rename: ReadonlyMap<string, string>, drop?: string): string {
  let out = '';
  for (const t of terms) {
    const negative = t.coef < 0n;
    const abs = negative ? -t.coef : t.coef;
    const factors: string[] = [];
    for (const [atom, power] of t.factors) {
      if (atom.kind !== 'sym') throw new Error('printPolynomial expects a polynomial without floor terms');
      if (atom.name !== drop) factors.push(factorText(atom.name, power, rename));
    }
    const body = abs === 1n && factors.length > 0 ? factors.join(' * ') : [abs.toString(), ...factors].join(' * ');
    if (!out) out = negative ? `-${body}` : body;
    else out += negative ? ` - ${body}` : ` + ${body}`;
  }
  return out || '0';
}

export function printPolynomial(p: Poly, rename: ReadonlyMap<string, string> = new Map()): string {
  const terms = p.orderedTerms();
  const common = commonSymbol(terms);
  if (!common) return termsText(terms, rename);
  return `${rename.get(common) ?? common} * (${termsText(terms, rename, common)})`;
}
