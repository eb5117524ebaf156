// Evaluates printed formulas with mathjs, exactly (BigNumber with 64 significant digits), so a
// formula string is checked as a user will run it, not only as our Poly evaluates it. mathjs is
// loaded lazily from its single-file bundle: its ESM build is hundreds of modules and takes
// seconds to import, the bundle a fraction of that. We never call mathjs `simplify` on whole
// formulas (it grows explosively on long sums); Poly already keeps them canonical.
import type { MathJsInstance } from 'mathjs';

// A variable, so TypeScript does not look for types of the bundle path (they are mathjs's own).
const BUNDLE = './mathjs-lite.js';

let exactMath: Promise<MathJsInstance> | undefined;

/** A mathjs instance that computes with 64-digit BigNumbers, loaded once. */
export function loadExactMath(): Promise<MathJsInstance> {
  exactMath ??= import(BUNDLE).then((mod: { default?: unknown }) => {
    const mathjs = (mod.default ?? mod) as typeof import('mathjs');
    return mathjs.create(mathjs.all, { number: 'BigNumber', precision: 64 });
  });
  return exactMath;
}

export type Env = Readonly<Record<string, bigint | number>>;

/** Parses `formula` once; the function gives its value at integer `env` as a decimal string. */
export async function compileFormula(formula: string): Promise<(env: Env) => string> {
  const math = await loadExactMath();
  const code = math.compile(formula);
  return (env) => {
    const scope: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(env)) scope[k] = math.bignumber(v.toString());
    const value = code.evaluate(scope) as { toFixed(): string } | number;
    return typeof value === 'number' ? String(value) : value.toFixed();
  };
}

/** The value of `formula` at integer `env`, as a decimal string (exact when it is an integer). */
export async function evaluateFormula(formula: string, env: Env): Promise<string> {
  return (await compileFormula(formula))(env);
}
