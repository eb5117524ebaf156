// `*.onnx` wherever a model is named, run in-process as a user would: report (every format,
// --input, --by module), compare with zoo models, formula, check budgets, list, validate, export
// round trip; bad files and unknown ops exit 2 with one line; --allow-unknown lists what it did
// not count in every format.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../src/cli/capture.js';
import { expectRefused } from './bad-input/helpers.js';
import { EXPECTED, fixture, onnxModel } from './helpers/onnx.js';

const cli = (...argv: string[]) => runCaptured(argv);
const scratch = mkdtempSync(join(tmpdir(), 'flopscope-onnx-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const RESNET18 = fixture('torchvision/tv_resnet18_op17_bnfolded.noweights.onnx');
const TINY = fixture('models/tiny_resnet_op17_bnpreserved.onnx');
const DYNAMIC = fixture('models/tiny_resnet_op17_dynamic.onnx');
const UNKNOWN = fixture('bad/unknown_op.onnx');

/** The in-process run checked as a refused one (exit 2, one `flopscope: ` line, no stack). */
const oneLineError = (run: { code: number; stdout: string; stderr: string }, pattern: RegExp) => expectRefused({ status: run.code, stdout: run.stdout, stderr: run.stderr }, pattern);

describe('report model.onnx', () => {
  it('JSON: PyTorch\'s MACs, the folded-BN note, an empty uncounted list', async () => {
    const { code, stdout } = await cli('report', RESNET18, '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.model).toBe('tv_resnet18_op17_bnfolded.noweights.onnx');
    expect(json.totals.macs).toBe(1_814_073_344);
    expect(json.uncounted).toEqual([]);
    expect(json.notes).toEqual([expect.stringMatching(/batch norm folded into 20 convolutions by the exporter/)]);
    expect(json.layers.find((l: { name: string }) => l.name === 'layer1.0.conv1').macs).toBe(64 * 56 * 56 * 64 * 9);
  });

  it('the table says the note once; --depth groups by PyTorch module', async () => {
    const { code, stdout } = await cli('report', RESNET18, '--depth', '1');
    expect(code).toBe(0);
    expect(stdout.match(/batch norm folded/g)).toHaveLength(1);
    for (const m of ['conv1', 'layer1', 'layer2', 'layer3', 'layer4', 'fc']) expect(stdout).toMatch(new RegExp(`│ ${m} +│`));
  });

  it('a dynamic export reports symbolic totals; --input binds them', async () => {
    const symbolic = JSON.parse((await cli('report', DYNAMIC, '--format', 'json')).stdout);
    expect(symbolic.input).toEqual(['batch', 3, 'height', 'width']);
    expect(typeof symbolic.totals.macs).toBe('string');
    const e = EXPECTED['models/tiny_resnet_op17_dynamic.onnx'];
    const b = e.bindings![0];
    const bound = JSON.parse((await cli('report', DYNAMIC, '--input', b.inputs[0].shape.join('x'), '--format', 'json')).stdout);
    expect(bound.totals.macs).toBe(b.macs.total);
  });

  it('formula gives closed forms in the file\'s symbols', async () => {
    const { code, stdout } = await cli('formula', DYNAMIC, '--input', 'Nx3xHxW', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.exact.macs).toMatch(/N \* floor\(\(H \+ 1\) \/ 2\)/);
  });

  it('--input of the wrong rank, and --set, are one-line errors', async () => {
    oneLineError(await cli('report', TINY, '--input', '1x3x32'), /has 3 dimensions but .* has 4/);
    oneLineError(await cli('report', TINY, '--set', 'width=2'), /is an imported model: it has no options to set/);
  });
});

describe('an ONNX model\'s own input is every command\'s default', () => {
  const VIT = fixture('models/tiny_vit_op17_dynamic.onnx');

  it('formula uses the file\'s dims, its named ones as symbols: PyTorch\'s MACs at each batch', async () => {
    const { code, stdout } = await cli('formula', VIT, '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.input).toEqual(['batch', 3, 16, 16]);
    const e = EXPECTED['models/tiny_vit_op17_dynamic.onnx'];
    expect(json.exact.macs).toBe(`${e.macs.total} * batch`);
    const [b] = e.bindings!;
    expect(e.macs.total * b.inputs[0].shape[0]).toBe(b.macs.total);
  });

  it('validate suggests a shape built from the file\'s dims, which runs', async () => {
    const run = await cli('validate', VIT);
    oneLineError(run, /needs a concrete input shape, received batchx3x16x16 .*--input 1x3x16x16$/m);
    const ok = await cli('validate', VIT, '--input', '1x3x16x16', '--backend', 'reference');
    expect(ok.code).toBe(0);
  });

  async function dimsModel(name: string, dims: (number | string)[]): Promise<string> {
    const file = join(scratch, name);
    const w = { name: 'w', dims: [4, 3, 3, 3] };
    writeFileSync(file, await onnxModel({ input: dims, nodes: [{ name: '/conv/Conv', op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs: { pads: [1, 1, 1, 1] } }], initializers: [w], outputs: ['y'] }));
    return file;
  }

  it.each(['floor', 'constructor', 'toString', 'pi'])('a dimension named %s is refused naming the file\'s dimension', async (reserved) => {
    const file = await dimsModel(`dim-${reserved}.onnx`, [1, 3, reserved, 8]);
    for (const command of [['report', file], ['formula', file]]) {
      const run = await cli(...command);
      oneLineError(run, new RegExp(`input 'x' names dimension 3 '${reserved}', which cannot be a symbol: '${reserved}' is reserved`));
      expect(run.stderr).not.toMatch(/invalid --input/);
    }
    // Given a size, the name is not needed.
    expect((await cli('report', file, '--input', '1x3x8x8')).code).toBe(0);
    oneLineError(await cli('report', file, '--input', `1x3x${reserved}x8`), new RegExp(`invalid --input .*'${reserved}' is reserved`));
  });

  it('a file whose dims repeat a name ([N, 3, H, H]) works without --input, and blames no flag', async () => {
    const file = await dimsModel('square.onnx', ['N', 3, 'H', 'H']);
    const { code, stdout, stderr } = await cli('formula', file, '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.input).toEqual(['N', 3, 'H', 'H']);
    expect(json.exact.macs).toBe('108 * H^2 * N');
  });
});

describe('compare, check, list, export with ONNX files', () => {
  it('compare mixes a zoo model and an ONNX file: same MACs', async () => {
    const { code, stdout } = await cli('compare', 'resnet18', RESNET18, '--format', 'json');
    expect(code).toBe(0);
    const [zoo, onnx] = JSON.parse(stdout).reports;
    expect(onnx.totals.macs).toBe(zoo.totals.macs);
  });

  it('compare carries each imported model\'s notes in every format (the folded BN explains its params)', async () => {
    const note = /batch norm folded into 20 convolutions by the exporter/;
    const json = JSON.parse((await cli('compare', 'resnet18', RESNET18, '--format', 'json')).stdout);
    expect(json.reports[0].notes).toBeUndefined();
    expect(json.reports[1].notes).toEqual([expect.stringMatching(note)]);
    const grouped = JSON.parse((await cli('compare', 'resnet18', RESNET18, '--by', 'stage', '--format', 'json')).stdout);
    expect(grouped.reports[1].notes).toEqual([expect.stringMatching(note)]);
    for (const format of ['table', 'markdown']) {
      expect((await cli('compare', 'resnet18', RESNET18, '--format', format)).stdout, format).toMatch(/note \(tv_resnet18_op17_bnfolded\.noweights\.onnx\): batch norm folded/);
    }
    const csv = (await cli('compare', 'resnet18', RESNET18, '--format', 'csv')).stdout.split('\n');
    expect(csv[0]).toMatch(/,notes$/);
    expect(csv[2]).toMatch(/,"?batch norm folded into 20 convolutions/);
    const html = join(scratch, 'bn.html');
    expect((await cli('compare', 'resnet18', RESNET18, '--format', 'html', '-o', html)).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/<p class="fact">note \(tv_resnet18_op17_bnfolded\.noweights\.onnx\): batch norm folded/);
  });

  it('a budget names an ONNX model relative to the config', async () => {
    const dir = join(scratch, 'budget');
    mkdirSync(join(dir, 'build'), { recursive: true });
    copyFileSync(TINY, join(dir, 'build', 'model.onnx'));
    const macs = EXPECTED['models/tiny_resnet_op17_bnpreserved.onnx'].macs.total;
    const config = (limit: number) => JSON.stringify({ budgets: [{ name: 'tiny', model: 'build/model.onnx', limits: { macs: limit } }] });
    writeFileSync(join(dir, 'flopscope.config.json'), config(macs));
    const pass = await runCaptured(['check', '--format', 'json'], { cwd: dir });
    expect(pass.code).toBe(0);
    expect(JSON.parse(pass.stdout).budgets[0].values.macs).toBe(macs);
    writeFileSync(join(dir, 'flopscope.config.json'), config(macs - 1));
    expect((await runCaptured(['check'], { cwd: dir })).code).toBe(1);
  });

  it('list ./models lists ONNX files beside architecture files', async () => {
    const dir = join(scratch, 'models');
    mkdirSync(dir, { recursive: true });
    copyFileSync(DYNAMIC, join(dir, 'dynamic.onnx'));
    const { code, stdout } = await runCaptured(['list', 'models'], { cwd: scratch });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^models\/dynamic\.onnx +ONNX model, input batchx3xheightxwidth, opset 17, \d+ nodes, from pytorch 1\.13/m);
  });

  it('export writes the imported model again; reading that back gives the same counts', async () => {
    const out = join(scratch, 'again.onnx');
    expect((await cli('export', TINY, '-o', out)).code).toBe(0);
    const first = JSON.parse((await cli('report', TINY, '--format', 'json')).stdout).totals;
    const again = JSON.parse((await cli('report', out, '--format', 'json')).stdout).totals;
    for (const k of ['params', 'buffers', 'macs', 'add', 'mul', 'cmp', 'div', 'exp']) expect(again[k]).toBe(first[k]);
  });
});

describe('export of an imported model keeps the file\'s weights', () => {
  it('export copy.onnx, then validate copy.onnx: its outputs are the original\'s', async () => {
    const original = fixture('models/tiny_vit_op17.onnx');
    const copy = join(scratch, 'vit-copy.onnx');
    const wrote = await cli('export', original, '-o', copy);
    expect(wrote.code).toBe(0);
    expect(wrote.stdout).toMatch(/the file's weights/);
    const { loadOnnx } = await import('../src/onnx/import/index.js');
    const { fileWeights } = await import('../src/ir/weights.js');
    const { referenceBackend } = await import('../src/exec/reference.js');
    const { patternInput } = await import('./helpers/onnx.js');
    const outputOf = async (file: string) => {
      const g = await loadOnnx(file);
      const run = await (await referenceBackend.prepare(g, fileWeights(await g.origin!.weights()))).run(patternInput([1, 3, 16, 16]), { keepValues: true });
      return [...run.layers[g.output].values!];
    };
    expect(await outputOf(copy)).toEqual(await outputOf(original));
    const validated = await cli('validate', copy, '--format', 'json');
    expect(validated.code).toBe(0);
    expect(JSON.parse(validated.stdout).ok).toBe(true);
  });

  it('profile runs a model with a constant layer (an initializer read as a value: the class token)', async () => {
    const { code, stdout } = await cli('profile', fixture('models/tiny_vit_op17.onnx'), '--runs', '1', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).layers.some((l: { name: string }) => l.name === 'class_token')).toBe(true);
  });

  it('--weights random and zeros are still there; a stripped file says how to export it', async () => {
    const zeros = join(scratch, 'zeros.onnx');
    expect((await cli('export', TINY, '-o', zeros, '--weights', 'zeros')).stdout).toMatch(/zeros weights/);
    oneLineError(await cli('export', RESNET18, '-o', join(scratch, 'stripped.onnx')), /has no values in the file .*export it with --weights random or --weights zeros/);
    expect((await cli('export', RESNET18, '-o', join(scratch, 'stripped.onnx'), '--weights', 'zeros')).code).toBe(0);
    oneLineError(await cli('export', 'resnet18', '-o', join(scratch, 'r.onnx'), '--weights', 'file'), /--weights file keeps the weights of an imported \.onnx model; resnet18 is not one/);
  });

  it('every command that takes a model says it may be an ONNX file', async () => {
    for (const command of ['report', 'compare', 'validate', 'profile', 'formula', 'whatif', 'export', 'describe']) {
      const { stdout } = await cli(command, '--help');
      expect(stdout, command).toMatch(/ONNX file/);
    }
  });
});

describe('validate model.onnx', () => {
  it.each(['models/tiny_resnet_op13_bnfolded_extdata.onnx', 'models/tiny_mobilenet_v3_op13.onnx'])('%s: the reference kernels with the file\'s weights agree with onnxruntime on the original file', async (file) => {
    const { code, stdout } = await cli('validate', fixture(file), '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.weights).toBe('file');
    expect(json.ok).toBe(true);
    expect(json.checks.map((c: { backend: string; kind: string }) => `${c.backend} ${c.kind}`)).toEqual(['reference shapes', 'reference params', 'reference counts', 'onnxruntime shapes', 'onnxruntime outputs']);
  });

  it('a file stripped of its weights counts but cannot run', async () => {
    oneLineError(await cli('validate', RESNET18, '--input', '1x3x32x32', '--backend', 'reference'), /has no values in the file \(a stripped model counts, but cannot run\)/);
  });

  it('a dynamic export needs --input to run', async () => {
    oneLineError(await cli('validate', DYNAMIC), /needs a concrete input shape/);
    expect((await cli('validate', DYNAMIC, '--input', '2x3x20x24', '--backend', 'reference')).code).toBe(0);
  });
});

describe('bad files and unknown ops: exit 2 with one line', () => {
  it.each([
    ['bad/truncated.onnx', /truncated or not an ONNX model/],
    ['bad/not_onnx.onnx', /is not an ONNX model/],
    ['bad/ir_version_99.onnx', /IR version 99; flopscope reads IR versions 6-10/],
    ['bad/opset_10.onnx', /opset 10 of the default domain; flopscope maps opsets 11-21/],
    ['bad/opset_99.onnx', /opset 99 of the default domain; flopscope maps opsets 11-21/],
    ['bad/no_input_shape.onnx', /input 'input' of no_input_shape\.onnx has no shape; give one with --input/],
    ['bad/missing_external_data.onnx', /keeps its data in 'missing_external_data\.onnx\.data', which is missing beside the model/],
    ['bad/unknown_op.onnx', /node '\/foo\/Foo' \(op type 'Foo', domain 'com\.example'\).*--allow-unknown/],
  ])('%s', async (file, pattern) => {
    oneLineError(await cli('report', fixture(file)), pattern);
  });

  it('a file that does not exist, and an export name on an ONNX file', async () => {
    oneLineError(await cli('report', join(scratch, 'nope.onnx')), /model file .*nope\.onnx not found/);
    oneLineError(await cli('report', `${TINY}#model`), /an ONNX file has one model; drop '#model'/);
  });

  it('a model without an input shape runs with --input', async () => {
    const { code } = await cli('report', fixture('bad/no_input_shape.onnx'), '--input', '1x3x12x12');
    expect(code).toBe(0);
  });
});

describe('--allow-unknown', () => {
  const NODE = { name: '/foo/Foo', opType: 'Foo', layers: ['foo'] };

  it('reports the rest, lists the unknown node in every format, and warns once on stderr', async () => {
    const json = await cli('report', UNKNOWN, '--allow-unknown', '--format', 'json');
    expect(json.code).toBe(0);
    expect(json.stderr).toMatch(/^flopscope: warning: 1 node not counted .*\/foo\/Foo \(Foo\)/);
    expect(json.stderr.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(json.stdout);
    // The node as the file names it (and as the error without the flag names it), and its stand-in layer.
    expect(report.uncounted).toEqual([NODE]);
    const expected = (EXPECTED['bad/unknown_op.onnx'] as unknown as { uncounted: { name: string; opType: string }[] }).uncounted;
    expect(report.uncounted.map((u: { name: string; opType: string }) => ({ name: u.name, opType: u.opType }))).toEqual(expected.map((u) => ({ name: u.name, opType: u.opType })));
    // The conv before and the relu after are counted: conv 3->4 channels, 3x3, 8x8 output.
    expect(report.totals.macs).toBe(4 * 8 * 8 * 3 * 9);
    expect(report.layers.map((l: { name: string }) => l.name)).toEqual(['conv', 'foo', 'relu']);
    expect(report.layers[1]).toMatchObject({ name: 'foo', op: 'Foo', uncounted: true, onnxNode: '/foo/Foo', macs: 0, flops: 0 });
    expect(report.layers[0].uncounted).toBeUndefined();
    const table = await cli('report', UNKNOWN, '--allow-unknown');
    expect(table.stdout).toMatch(/NOT COUNTED: 1 node not counted .*\/foo\/Foo \(Foo\)/);
    expect(table.stdout).toMatch(/│ foo +│ Foo \(not counted\) +│/);
    const csv = await cli('report', UNKNOWN, '--allow-unknown', '--format', 'csv');
    expect(csv.stdout).toMatch(/^foo,Foo \(not counted\),1x4x8x8,/m);
    const md = await cli('report', UNKNOWN, '--allow-unknown', '--format', 'markdown');
    expect(md.stdout).toMatch(/NOT COUNTED/);
  });

  it('grouped rows name the stand-in by its op type, marked, in every grouping', async () => {
    const byOp = (await cli('report', UNKNOWN, '--allow-unknown', '--by', 'op', '--format', 'csv')).stdout;
    expect(byOp).toMatch(/^Foo \(not counted\),1,0,0,0,/m);
    expect(byOp).not.toMatch(/^constant,/m);
    for (const by of ['module', 'stage']) {
      expect((await cli('report', UNKNOWN, '--allow-unknown', '--by', by, '--format', 'csv')).stdout, by).toMatch(/^foo,Foo \(not counted\),1,/m);
    }
  });

  it('compare carries the list in every format', async () => {
    const json = JSON.parse((await cli('compare', UNKNOWN, 'resnet18', '--allow-unknown', '--format', 'json')).stdout);
    expect(json.reports[0].uncounted).toEqual([NODE]);
    expect(json.reports[1].uncounted).toEqual([]);
    const csv = (await cli('compare', UNKNOWN, 'resnet18', '--allow-unknown', '--format', 'csv')).stdout.split('\n');
    expect(csv[0]).toMatch(/,notCounted$/);
    expect(csv[1]).toMatch(/^unknown_op\.onnx,.*,\/foo\/Foo \(Foo\)$/);
    expect(csv[2]).toMatch(/^resnet18,.*,$/);
    for (const format of ['table', 'markdown']) {
      expect((await cli('compare', UNKNOWN, 'resnet18', '--allow-unknown', '--format', format)).stdout, format).toMatch(/NOT COUNTED in unknown_op\.onnx: .*\/foo\/Foo \(Foo\)/);
    }
    const grouped = (await cli('compare', UNKNOWN, UNKNOWN, '--allow-unknown', '--by', 'layer', '--format', 'csv')).stdout;
    expect(grouped).toMatch(/^foo,.*,unknown_op\.onnx: \/foo\/Foo; unknown_op\.onnx: \/foo\/Foo$/m);
    const html = join(scratch, 'compare.html');
    expect((await cli('compare', UNKNOWN, 'resnet18', '--allow-unknown', '--format', 'html', '-o', html)).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/<p class="fact">NOT COUNTED in unknown_op\.onnx: \/foo\/Foo \(Foo\)/);
    const svg = join(scratch, 'compare.svg');
    expect((await cli('compare', UNKNOWN, 'resnet18', '--allow-unknown', '--format', 'svg', '-o', svg)).code).toBe(0);
    expect(readFileSync(svg, 'utf8')).toMatch(/NOT COUNTED in unknown_op\.onnx: \/foo\/Foo \(Foo\)/);
  });

  it('report html and svg say it in the page header and the chart subtitle', async () => {
    const html = join(scratch, 'report.html');
    expect((await cli('report', UNKNOWN, '--allow-unknown', '--format', 'html', '-o', html)).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/<p class="fact">NOT COUNTED: \/foo\/Foo \(Foo\)/);
    for (const chart of ['stages', 'ops', 'top-layers', 'memory']) {
      const svg = join(scratch, `${chart}.svg`);
      expect((await cli('report', UNKNOWN, '--allow-unknown', '--format', 'svg', '--chart', chart, '-o', svg)).code).toBe(0);
      expect(readFileSync(svg, 'utf8'), chart).toMatch(/NOT COUNTED in unknown_op\.onnx: \/foo\/Foo \(Foo\)/);
    }
  });

  it('formula and whatif take it, count the rest and say what they left out', async () => {
    oneLineError(await cli('formula', UNKNOWN), /'\/foo\/Foo'.*--allow-unknown reports the rest/);
    const formula = await cli('formula', UNKNOWN, '--allow-unknown', '--format', 'json');
    expect(formula.code).toBe(0);
    expect(formula.stderr).toMatch(/warning: 1 node not counted/);
    const f = JSON.parse(formula.stdout);
    expect(f.uncounted).toEqual([NODE]);
    expect(f.exact.macs).toBe(String(4 * 8 * 8 * 3 * 9));
    expect((await cli('formula', UNKNOWN, '--allow-unknown')).stdout).toMatch(/NOT COUNTED: .*\/foo\/Foo/);
    oneLineError(await cli('whatif', UNKNOWN, '--sweep', 'input=8,16'), /--allow-unknown reports the rest/);
    const whatif = await cli('whatif', UNKNOWN, '--sweep', 'input=8,16', '--allow-unknown', '--format', 'json');
    expect(whatif.code).toBe(0);
    const w = JSON.parse(whatif.stdout);
    expect(w.uncounted).toEqual([NODE]);
    expect(w.rows[1].totals.macs).toBe(4 * 16 * 16 * 3 * 9);
    expect((await cli('whatif', UNKNOWN, '--sweep', 'input=8,16', '--allow-unknown')).stdout).toMatch(/NOT COUNTED in unknown_op\.onnx/);
  });

  it('check takes "allowUnknown": true in a budget, and lists what it left out', async () => {
    const dir = join(scratch, 'unknown-budget');
    mkdirSync(dir, { recursive: true });
    copyFileSync(UNKNOWN, join(dir, 'u.onnx'));
    const config = (extra: string) => writeFileSync(join(dir, 'flopscope.config.json'), `{ "budgets": [{ "name": "u", "model": "u.onnx", "limits": { "macs": "10K" }${extra} }] }`);
    config('');
    const refused = await runCaptured(['check'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/"allowUnknown": true counts the rest/);
    expect(refused.stdout).not.toMatch(/--allow-unknown/);
    config(', "allowUnknown": true');
    const run = await runCaptured(['check', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    const budget = JSON.parse(run.stdout).budgets[0];
    expect(budget.uncounted).toEqual([NODE]);
    expect(budget.values.macs).toBe(4 * 8 * 8 * 3 * 9);
    expect((await runCaptured(['check'], { cwd: dir })).stdout).toMatch(/NOT COUNTED: \/foo\/Foo \(Foo\)/);
    config(', "allowUnknown": "yes"');
    expect((await runCaptured(['check'], { cwd: dir })).stderr).toMatch(/budgets\[0\] \("u"\)\.allowUnknown: expected true or false/);
  });

  it('validate, profile and export cannot run or write it: they say why, and suggest no flag they lack', async () => {
    for (const [command, why] of [['validate', /cannot be validated/], ['profile', /cannot be profiled/], ['export', /cannot be exported/]] as const) {
      const args = command === 'export' ? [command, UNKNOWN, '-o', join(scratch, 'u.onnx')] : [command, UNKNOWN];
      const run = await cli(...args);
      oneLineError(run, why);
      expect(run.stderr, command).toMatch(/'\/foo\/Foo' \(op type 'Foo', domain 'com\.example'\)/);
      expect(run.stderr, command).not.toMatch(/allow-unknown/);
    }
  });
});
