// Class 3, symbols: a symbol of --input is a plain identifier that means nothing else to mathjs
// or to JavaScript objects, refused with the list otherwise; exact coefficients of any size
// survive the mathjs check of `formula`.
import { describe, expect, it } from 'vitest';
import { MATHJS_KEYWORDS, MATHJS_NAMES, OBJECT_NAMES, symbolProblem } from '../../src/shape/symbols.js';
import { loadExactMath, evaluateFormula } from '../../src/whatif/mathjs-check.js';
import { expectRefused, runBin } from './helpers.js';

describe('reserved symbol names, from the CLI', () => {
  for (const name of ['floor', 'end', 'null', 'Infinity', 'true', 'constructor', 'toString', 'pi', 'sqrt', 'mod']) {
    it(`'${name}' is refused with the reserved names listed`, () => {
      const line = expectRefused(runBin(['formula', 'resnet18', '--input', `1x3x${name}x${name}`]), new RegExp(`invalid --input '1x3x${name}x${name}': symbol '${name}' is reserved`));
      expect(line).toContain('the mathjs keywords and, end, false, in, mod, not, or, to, true, undefined, xor, null, NaN, Infinity');
      expect(line).toContain('constructor');
      expect(line).toContain('hasOwnProperty');
    });
  }

  it('a name that is not a plain identifier', () => {
    expectRefused(runBin(['report', 'resnet18', '--input', '1x3x__proto__xW']), /'__proto__' is not a plain identifier; a symbol is a plain identifier/);
    expectRefused(runBin(['report', 'resnet18', '--input', '1x3x$Hx$H']), /'\$H' is not a plain identifier/);
  });

  it('plain names work, in report and formula alike', () => {
    const r = runBin(['formula', 'resnet18', '--input', 'batchx3xheightxwidth', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).exact.macs).toContain('floor((height + 1) / 2)');
  });
});

describe('the reserved list', () => {
  it('is every name the installed mathjs defines, and its parser keywords', async () => {
    const math = await loadExactMath();
    expect([...MATHJS_NAMES].sort()).toEqual(Object.keys(math).sort());
    // A keyword is read as a literal, as an operator between operands, or refused as a name in a
    // scope; a plain name ('H') is none of these.
    const special = (word: string): boolean => {
      const parse = (text: string) => {
        try {
          return math.parse(text) as { type: string; implicit?: boolean };
        } catch {
          return undefined;
        }
      };
      const alone = parse(word);
      const literal = alone === undefined || alone.type !== 'SymbolNode';
      const between = parse(`x ${word} y`);
      const operator = between === undefined || (between.type === 'OperatorNode' && !between.implicit);
      let refusedAsName = false;
      try {
        math.evaluate('x', new Map([[word, 1], ['x', 1]]));
      } catch {
        refusedAsName = true;
      }
      return literal || operator || refusedAsName;
    };
    expect(special('H')).toBe(false);
    for (const word of MATHJS_KEYWORDS) expect(special(word), word).toBe(true);
    for (const name of OBJECT_NAMES) expect(symbolProblem(name), name).toBeDefined();
    expect(symbolProblem('H')).toBeUndefined();
    expect(symbolProblem('H_1')).toBeUndefined();
  });
});

describe('exact coefficients through the mathjs check', () => {
  it('a batch of 1234567890123457 with symbolic H and W: formulas printed, checked and exact', async () => {
    const f = runBin(['formula', 'resnet18', '--input', '1234567890123457x3xHxW', '--format', 'json']);
    expect(f.stderr).toBe('');
    expect(f.status).toBe(0);
    const formula = JSON.parse(f.stdout);
    const r = runBin(['report', 'resnet18', '--input', '1234567890123457x3x224x160', '--format', 'json']);
    expect(r.status).toBe(0);
    const totals = JSON.parse(r.stdout).totals;
    // Past 2^53 the report prints decimal strings; the formula, evaluated exactly, must give them.
    expect(typeof totals.macs).toBe('string');
    expect(await evaluateFormula(formula.exact.macs, { H: 224, W: 160 })).toBe(totals.macs);
    expect(await evaluateFormula(formula.exact.activationElements, { H: 224, W: 160 })).toBe(totals.activationElements);
    // The batch scales everything exactly: 1234567890123457 times the batch-1 count.
    const one = JSON.parse(runBin(['report', 'resnet18', '--input', '1x3x224x160', '--format', 'json']).stdout).totals;
    expect(BigInt(totals.macs)).toBe(1234567890123457n * BigInt(one.macs));
  });

  it('a concrete input of that batch: every coefficient past 15 digits survives', () => {
    const f = runBin(['formula', 'resnet18', '--input', '1234567890123457x3x224x224', '--format', 'json']);
    expect(f.stderr).toBe('');
    expect(f.status).toBe(0);
    const one = JSON.parse(runBin(['report', 'resnet18', '--format', 'json']).stdout).totals;
    expect(JSON.parse(f.stdout).exact.macs).toBe(String(1234567890123457n * BigInt(one.macs)));
  });
});
