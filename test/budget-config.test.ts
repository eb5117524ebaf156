// Sizes and config validation: every error names the key, where it is, and what was expected.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../src/budget/config.js';
import { parseJsonSource } from '../src/budget/json-source.js';
import { parseIncrease, parseSize, withinIncrease } from '../src/budget/size.js';
import { FlopscopeError } from '../src/errors.js';

describe('sizes', () => {
  it('parses decimal and binary units exactly', () => {
    expect(parseSize('4.1 G')).toBe(4_100_000_000n);
    expect(parseSize('25 M')).toBe(25_000_000n);
    expect(parseSize('25M')).toBe(25_000_000n);
    expect(parseSize('120 MB')).toBe(120_000_000n);
    expect(parseSize('2 GiB')).toBe(2n * 1024n ** 3n);
    expect(parseSize('1.5 k')).toBe(1500n);
    expect(parseSize(25000000)).toBe(25_000_000n);
    expect(parseSize('12')).toBe(12n);
  });

  it('rejects malformed sizes with the reason', () => {
    expect(parseSize('4.1 Q')).toMatch(/^malformed size "4.1 Q"; expected a whole number, or a number with a unit K, M, G, T, P/);
    expect(parseSize('1.0005 K')).toMatch(/not a whole number/);
    expect(parseSize(-3)).toMatch(/not a whole, non-negative number/);
    expect(parseSize(1.5)).toMatch(/not a whole/);
  });

  it('parses increases as percentages or sizes and compares exactly', () => {
    const five = parseIncrease('5%');
    expect(five).toMatchObject({ kind: 'percent', numerator: 5n, denominator: 1n });
    if (typeof five === 'string') throw new Error(five);
    expect(withinIncrease(1000n, 1050n, five)).toBe(true);
    expect(withinIncrease(1000n, 1051n, five)).toBe(false);
    const half = parseIncrease('0.5%');
    if (typeof half === 'string') throw new Error(half);
    expect(withinIncrease(1000n, 1005n, half)).toBe(true);
    expect(withinIncrease(1000n, 1006n, half)).toBe(false);
    const abs = parseIncrease('1 K');
    if (typeof abs === 'string') throw new Error(abs);
    expect(withinIncrease(5000n, 6000n, abs)).toBe(true);
    expect(withinIncrease(5000n, 6001n, abs)).toBe(false);
    expect(parseIncrease('5 %%')).toMatch(/malformed size/);
  });
});

function configError(text: string): string {
  try {
    validateConfig(parseJsonSource(text, 'flopscope.config.json'), parseJsonSource(text, 'flopscope.config.json').root, '/p/flopscope.config.json');
  } catch (e) {
    expect(e).toBeInstanceOf(FlopscopeError);
    return (e as Error).message;
  }
  throw new Error('expected a config error');
}

describe('config validation', () => {
  it('accepts the documented shape', () => {
    const text = JSON.stringify({ budgets: [{ name: 'm', model: 'resnet50', input: '1x3x160x160', set: { reduction: 8 }, convention: 'paper', dtype: 'fp16', limits: { macs: '4.1 G', params: 25000000, activationBytes: '100 MB', weightBytes: '60 MB', flops: '9 G' }, maxIncrease: { params: '5%' }, level: 'warn' }] });
    const config = validateConfig(parseJsonSource(text, 'c.json'), parseJsonSource(text, 'c.json').root, '/p/c.json');
    expect(config.budgets[0]).toMatchObject({ name: 'm', model: 'resnet50', input: '1x3x160x160', convention: 'paper', dtype: 'fp16', level: 'warn', limits: { macs: 4_100_000_000n, params: 25_000_000n } });
    expect(config.baseDir).toBe('/p');
  });

  it('names a malformed size with its key and position', () => {
    const text = '{\n  "budgets": [\n    { "name": "m", "model": "resnet50", "limits": { "macs": "4.1 Q" } }\n  ]\n}\n';
    const column = text.split('\n')[2].indexOf('"4.1 Q"') + 1;
    expect(configError(text)).toMatch(new RegExp(`^flopscope\\.config\\.json:3:${column}: budgets\\[0\\] \\("m"\\)\\.limits\\.macs: malformed size "4\\.1 Q"`));
  });

  it('names a missing model, unknown metrics, bad levels and conventions', () => {
    expect(configError('{"budgets":[{"name":"m","limits":{"macs":1}}]}')).toBe('flopscope.config.json:1:13: budgets[0] ("m"): missing "model" (a built-in name such as "resnet50", or a file such as "models/mynet.ts#tiny" or "build/model.onnx")');
    expect(configError('{"budgets":[{"model":"resnet50","limits":{"mac":1}}]}')).toMatch(/^flopscope\.config\.json:1:43: budgets\[0\]\.limits: unknown key 'mac'; did you mean 'macs'\?/);
    expect(configError('{"budgets":[{"model":"resnet50","limits":{"macs":1},"level":"fatal"}]}')).toContain('budgets[0].level: expected one of error, warn, received "fatal"');
    expect(configError('{"budgets":[{"model":"resnet50","limits":{"macs":1},"convention":"ops"}]}')).toContain('budgets[0].convention: expected one of macs, paper, flops');
    expect(configError('{"budgets":[{"model":"resnet50"}]}')).toContain('no "limits" and no "maxIncrease"');
    expect(configError('{"budget":[]}')).toMatch(/unknown key 'budget'; did you mean 'budgets'\?/);
    expect(configError('{"budgets":[]}')).toContain('budgets: expected a non-empty list of budgets');
    expect(configError('{"budgets":[{"model":"resnet50","limits":{"macs":1},"input":"3x224"}]}')).toContain('budgets[0].input:');
    expect(configError('{"budgets":[{"model":"a","limits":{"macs":1}},{"model":"a","limits":{"macs":2}}]}')).toContain('duplicate budget name "a" (also budgets[0])');
  });

  it('reports JSON syntax errors with line and column', () => {
    expect(() => parseJsonSource('{\n  "budgets": [\n    {"model": "x",}\n  ]\n}', 'c.json')).toThrow('c.json:3:19: invalid JSON: property name expected');
    expect(() => parseJsonSource('{ "budgets": [ // note\n] }', 'c.json')).toThrow('c.json:1:16: invalid JSON: invalid comment token');
  });

  it('reads a file saved with a byte-order mark, counting columns after it', () => {
    const text = '{"budgets":[{"model":"resnet50","limits":{"macs":"4.1 Q"}}]}';
    const column = text.indexOf('"4.1 Q"') + 1;
    expect(configError(`\uFEFF${text}`)).toMatch(new RegExp(`^flopscope\\.config\\.json:1:${column}: budgets\\[0\\]\\.limits\\.macs: malformed size`));
    expect(() => parseJsonSource('\uFEFF{"budgets": [', 'c.json')).toThrow('c.json:1:14: invalid JSON:');
  });
});
