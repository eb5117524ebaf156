// Class 5, messages that name the real cause: a size above 2^53 is not "not a positive integer",
// a huge input is not "no fixed size", too many features are not "not concrete", weights that do
// not fit are not the input's fault, and a wrong tuple or NaN is quoted as received.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, runBin, scratchProject } from './helpers.js';

const NETS = `import { conv, flatten, linear, maxpool, seq } from 'flopscope';
export const flat = seq([flatten(), linear(10)]);
export const threeKernel = seq([conv(8, [3, 3, 3] as unknown as number)]);
export const nanKernel = seq([conv(8, NaN)]);
export const nanStride = seq([maxpool(2, { stride: [2, NaN] as unknown as number })]);
`;

let project: ReturnType<typeof scratchProject>;
beforeAll(() => {
  project = scratchProject({ 'nets.ts': NETS });
});
afterAll(() => project.cleanup());

describe('the cause, named', () => {
  it('a size above 2^53 says so, not "must be positive integers"', () => {
    const line = expectRefused(runBin(['report', 'resnet18', '--input', '1x3x9007199254740993x1']), /dimension 3 is 9007199254740993, above 9007199254740991 \(2\^53 - 1\), the largest size flopscope takes exactly$/);
    expect(line).not.toContain('positive');
    expectRefused(runBin(['report', 'resnet18', '--input', '1x3x0x224']), /dimension 3 is 0; sizes must be positive integers$/);
  });

  it('a huge --input to validate: too large for memory, with the estimate, not "no fixed size"', () => {
    const line = expectRefused(runBin(['validate', 'resnet18', '--input', '1x3x100000x100000', '--backend', 'reference']), /^flopscope: input 1x3x100000x100000 is too large to run resnet18 on reference: it needs about [\d.]+ TB of memory, above the limit of/);
    expect(line).not.toContain('fixed size');
    expectRefused(runBin(['validate', 'resnet18', '--input', `1x3x${Number.MAX_SAFE_INTEGER}x${Number.MAX_SAFE_INTEGER}`, '--backend', 'reference']), /too large to run resnet18 on reference: it needs about [\d.]+e\+\d+ B of memory/);
  });

  it('huge weights to validate: the weights are named, not the input', () => {
    const line = expectRefused(runBin(['validate', 'resnet18', '--set', 'num_classes=2000000000', '--backend', 'reference']), /^flopscope: the weights of resnet18 are too large to run on reference \(1\.03 T weights and buffers, 4\.10 TB as float32; the largest, fc\.weight, is 2000000000x512\)/);
    expect(line).toContain('make the model smaller with --set');
    expect(line).not.toContain('--input');
  });

  it('flattening 2^74 features: more than 2^53, not "must be concrete"', () => {
    // 4096 x 2^31 x 2^31 = 2^74 features after flatten.
    const line = expectRefused(runBin(['report', 'nets.ts#flat', '--input', `1x4096x${2 ** 31}x${2 ** 31}`], { cwd: project.dir }), /layer '1' \(.*nets\.ts:2:\d+\): input has 18889465931478580854784 features, above 9007199254740991 \(2\^53 - 1\)/);
    expect(line).not.toContain('concrete');
    expect(18889465931478580854784n).toBe(2n ** 74n);
  });

  it('a wrong tuple or NaN is quoted as received, not as undefined or null', () => {
    expectRefused(runBin(['report', 'nets.ts#threeKernel', '--input', '1x3x16x16'], { cwd: project.dir }), /kernel takes 1 or 2 values, received 3$/);
    expectRefused(runBin(['report', 'nets.ts#nanKernel', '--input', '1x3x16x16'], { cwd: project.dir }), /kernel must be a positive integer, received NaN$/);
    expectRefused(runBin(['report', 'nets.ts#nanStride', '--input', '1x3x16x16'], { cwd: project.dir }), /stride must be a positive integer, received NaN$/);
  });
});
