// Class 4, options and config: keys every JavaScript object has are unknown options, on the
// command line and in a budget's set; a key written twice in a config is refused with both
// positions; no integer above 2^53 is printed as a JSON number; layer attributes are named;
// networks PyTorch accepts are accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionOf } from '../budget-helpers.js';
import { expectRefused, filesUnder, runBin, scratchProject } from './helpers.js';

const NETS = `import { concat, conv, convNormAct, layer, seq } from 'flopscope';
export const pairAsScalar = seq([layer('conv2d', { outChannels: 8, kernel: 3, stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1, bias: true })]);
export const missing = seq([layer('conv2d', { outChannels: 8 })]);
export const tupleLength = seq([layer('maxpool', { kernel: [2, 2, 2], stride: [2, 2], padding: [0, 0, 0, 0], ceilMode: false })]);
export const oneBranch = seq([concat([conv(8, 3, { padding: 1 })])]);
export const evenKernel = seq([convNormAct(8, 4)]);
`;

let project: ReturnType<typeof scratchProject>;
beforeAll(() => {
  project = scratchProject({ 'nets.ts': NETS });
});
afterAll(() => project.cleanup());

describe('option keys every object has', () => {
  for (const key of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) {
    it(`--set ${key}=1 is an unknown option`, () => {
      expectRefused(runBin(['report', 'resnet18', '--set', `${key}=1`]), new RegExp(`unknown option '${key}' for resnet18 \\(family resnet\\); valid options: depth, `));
    });
  }

  it('the same keys in a sweep and in whatif --set', () => {
    expectRefused(runBin(['whatif', 'resnet18', '--sweep', 'toString=1,2']), /unknown option 'toString'/);
    expectRefused(runBin(['whatif', 'resnet18', '--set', '__proto__=1']), /unknown option '__proto__'/);
  });

  it("in a budget's set: an error row naming the key, the other budgets evaluated", () => {
    const config = JSON.stringify({
      budgets: [
        { name: 'proto', model: 'resnet18', set: { __proto__: 1 }, limits: { macs: '2 G' } },
        { name: 'tostring', model: 'resnet18', set: { toString: 1 }, limits: { macs: '2 G' } },
        { name: 'plain', model: 'resnet18', limits: { macs: '2 G' } },
      ],
    }).replace('"set":{}', '"set":{"__proto__":1}');
    const { dir, cleanup } = scratchProject({ 'flopscope.config.json': config });
    try {
      const r = runBin(['check', '--format', 'json'], { cwd: dir });
      expect(r.status).toBe(2);
      const json = JSON.parse(r.stdout);
      expect(json.budgets.map((b: { status: string }) => b.status)).toEqual(['error', 'error', 'pass']);
      expect(json.budgets[0].error).toMatch(/^unknown option '__proto__' for resnet18/);
      expect(json.budgets[1].error).toMatch(/^unknown option 'toString' for resnet18/);
    } finally {
      cleanup();
    }
  });

  it('an unknown backend named like an object key', () => {
    expectRefused(runBin(['validate', 'resnet18', '--backend', 'constructor']), /unknown backend 'constructor'; available backends: reference, onnxruntime/);
  });
});

describe('a config key written twice', () => {
  it('is refused with both positions, nothing evaluated', () => {
    const text = '{\n  "budgets": [\n    { "name": "a", "model": "resnet18", "limits": { "macs": "2 G" }, "limits": { "macs": "1 G" } }\n  ]\n}\n';
    const { dir, cleanup } = scratchProject({ 'flopscope.config.json': text });
    try {
      const before = filesUnder(dir);
      const first = positionOf(text, '"limits"');
      const second = positionOf(text, '"limits"', 1);
      expectRefused(runBin(['check'], { cwd: dir }), new RegExp(`^flopscope: flopscope\\.config\\.json:${second.line}:${second.column}: duplicate key "limits" \\(first at line ${first.line}, column ${first.column}\\)`), { path: dir, before });
    } finally {
      cleanup();
    }
  });
});

describe('integers above 2^53', () => {
  it('an option above 2^53 says so', () => {
    expectRefused(runBin(['report', 'resnet18', '--set', 'num_classes=99999999999999999999', '--format', 'json']), /option 'num_classes' expects an integer of at most 9007199254740991 \(2\^53 - 1\)/);
  });

  it('no JSON output prints an integer above 2^53 as a number', () => {
    const max = Number.MAX_SAFE_INTEGER;
    for (const args of [
      ['report', 'resnet18', '--set', `num_classes=${max}`, '--format', 'json'],
      ['compare', 'resnet18', 'resnet50', '--set', `num_classes=${max}`, '--format', 'json'],
      ['whatif', 'resnet18', '--sweep', `num_classes=1000,${max}`, '--format', 'json'],
      ['report', 'resnet18', '--input', `${max}x3x64x64`, '--format', 'json'],
    ]) {
      const r = runBin(args);
      expect(r.status, r.stderr).toBe(0);
      // Integer tokens outside strings, as a JSON reader would see them.
      const numbers = r.stdout.replace(/"(?:[^"\\]|\\.)*"/g, '""').match(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g) ?? [];
      const unsafe = numbers.filter((n) => !/[.eE]/.test(n) && !Number.isSafeInteger(Number(n)));
      expect(unsafe, args.join(' ')).toEqual([]);
      expect(r.stdout).toMatch(/"\d{17,}"/); // the big counts are there, as strings
    }
  });
});

describe('layer attributes', () => {
  it('a scalar where a pair is expected, a missing attribute, a wrong tuple length: one line naming the attribute', () => {
    expectRefused(runBin(['report', 'nets.ts#pairAsScalar', '--input', '1x3x16x16'], { cwd: project.dir }), /layer '0' \(.*nets\.ts:2:\d+\): attribute 'kernel' expects 2 positive integers, received 3$/);
    expectRefused(runBin(['report', 'nets.ts#missing', '--input', '1x3x16x16'], { cwd: project.dir }), /layer '0' \(.*\): attribute 'kernel' is missing: expects 2 positive integers$/);
    expectRefused(runBin(['report', 'nets.ts#tupleLength', '--input', '1x3x16x16'], { cwd: project.dir }), /attribute 'kernel' expects 2 positive integers, received \[2, 2, 2\] \(3 values\)$/);
  });

  it('networks PyTorch accepts: concat of one branch, convNormAct with an even kernel', () => {
    const one = runBin(['report', 'nets.ts#oneBranch', '--input', '1x3x16x16', '--format', 'json'], { cwd: project.dir });
    expect(one.status, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).layers.at(-1).outputShape).toEqual([1, 8, 16, 16]);
    // torchvision's Conv2dNormActivation pads (k - 1) // 2 = 1 for k = 4: (16 + 2 - 4) + 1 = 15.
    const even = runBin(['report', 'nets.ts#evenKernel', '--input', '1x3x16x16', '--format', 'json'], { cwd: project.dir });
    expect(even.status, even.stderr).toBe(0);
    const conv = JSON.parse(even.stdout).layers[0];
    expect(conv.outputShape).toEqual([1, 8, 15, 15]);
    expect(conv.macs).toBe(15 * 15 * 8 * 3 * 4 * 4);
  });
});
