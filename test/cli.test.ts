// The CLI run in-process with a fake stdout/stderr, as a user would call it.
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../src/cli/capture.js';
import { ZOO } from '../architectures/index.js';

const cli = (...argv: string[]) => runCaptured(argv);

describe('flopscope list', () => {
  it('prints every zoo model with a one-line description', async () => {
    const { code, stdout } = await cli('list');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(ZOO.length);
    for (const arch of ZOO) expect(stdout).toMatch(new RegExp(`^${arch.name} +\\S`, 'm'));
  });
});

describe('flopscope compare', () => {
  it('prints the SENet headline: 3.86 vs 3.87 GFLOPs and +9.9% parameters', async () => {
    const { code, stdout } = await cli('compare', 'resnet50_v1', 'se_resnet50', '--convention', 'paper');
    expect(code).toBe(0);
    expect(stdout).toMatch(/convention 'paper'/);
    expect(stdout).toMatch(/FLOPs \(paper\)\s*│\s*3\.86 G\s*│\s*3\.87 G/);
    expect(stdout).toMatch(/Params\s*│\s*25\.56 M\s*│\s*28\.09 M\s*│\s*\+2\.53 M \(\+9\.9%\)/);
  });

  it('--by stage shows where the difference sits: per stage, the SE blocks\' FLOPs', async () => {
    const { code, stdout } = await cli('compare', 'resnet50_v1', 'se_resnet50', '--convention', 'paper', '--by', 'stage', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.by).toBe('stage');
    const [base, se] = json.groups as Array<{ model: string; rows: Array<{ name: string; flops: number; params: number }> }>;
    const diff = (name: string) => se.rows.find((r) => r.name === name)!.flops - base.rows.find((r) => r.name === name)!.flops;
    // layer1: 3 blocks of SE on 256 channels at 56x56: FCs 2*256*16 MACs + 256*56*56 scale multiplies each
    expect(diff('layer1')).toBe(3 * (2 * 256 * 16 + 256 * 56 * 56));
    expect(diff('stem')).toBe(0);
    expect(json.reports[1].totals.arithmeticIntensity).toBeGreaterThan(0);
  });

  it('notes when the compared inputs differ', async () => {
    const { analyze, buildArchitecture, zooArchitecture } = await import('../src/index.js');
    const { compareTable } = await import('../src/report/compare-view.js');
    const at = (input: string) => analyze(buildArchitecture(zooArchitecture('resnet18'), { input }));
    expect(compareTable([at('1x3x224x224'), at('1x3x224x224')]).notes).toBeUndefined();
    expect(compareTable([at('1x3x224x224'), at('1x3x160x160')]).notes?.[0]).toMatch(/inputs differ \(resnet18 1x3x224x224, resnet18 1x3x160x160\)/);
  });

  it('CSV gives exact totals, one row per model', async () => {
    const { stdout } = await cli('compare', 'resnet18', 'resnet34', '--format', 'csv');
    const [header, r18, r34] = stdout.trim().split('\n').map((l) => l.split(','));
    const macs = header.indexOf('macs');
    expect(r18[macs]).toBe('1814073344');
    expect(r34[macs]).toBe('3663761408');
    expect(r34[header.indexOf('params')]).toBe('21797672');
  });

  it('refuses a single model', async () => {
    const { code, stderr } = await cli('compare', 'resnet50');
    expect(code).toBe(2);
    expect(stderr).toMatch(/compare needs two or more models, received 1/);
  });

  it('prints flopscope.compare/1 JSON', async () => {
    const { stdout } = await cli('compare', 'resnet18', 'resnet34', '--format', 'json');
    const json = JSON.parse(stdout);
    expect(json.schema).toBe('flopscope.compare/1');
    expect(json.reports.map((r: { model: string }) => r.model)).toEqual(['resnet18', 'resnet34']);
    expect(json.reports[1].totals.macs).toBe(3_663_761_408);
  });
});

describe('flopscope report', () => {
  it('resnet50 --convention macs: 4,089,184,256 MACs and 25,557,032 params in the JSON contract', async () => {
    const { code, stdout } = await cli('report', 'resnet50', '--convention', 'macs', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.schema).toBe('flopscope.report/1');
    expect(json.model).toBe('resnet50');
    expect(json.input).toEqual([1, 3, 224, 224]);
    expect(json.convention).toBe('macs');
    expect(json.totals.macs).toBe(4_089_184_256);
    expect(json.totals.params).toBe(25_557_032);
    const conv1 = json.layers.find((l: { name: string }) => l.name === 'conv1');
    expect(conv1).toMatchObject({ op: 'conv2d', inputShapes: [[1, 3, 224, 224]], outputShape: [1, 64, 112, 112], params: 64 * 3 * 49, macs: 64 * 112 * 112 * 3 * 49 });
    // Traffic: fp32 bytes of input read + output written + weights read.
    const traffic = 4 * (3 * 224 * 224 + 64 * 112 * 112 + 64 * 3 * 49);
    expect(conv1.trafficBytes).toBe(traffic);
    expect(conv1.arithmeticIntensity).toBeCloseTo(conv1.macs / traffic, 3);
    expect(json.layers.find((l: { name: string }) => l.name === 'flatten')).toMatchObject({ activationElements: 0, trafficBytes: 0 });
    const sum = json.layers.reduce((s: number, l: { macs: number }) => s + l.macs, 0);
    expect(sum).toBe(json.totals.macs);
  });

  it('writes counts beyond 2^53 as exact decimal strings', async () => {
    const { stdout } = await cli('report', 'resnet152', '--input', '4096x3x4096x4096', '--format', 'json');
    const json = JSON.parse(stdout);
    expect(typeof json.totals.macs).toBe('string');
    expect(BigInt(json.totals.macs) > 2n ** 53n).toBe(true);
    const small = JSON.parse((await cli('report', 'resnet152', '--format', 'json')).stdout);
    // The count scales exactly with batch and area: conv1 is 7x7/2, so area scales by (2048/112)^2.
    const conv1 = json.layers[0];
    expect(BigInt(conv1.macs)).toBe(BigInt(small.layers[0].macs) * 4096n * (2048n * 2048n) / (112n * 112n));
  });

  it('groups by stage, module depth and op, with the convention named in the header', async () => {
    const byStage = await cli('report', 'se_resnet50', '--by', 'stage', '--convention', 'paper');
    expect(byStage.stdout).toMatch(/FLOPs = multiply-adds as in the SENet paper/);
    // (2/16) * sum N_s C_s^2 weights + biases = 2,530,992 params; 2,514,944 MACs + 5,519,360 scale multiplies
    expect(byStage.stdout).toMatch(/SE blocks: 2\.53 M params \(9\.0%\), 8\.03 M FLOPs \(0\.21%\)/);
    for (const s of ['stem', 'layer1', 'layer4', 'head']) expect(byStage.stdout).toMatch(new RegExp(`│ ${s} `));
    const byDepth = await cli('report', 'resnet18', '--depth', '2', '--format', 'csv');
    expect(byDepth.stdout.split('\n')[0]).toBe('Module,Ops,Layers,Params,MACs,FLOPs (macs),Activations,Traffic,FLOP/B,FLOPs %');
    expect(byDepth.stdout).toMatch(/^layer1\.0,/m);
    const byOp = await cli('report', 'resnet18', '--by', 'op', '--format', 'markdown');
    // By op the row is the op: no column repeats it.
    expect(byOp.stdout).toMatch(/^\| Op \| Layers \| Params \|/m);
    expect(byOp.stdout).toMatch(/^\| conv2d \| 20 \|/m);
  });

  it('notes an override that changes nothing (SE options while se=false), and still runs', async () => {
    const plain = await cli('report', 'resnet50', '--set', 'reduction=4', '--format', 'json');
    expect(plain.code).toBe(0);
    expect(plain.stderr.trim()).toBe("flopscope: note: option 'reduction' has no effect on resnet50 while se=false");
    expect(JSON.parse(plain.stdout).totals.params).toBe(25_557_032);
    expect((await cli('report', 'se_resnet50', '--set', 'reduction=4', '--format', 'json')).stderr).toBe('');
  });

  it('takes --set overrides', async () => {
    const { stdout } = await cli('report', 'se_resnet50', '--set', 'reduction=8', '--format', 'json');
    const base = JSON.parse((await cli('report', 'se_resnet50', '--format', 'json')).stdout);
    expect(JSON.parse(stdout).totals.params).toBeGreaterThan(base.totals.params);
  });

  it('CSV leaves the share empty for symbolic totals (no NaN)', async () => {
    const { stdout } = await cli('report', 'resnet18', '--input', 'Nx3xHxW', '--by', 'stage', '--format', 'csv');
    expect(stdout).not.toMatch(/NaN/);
    expect(stdout).toMatch(/^stem,/m);
  });

  it('prints symbolic totals for Nx3xHxW', async () => {
    const { code, stdout } = await cli('report', 'resnet18', '--input', 'Nx3xHxW', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.input).toEqual(['N', 3, 'H', 'W']);
    expect(json.totals.macs).toMatch(/N \* floor\(\(H \+ 1\) \/ 2\)/);
  });
});

describe('bad input: exit 2 and one line, no stack trace', () => {
  it.each([
    [['report', 'resnet5O'], /unknown model 'resnet5O'; did you mean 'resnet50'/],
    [['report', 'resnet50', '--input', '1x3x224'], /invalid --input '1x3x224': 3 dimension\(s\)/],
    [['report', 'resnet50', '--input', '1x3x-5x224'], /invalid --input '1x3x-5x224'.*'-5' is not a positive integer/],
    [['report', 'resnet50', '--input', 'axb'], /invalid --input 'axb'/],
    [['report', 'vgg16', '--input', '1x3x16x16'], /layer 'features\.30': input 1x512x1x1 is too small: output height would be 0/],
    [['report', 'resnet50', '--set', 'widht=2'], /unknown option 'widht' for resnet50.*valid options: depth, stride_on/],
    [['report', 'resnet50', '--set', 'groups=two'], /option 'groups' expects an integer, received "two"/],
    [['report', 'resnet50', '--set', 'groups'], /--set expects key=value, received 'groups'/],
    [['report', 'resnet50', '--convention', 'gflops'], /argument 'gflops' is invalid.*macs, paper, flops/],
    [['report', 'resnet50', '--format', 'yaml'], /argument 'yaml' is invalid/],
    [['report', 'resnet50', '--depth', '0'], /--depth expects a positive integer/],
    [['profile', 'resnet18', '--runs', '0'], /--runs expects a positive integer, received '0'/],
    [['profile', 'resnet18', '--runs', 'abc'], /--runs expects a positive integer, received 'abc'/],
    [['export', 'resnet18', '-o', '/tmp/x.onnx', '--seed', '-1'], /--seed expects a non-negative integer, received '-1'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j', async (argv, message) => {
    const { code, stdout, stderr } = await cli(...(argv as string[]));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('--help prints examples and exits 0', async () => {
    const { code, stdout } = await cli('report', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Examples:/);
    expect(stdout).toMatch(/--convention <name>/);
  });
});
