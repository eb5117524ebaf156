// Counting conventions: each maps the raw buckets (MACs, and element-wise add, mul, cmp, div, exp)
// to the one "FLOPs" number a report headlines, with a rule per op. The raw buckets are always
// reported too.
import { didYouMean, FlopscopeError } from '../../errors.js';
import { flops } from './flops.js';
import { fvcore } from './fvcore.js';
import { macs } from './macs.js';
import { paper } from './paper.js';
import { ptflops } from './ptflops.js';
import type { Convention } from './rule.js';

export type { Convention, ConventionRules, CountedLayer, Rule } from './rule.js';

export const CONVENTIONS = [macs, paper, flops, fvcore, ptflops] as const satisfies readonly Convention[];

/** A convention's name, as `--convention` takes it. */
export type ConventionName = (typeof CONVENTIONS)[number]['name'];

export function conventionNames(): ConventionName[] {
  return CONVENTIONS.map((c) => c.name);
}

export function getConvention(name: string): Convention {
  const c = CONVENTIONS.find((x) => x.name === name);
  if (c) return c;
  const hint = didYouMean(name, conventionNames());
  throw new FlopscopeError('usage', `unknown convention '${name}'; ${hint ? `${hint} ` : ''}known conventions: ${conventionNames().join(', ')}`);
}
