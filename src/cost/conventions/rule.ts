// A convention is a table with a rule for every op in the catalogue. The table's type makes the
// compiler ask for a rule whenever an op is added, so no op falls through to zero unnoticed;
// a rule that deliberately leaves an op out says so ('ignored'), and one for an op that does no
// arithmetic says that ('none').
import type { OpName } from '../../ops/catalogue.js';
import type { ElementwiseWork } from '../../ops/types.js';
import { add, mul, type Dim } from '../../shape/dim.js';

/** What a convention sees of one layer. */
export interface CountedLayer {
  readonly op: OpName;
  readonly macs: Dim;
  readonly work: ElementwiseWork;
  /** Elements of all inputs together (some tools count pooling by input size). */
  readonly inputElements: Dim;
  /** Elements of the output. */
  readonly outputElements: Dim;
  /** The layer belongs to a squeeze-and-excitation block (the one SE marker, see dsl/se.ts). */
  readonly se: boolean;
  /** The layer's attributes, for tools whose count depends on them (fvcore's layer_norm on its affine flag, its upsample handles on the mode). */
  readonly attrs: Readonly<Record<string, unknown>>;
}

export interface Rule {
  /** counted: the rule gives a number; ignored: the op works but this convention leaves it out; none: no arithmetic. */
  readonly kind: 'counted' | 'ignored' | 'none';
  /** The rule in words, for `flopscope ops` and the README. */
  readonly text: string;
  flops(layer: CountedLayer): Dim;
}

/** A rule for every op in the catalogue. */
export type ConventionRules = { readonly [K in OpName]: Rule };

export interface Convention {
  readonly name: string;
  /** The headline in words, printed in every report header. */
  readonly title: string;
  /** What is counted, one sentence. */
  readonly rule: string;
  /** Which published figures it reproduces. */
  readonly reproduces: string;
  readonly rules: ConventionRules;
  /** The convention's headline count of one layer: its op's rule. */
  flops(layer: CountedLayer): Dim;
}

export function defineConvention(c: Omit<Convention, 'flops'>): Convention {
  const { rules } = c;
  return { ...c, flops: (l) => rules[l.op].flops(l) };
}

export const counted = (text: string, flops: (l: CountedLayer) => Dim): Rule => ({ kind: 'counted', text, flops });

/** Deliberately not counted by this convention (the op does arithmetic). */
export const IGNORED: Rule = { kind: 'ignored', text: 'ignored', flops: () => 0 };
/** The op only moves data: nothing to count under any convention. */
export const NO_ARITHMETIC: Rule = { kind: 'none', text: 'no arithmetic', flops: () => 0 };

export const MACS = counted('MACs', (l) => l.macs);

/** Every element-wise operation, whatever its bucket. */
export function allElementwise(w: ElementwiseWork): Dim {
  return add(add(add(w.add, w.mul), add(w.cmp, w.div)), w.exp);
}

/** 2 per MAC plus 1 per element-wise operation. */
export const HARDWARE = counted('2 x MACs + every element-wise operation', (l) => add(mul(l.macs, 2), allElementwise(l.work)));
export const ELEMENTWISE = counted('every element-wise operation', (l) => allElementwise(l.work));
