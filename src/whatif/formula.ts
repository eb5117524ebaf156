// formula: a model's params, MACs, headline FLOPs and activation elements as exact expressions in
// the input's symbols (N, H, W), with floor where strides make it so, plus a floor-free polynomial
// under a stated assumption ("H and W are multiples of 32"). Both are checked by evaluating the
// printed strings with mathjs before they are returned.
import { analyze, type CostReport } from '../cost/analyze.js';
import { getConvention, type Convention, type ConventionName } from '../cost/conventions/index.js';
import type { Architecture } from '../dsl/family.js';
import { FlopscopeError } from '../errors.js';
import { formatShape, type Dim, type Shape } from '../shape/dim.js';
import { Poly } from '../shape/expr.js';
import { checkInputSymbols, parseInputShape } from '../shape/input.js';
import type { UncountedNode } from '../ir/graph.js';
import { jsonShape, uncountedJson, uncountedLine } from '../report/report-view.js';
import { buildArchitecture, isGraphArchitecture, lookupArchitecture, type ZooName } from '../zoo.js';
import { scaledName, simplifyUnderMultiples } from './assumption.js';
import { evaluateFormula } from './mathjs-check.js';
import { printPolynomial } from './poly-print.js';

export const FORMULA_METRICS = ['params', 'macs', 'flops', 'activationElements'] as const;
export type FormulaMetric = (typeof FORMULA_METRICS)[number];
export type FormulaSet = Readonly<Record<FormulaMetric, string>>;

export interface FormulaOptions {
  /** Input with symbols, e.g. 'Nx3xHxW' or '1x3xHxW'; default Nx3xHxW, or an imported model's own input (its named dimensions as symbols). */
  readonly input?: string | Shape;
  readonly set?: Readonly<Record<string, unknown>>;
  readonly convention?: ConventionName | Convention;
  /** Evaluate every printed formula with mathjs and compare (default true). */
  readonly check?: boolean;
}

export interface FormulaResult {
  readonly model: string;
  readonly input: Shape;
  readonly convention: Convention;
  /** The exact counts (Poly when symbolic), for evaluating without parsing. */
  readonly values: Readonly<Record<FormulaMetric, Dim>>;
  readonly exact: FormulaSet;
  readonly simplified: FormulaSet & { readonly assumption: string; readonly multiples: Readonly<Record<string, number>> };
  /** Nodes of an imported file the formulas leave out (--allow-unknown). */
  readonly uncounted?: readonly UncountedNode[];
  /** The imported graph's notes (folded batch norms, a rebound input). */
  readonly notes?: readonly string[];
}

function symbolicReport(arch: Architecture, input: string | Shape | undefined, set: FormulaOptions['set'], convention: Convention): CostReport {
  try {
    return analyze(buildArchitecture(arch, { ...(input !== undefined ? { input } : {}), ...(set ? { set } : {}) }), { convention, perLayer: false });
  } catch (e) {
    // The shape engine refuses some layers for symbolic sizes (ceil-mode pooling with a window
    // smaller than its stride); that is an input this command cannot express, not a bug.
    if (e instanceof RangeError) throw new FlopscopeError('bad-input-shape', `${arch.name} cannot take input ${input === undefined ? arch.input : typeof input === 'string' ? input : formatShape(input)} symbolically: ${e.message}; give concrete sizes`);
    throw e;
  }
}

/** A point to check formulas at: odd, non-square sizes from the model's own input (224 where it has none). */
function checkPoint(input: Shape, own: Shape, multiples: Readonly<Record<string, number>> = {}): Record<string, bigint> {
  const env: Record<string, bigint> = {};
  input.forEach((d, i) => {
    if (!(d instanceof Poly)) return;
    const name = d.toString();
    if (name in env) return;
    const m = multiples[name];
    const size = typeof own[i] === 'number' ? (own[i] as number) : 224;
    const base = i === 0 ? 3 : i === 1 ? 3 : (size + (i === 3 ? 17 : 3)) | 1;
    env[name] = BigInt(m ? m * Math.max(1, Math.round(base / m)) : base);
  });
  return env;
}

async function expectSame(label: string, formula: string, env: Record<string, bigint>, expected: bigint): Promise<void> {
  const got = await evaluateFormula(formula, env);
  if (got !== expected.toString()) {
    throw new Error(`internal check failed: ${label} evaluates to ${got} with mathjs at ${JSON.stringify(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, Number(v)])))} but to ${expected}`);
  }
}

export async function formula(model: ZooName | Architecture, options: FormulaOptions = {}): Promise<FormulaResult> {
  const arch = typeof model === 'string' ? lookupArchitecture(model) : model;
  const convention = typeof options.convention === 'object' ? options.convention : getConvention(options.convention ?? 'macs');
  // An imported model's own input, with its named dimensions as symbols; other models Nx3xHxW.
  const graphArch = isGraphArchitecture(arch);
  const given = options.input ?? (graphArch ? undefined : 'Nx3xHxW');
  // Symbols are printed into mathjs formulas: plain, unreserved identifiers only.
  if (given !== undefined && typeof given !== 'string') checkInputSymbols(given);
  const report = symbolicReport(arch, given, options.set, convention);
  const { input, totals } = report;
  checkInputSymbols(input);
  const values = Object.fromEntries(FORMULA_METRICS.map((k) => [k, totals[k]])) as Record<FormulaMetric, Dim>;
  const polys = FORMULA_METRICS.map((k) => (values[k] instanceof Poly ? (values[k] as Poly) : Poly.constant(values[k] as number | bigint)));
  const exact = Object.fromEntries(FORMULA_METRICS.map((k, i) => [k, polys[i].toString()])) as Record<FormulaMetric, string>;

  const simple = simplifyUnderMultiples(polys);
  const multiples = simple?.assumption.multiples ?? {};
  const rename = new Map(Object.entries(multiples).map(([s, m]) => [scaledName(s), `(${s}/${m})`]));
  const simplified = {
    assumption: simple ? simple.assumption.text : 'none found (the formulas keep their floor terms)',
    multiples,
    ...Object.fromEntries(FORMULA_METRICS.map((k, i) => [k, simple ? printPolynomial(simple.polys[i], rename) : exact[k]])),
  } as FormulaResult['simplified'];

  if (options.check !== false) {
    const own = graphArch ? input : parseInputShape(arch.input);
    const env = checkPoint(input, own);
    const envMultiple = checkPoint(input, own, multiples);
    for (const [i, k] of FORMULA_METRICS.entries()) {
      await expectSame(`exact ${k}`, exact[k], env, polys[i].evaluate(env));
      await expectSame(`simplified ${k}`, simplified[k], envMultiple, polys[i].evaluate(envMultiple));
    }
  }
  return {
    model: arch.name, input, convention, values, exact, simplified,
    ...(report.uncounted?.length ? { uncounted: report.uncounted } : {}),
    ...(report.notes?.length ? { notes: report.notes } : {}),
  };
}

/** The flopscope.formula/1 object. */
export function formulaJson(result: FormulaResult): Record<string, unknown> {
  const pick = (set: FormulaSet) => Object.fromEntries(FORMULA_METRICS.map((k) => [k, set[k]]));
  return {
    schema: 'flopscope.formula/1',
    model: result.model,
    input: jsonShape(result.input),
    convention: result.convention.name,
    conventionRule: result.convention.rule,
    exact: pick(result.exact),
    simplified: { assumption: result.simplified.assumption, multiples: result.simplified.multiples, ...pick(result.simplified) },
    uncounted: uncountedJson(result.uncounted),
    ...(result.notes?.length ? { notes: result.notes } : {}),
  };
}

/** The text view: one block per metric, exact then simplified. */
export function formulaText(result: FormulaResult): string {
  const labels: Record<FormulaMetric, string> = { params: 'params', macs: 'MACs', flops: `FLOPs (${result.convention.name})`, activationElements: 'activation elements' };
  const lines = [
    `${result.model} · input ${formatShape(result.input)}`,
    `FLOPs = ${result.convention.title} (convention '${result.convention.name}')`,
    ...(result.uncounted?.length ? [`NOT COUNTED: ${uncountedLine(result.uncounted)}`] : []),
    ...(result.notes ?? []).map((n) => `note: ${n}`),
    '',
    'exact (every input size the network accepts):',
    ...FORMULA_METRICS.map((k) => `  ${labels[k]} = ${result.exact[k]}`),
    '',
    `simplified (assumption: ${result.simplified.assumption}):`,
    ...FORMULA_METRICS.map((k) => `  ${labels[k]} = ${result.simplified[k]}`),
  ];
  return lines.join('\n') + '\n';
}
