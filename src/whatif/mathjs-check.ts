// Evaluates printed formulas with mathjs, exactly (BigNumber with 64 significant digits), so a
// formula string is checked as a user will run it, not only as our Poly evaluates it. mathjs is
// loaded lazily, as the lean instance of mathjs-lite.ts (only the factories the check uses, bundled
// on its own at build time; under vitest the import resolves to mathjs's single-file bundle, which
// has no `all`). We never call mathjs `simplify` on whole
// formulas (it grows explosively on long sums); Poly already keeps them canonical.
import type { EvalFunction, FactoryFunctionMap, MathJsInstance } from 'mathjs';

// A variable, so TypeScript does not look for types of the bundle path (they are mathjs's own).
const BUNDLE = './mathjs-lite.js';

let exactMath: Promise<MathJsInstance> | undefined;

/** A mathjs instance that computes with 64-digit BigNumbers, loaded once. */
export function loadExactMath(): Promise<MathJsInstance> {
  exactMath ??= import(BUNDLE).then((mod: { default?: unknown }) => {
    const mathjs = (mod.default ?? mod) as typeof import('mathjs') & { all?: FactoryFunctionMap };
    // mathjs's single-file bundle exports an instance whose create() already holds every function
    // (it has no `all`); a config passed to create() there would be silently dropped, so set it after.
    const math = mathjs.all ? mathjs.create(mathjs.all) : (mathjs.create as unknown as () => MathJsInstance)();
    const config = math.config({ number: 'BigNumber', precision: 64 });
    if (config.number !== 'BigNumber') throw new Error('mathjs did not take the BigNumber configuration');
    return math;
  });
  return exactMath;
}

export type Env = Readonly<Record<string, bigint | number>>;

/** Parses `formula` once; the function gives its value at integer `env` as a decimal string. */
export async function compileFormula(formula: string): Promise<(env: Env) => string> {
  const math = await loadExactMath();
  // mathjs's own errors can carry its whole minified source in their stack: keep one line.
  const oneLine = (e: unknown, what: string): Error => new Error(`mathjs could not ${what} '${formula.length > 200 ? `${formula.slice(0, 200)}...` : formula}': ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  let code: EvalFunction;
  try {
    code = math.compile(formula);
  } catch (e) {
    throw oneLine(e, 'parse');
  }
  return (env) => {
    // A Map scope: symbol names are never looked up on an object's prototype.
    const scope = new Map<string, unknown>();
    for (const [k, v] of Object.entries(env)) scope.set(k, math.bignumber(v.toString()));
    let value: { toFixed(): string } | number;
    try {
      value = code.evaluate(scope) as { toFixed(): string } | number;
    } catch (e) {
      throw oneLine(e, 'evaluate');
    }
    return typeof value === 'number' ? String(value) : value.toFixed();
  };
}

/** The value of `formula` at integer `env`, as a decimal string (exact when it is an integer). */
export async function evaluateFormula(formula: string, env: Env): Promise<string> {
  return (await compileFormula(formula))(env);
}
