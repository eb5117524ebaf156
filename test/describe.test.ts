// `flopscope describe`: a model's family, default input and options, for every zoo model and for
// a user file; the values it prints are the ones a build uses.
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { ZOO } from '../architectures/index.js';
import { runCaptured } from '../src/cli/capture.js';
import { analyze } from '../src/cost/analyze.js';
import { describeArchitecture } from '../src/dsl/describe.js';
import { parseOption, type OptionSpec } from '../src/dsl/family.js';
import { ONNX_PROTO } from '../src/onnx/schema.js';
import { buildArchitecture, zooArchitecture } from '../src/zoo.js';
import { VERSION } from '../src/version.js';

const cli = (...argv: string[]) => runCaptured(argv);

interface JsonOption { name: string; type: string; value: unknown; default: unknown; accepts: string; values?: string[]; min?: number; max?: number; doc: string; dependsOn?: { option: string; is: unknown }; inert: boolean }

describe('describe, for every zoo model', () => {
  it.each(ZOO.map((a) => a.name))('%s: the values it prints build the same network as the model itself', (name) => {
    const arch = zooArchitecture(name);
    const d = describeArchitecture(arch);
    expect(d.family).toBe(arch.family.name);
    expect(d.input).toBe(arch.input);
    expect(d.options.map((o) => o.name)).toEqual(Object.keys(arch.family.options));
    // Setting every option to the printed value changes nothing: the printed values are in force.
    const set = Object.fromEntries(d.options.map((o) => [o.name, o.value]));
    const own = analyze(buildArchitecture(arch), { perLayer: false }).totals;
    const described = analyze(buildArchitecture(arch, { set }), { perLayer: false }).totals;
    expect([described.params, described.macs]).toEqual([own.params, own.macs]);
    for (const o of d.options) {
      const spec = (arch.family.options as Record<string, OptionSpec>)[o.name];
      // The default and every listed value are accepted; the range is the spec's.
      expect(parseOption(o.name, spec, o.default)).toEqual(o.default);
      for (const v of o.values ?? []) expect(parseOption(o.name, spec, v)).toBe(v);
      const min = o.min;
      if (min !== undefined) expect(() => parseOption(o.name, spec, o.type === 'intList' ? [min - 1] : min - 1)).toThrow(/must be/);
      expect(o.doc.length).toBeGreaterThan(3);
    }
  });
});

describe('flopscope describe', () => {
  it('prints family, default input and each option with value, default and dependency', async () => {
    const { code, stdout } = await cli('describe', 'se_resnet50');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^se_resnet50: SE-ResNet-50/);
    expect(stdout).toMatch(/family resnet: /);
    expect(stdout).toMatch(/default input 1x3x224x224/);
    // The model turns SE on (family default false); reduction depends on it.
    expect(stdout).toMatch(/│ se +│ bool +│ true +│ false +│/);
    expect(stdout).toMatch(/│ reduction +│ int +│ 16 +│ 16 +│ at least 1 +│ se=true +│/);
    expect(stdout).toMatch(/│ depth +│ enum +│ 50 +│ 50 +│ 18, 34, 50, 101, 152 +│/);
  });

  it('JSON: flopscope.describe/1 with types, accepted values, dependencies and the version', async () => {
    const { code, stdout } = await cli('describe', 'resnet50', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { schema: string; model: string; family: string; input: string; options: JsonOption[]; flopscopeVersion: string };
    expect(json.schema).toBe('flopscope.describe/1');
    expect(json.flopscopeVersion).toBe(VERSION);
    const byName = new Map(json.options.map((o) => [o.name, o]));
    expect(byName.get('depth')).toMatchObject({ type: 'enum', value: '50', values: ['18', '34', '50', '101', '152'] });
    expect(byName.get('se_stages')).toMatchObject({ type: 'intList', value: [1, 2, 3, 4], min: 1, max: 4 });
    // resnet50 has se=false: the SE options change nothing, and say so.
    expect(byName.get('reduction')).toMatchObject({ dependsOn: { option: 'se', is: true }, inert: true });
    expect(byName.get('width')!.inert).toBe(false);
  });

  it('--set shows the values in force with the overrides', async () => {
    const { stdout } = await cli('describe', 'resnet50', '--set', 'se=true', '--set', 'reduction=8', '--format', 'json');
    const options = (JSON.parse(stdout) as { options: JsonOption[] }).options;
    expect(options.find((o) => o.name === 'reduction')).toMatchObject({ value: 8, default: 16, inert: false });
  });

  it('describes a user file', async () => {
    const { code, stdout } = await cli('describe', 'test/fixtures/budget/models/tiny.ts#wide', '--format', 'markdown');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^### tiny_wide: tiny, twice as wide/);
    expect(stdout).toMatch(/\| width \| int \| 32 \| 16 \| at least 1 \|/);
    expect(stdout).toMatch(/default input 1x3x32x32/);
  });

  it('bad input is one line, exit 2', async () => {
    expect((await cli('describe', 'resnt50')).stderr).toMatch(/^flopscope: unknown model 'resnt50'; did you mean 'resnet50'/);
    const bad = await cli('describe', 'resnet50', '--set', 'reductoin=8');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option 'reductoin'.*did you mean 'reduction'/);
  });

  it('the unknown-option error of every command points to describe', async () => {
    const { code, stderr } = await cli('report', 'resnet50', '--set', 'widht=2');
    expect(code).toBe(2);
    expect(stderr).toMatch(/did you mean 'width'\? valid options: depth, .*\(flopscope describe shows each one's type, default and allowed values\)\n$/);
  });
});

describe('flopscope describe, ONNX files', () => {
  const file = 'test/fixtures/onnx/models/tiny_resnet_op17_dynamic.onnx';
  it('says where the model came from, the sizes --input binds and the ops, without an empty option table', async () => {
    const { code, stdout } = await cli('describe', file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^tiny_resnet_op17_dynamic\.onnx: ONNX model, input batchx3xheightxwidth, opset 17/);
    expect(stdout).toMatch(/^family onnx: /m);
    expect(stdout).toMatch(/^symbols: batch, height, width \(--input gives them values, e\.g\. --input 1x3x224x224\)$/m);
    expect(stdout).not.toMatch(/┌/);
    // The op counts are the file's nodes, counted here from the file independently of the importer.
    const ModelProto = protobuf.parse(ONNX_PROTO, { keepCase: true }).root.lookupType('onnx.ModelProto');
    const { graph } = ModelProto.toObject(ModelProto.decode(readFileSync(file)), { arrays: true }) as { graph: { node: { op_type: string }[] } };
    const convs = graph.node.filter((n) => n.op_type === 'Conv').length;
    expect(convs).toBeGreaterThan(0);
    expect(stdout).toContain(`ops: Conv ${convs}, `);
    expect(stdout).toContain(`nodes: ${graph.node.length}`);
    // The example input works as it says.
    expect((await cli('report', file, '--input', '1x3x224x224', '--format', 'json')).code).toBe(0);
  });

  it('JSON has the source, and report JSON names the onnx family with nothing set', async () => {
    const json = JSON.parse((await cli('describe', file, '--format', 'json')).stdout) as { family: string; options: unknown[]; source: Record<string, unknown> };
    expect(json.family).toBe('onnx');
    expect(json.options).toEqual([]);
    expect(json.source).toMatchObject({ format: 'onnx', irVersion: 8, opset: 17, producer: 'pytorch 1.13.0', input: 'input (batchx3xheightxwidth)' });
    const report = JSON.parse((await cli('report', file, '--input', '1x3x64x64', '--format', 'json')).stdout) as { family: string; set: object };
    expect(report.family).toBe('onnx');
    expect(report.set).toEqual({});
  });
});
