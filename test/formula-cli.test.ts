// `flopscope formula` as a user runs it: the Done-when figure, the JSON contract, the text view
// and the refusals.
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../src/cli/capture.js';
import { evaluateFormula } from '../src/whatif/mathjs-check.js';
import { formula } from '../src/whatif/formula.js';

const cli = (...argv: string[]) => runCaptured(argv);

describe('flopscope formula', () => {
  it('resnet50_v1 at 1x3xHxW evaluates to 3,857,973,248 MACs at H=W=224 (NUMBERS.md section 1)', async () => {
    const { code, stdout } = await cli('formula', 'resnet50_v1', '--input', '1x3xHxW', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.schema).toBe('flopscope.formula/1');
    expect(json.model).toBe('resnet50_v1');
    expect(json.input).toEqual([1, 3, 'H', 'W']);
    expect(Object.keys(json.exact)).toEqual(['params', 'macs', 'flops', 'activationElements']);
    expect(json.simplified.assumption).toBe('H and W are multiples of 32');
    expect(json.exact.macs).toMatch(/floor\(\(H \+ 1\) \/ 2\)/);
    expect(await evaluateFormula(json.exact.macs, { H: 224, W: 224 })).toBe('3857973248');
    expect(await evaluateFormula(json.simplified.macs, { H: 224, W: 224 })).toBe('3857973248');
    expect(await evaluateFormula(json.exact.params, {})).toBe('25557032');
  });

  it('agrees with `report` at another size (odd, non-square, batch 3)', async () => {
    const { stdout } = await cli('formula', 'se_resnet50', '--convention', 'paper', '--format', 'json');
    const json = JSON.parse(stdout);
    const report = JSON.parse((await cli('report', 'se_resnet50', '--input', '3x3x199x263', '--convention', 'paper', '--format', 'json')).stdout);
    for (const k of ['params', 'macs', 'flops', 'activationElements']) {
      expect(await evaluateFormula(json.exact[k], { N: 3, H: 199, W: 263 })).toBe(String(report.totals[k]));
    }
  });

  it('prints the exact and the simplified formulas as text, the convention in words', async () => {
    const { code, stdout } = await cli('formula', 'resnet50_v1', '--input', 'Nx3xHxW');
    expect(code).toBe(0);
    expect(stdout).toMatch(/FLOPs = multiply-accumulates .* \(convention 'macs'\)/);
    expect(stdout).toMatch(/simplified \(assumption: H and W are multiples of 32\):/);
    // 3,857,973,248 = 78,692,352 * 7 * 7 + 2,048,000 (the FC): one term per 32x32 cell.
    expect(stdout).toMatch(/MACs = N \* \(78692352 \* \(H\/32\) \* \(W\/32\) \+ 2048000\)/);
  });

  it('--no-check gives the same formulas without loading mathjs for the check', async () => {
    const checked = await cli('formula', 'resnet18', '--format', 'json');
    const unchecked = await cli('formula', 'resnet18', '--format', 'json', '--no-check');
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout).toBe(checked.stdout);
  });

  it('keeps a square input square: Nx3xSxS', async () => {
    const f = await formula('resnet18', { input: 'Nx3xSxS' });
    expect(f.simplified.assumption).toBe('S is a multiple of 32');
    expect(f.simplified.macs).toMatch(/\(S\/32\)\^2/);
  });

  it('vgg16 is exact symbolically (adaptive pooling to 7x7) and agrees with `report` at 224, 256x320 and 64x64', async () => {
    const { code, stdout } = await cli('formula', 'vgg16', '--convention', 'flops', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    // The pool's window sizes depend on floor(H / 32) modulo 7, so the floors go at multiples of 224.
    expect(json.simplified.assumption).toBe('H and W are multiples of 224');
    for (const [h, w] of [[224, 224], [256, 320], [64, 64]]) {
      const report = JSON.parse((await cli('report', 'vgg16', '--input', `1x3x${h}x${w}`, '--convention', 'flops', '--format', 'json')).stdout);
      for (const k of ['params', 'macs', 'flops', 'activationElements']) {
        expect(await evaluateFormula(json.exact[k], { N: 1, H: h, W: w })).toBe(String(report.totals[k]));
      }
    }
  });

  it('exits 2 with one line for an input the network cannot accept', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['vgg16', '--input', '1x3x16x16'], /layer 'features\.30': input 1x512x1x1 is too small/],
      [['resnet50', '--input', 'Nx3xH'], /invalid --input 'Nx3xH': 3 dimension\(s\)/],
      [['resnet50', '--input', 'NxCxHxW'], /the channel count must be a number/],
      [['resnet50', '--set', 'widht=2'], /unknown option 'widht'/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await cli('formula', ...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr.trim()).toMatch(message);
    }
  });
});
