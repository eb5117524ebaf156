// Loading user architecture files: references, what is exported, errors at load time, folders.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isArchitecture } from '../src/dsl/family.js';
import { FlopscopeError } from '../src/errors.js';
import { loadArchitecture } from '../src/load/index.js';
import { isFileRef, parseModelRef } from '../src/load/ref.js';
import { buildArchitecture } from '../src/zoo.js';
import { cli, copyFixtures, requireBuild, tinyCounts } from './budget-helpers.js';

let root: string;

afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(() => {
  requireBuild();
  root = copyFixtures();
  mkdirSync(join(root, 'bad'));
  writeFileSync(join(root, 'bad', 'throws.ts'), "import { conv } from 'flopscope';\n\nfunction widths(): number[] {\n  throw new RangeError('no widths configured');\n}\n\nexport const net = conv(widths()[0], 3);\n");
  writeFileSync(join(root, 'bad', 'module.ts'), "import { conv, relu, seq } from 'flopscope';\n\nexport default seq([conv(8, 3), relu()]);\n");
});

const expectLoadError = async (ref: string, message: string | RegExp) => {
  const err = await loadArchitecture(ref, root).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(FlopscopeError);
  expect((err as Error).message).toMatch(message);
};

describe('model references', () => {
  it('tells zoo names from files', () => {
    expect(isFileRef('resnet50')).toBe(false);
    expect(isFileRef('models/net.ts')).toBe(true);
    expect(isFileRef('net.ts#tiny')).toBe(true);
    expect(parseModelRef('models/net.ts#tiny', '/p')).toEqual({ kind: 'file', file: '/p/models/net.ts', exportName: 'tiny', text: 'models/net.ts#tiny' });
    expect(parseModelRef('models/net.ts', '/p')).toEqual({ kind: 'file', file: '/p/models/net.ts', text: 'models/net.ts' });
  });
});

describe('loading user files', () => {
  it('loads a named export and the default export, with the DSL of the running flopscope', async () => {
    const named = await loadArchitecture('models/tiny.ts#wide', root);
    expect(isArchitecture(named)).toBe(true);
    const graph = buildArchitecture(named);
    const expected = tinyCounts(32);
    expect(graph.nodes.map((n) => n.name).slice(0, 4)).toEqual(['stem', 'body.0.conv', 'body.0.bn', 'body.0.relu']);
    const params = graph.nodes.flatMap((n) => n.params).filter((p) => p.role !== 'buffer').reduce((s, p) => s + p.shape.reduce((a, b) => a * Number(b), 1), 0);
    expect(params).toBe(expected.params);
    expect((await loadArchitecture('models/tiny.ts', root)).name).toBe('tiny');
  });

  it('wraps an exported Module as an architecture', async () => {
    const arch = await loadArchitecture('bad/module.ts', root);
    expect(buildArchitecture(arch, { input: '1x3x8x8' }).nodes.map((n) => n.op)).toEqual(['conv2d', 'relu']);
  });

  it('says what an export is when it is not an architecture', async () => {
    await expectLoadError('models/tiny.ts#notAnArchitecture', "export 'notAnArchitecture' of models/tiny.ts is a function, not an architecture");
  });

  it('lists the exports when the export does not exist', async () => {
    await expectLoadError('models/tiny.ts#tinny', "models/tiny.ts has no export 'tinny'; did you mean 'tiny'? its exports: default, notAnArchitecture, tiny, wide");
  });

  it('names the architectures when there is no default export', async () => {
    await expectLoadError('models/located.ts', 'models/located.ts has no default export; name one: models/located.ts#located, models/located.ts#mismatch');
  });

  it('reports a throw at load time with file:line and the message', async () => {
    await expectLoadError('bad/throws.ts#net', /^bad\/throws\.ts:4: loading the file threw RangeError: no widths configured$/);
  });

  it('reports a missing file', async () => {
    await expectLoadError('models/nope.ts', 'model file models/nope.ts not found');
  });

  it('sees a file changed on disk', async () => {
    const file = join(root, 'bad', 'changing.ts');
    writeFileSync(file, "import { conv } from 'flopscope';\nexport default conv(4, 1);\n");
    expect(buildArchitecture(await loadArchitecture('bad/changing.ts', root), { input: '1x3x4x4' }).nodes[0].outputShape).toEqual([1, 4, 4, 4]);
    writeFileSync(file, "import { conv } from 'flopscope';\nexport default conv(6, 1, { bias: false });\n");
    expect(buildArchitecture(await loadArchitecture('bad/changing.ts', root), { input: '1x3x4x4' }).nodes[0].outputShape).toEqual([1, 6, 4, 4]);
  });
});

describe('flopscope list <folder>', () => {
  it('lists the architectures a folder exports, as references', async () => {
    const r = await cli(['list', 'models'], root);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s{2,}/)[0])).toEqual([
      'models/located.ts#located',
      'models/located.ts#mismatch',
      'models/tiny.ts#tiny',
      'models/tiny.ts#wide',
    ]);
  });

  it('takes file references in report and compare', async () => {
    const r = await cli(['compare', 'models/tiny.ts#tiny', 'models/tiny.ts#wide', '--format', 'json'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tiny_wide');
    const missing = await cli(['list', 'nowhere'], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('flopscope: folder nowhere not found\n');
  });
});
