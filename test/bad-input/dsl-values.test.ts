// DSL values checked where they enter, field by field: a family, an architecture, a module made
// by hand, the arguments of repeat() and se(), an export that is not what it seems (a Proxy, a
// name every object inherits), a file that changes a built-in prototype. Each is exit 2 with one
// line naming the file:line and what was wrong, never "a bug in flopscope" (exit 3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionOf } from '../budget-helpers.js';
import { escapeRegExp, expectRefusedIn, runBin, scratchProject } from './helpers.js';

const HEAD = `import { conv, defineArchitecture, defineFamily, relu, repeat, se, seq, tag, type Module } from 'flopscope';
const arch = (name: string, build: () => Module, extra: object = {}) =>
  defineArchitecture({ name, description: name, family: defineFamily({ name, doc: name, options: {}, build }), input: '1x3x16x16', ...extra });
`;

// Mistakes made while building: the file loads, the architecture that is asked for fails.
const BUILT = `${HEAD}
export const seqWithoutChildren = arch('seqWithoutChildren', () => ({ kind: 'seq' }) as unknown as Module);
export const seqOfFive = arch('seqOfFive', () => ({ kind: 'seq', children: 5 }) as unknown as Module);
export const nestedBad = arch('nestedBad', () => seq({ stem: conv(8, 3), body: { kind: 'residual', body: [] } as unknown as Module }));
export const throwingProxy = arch('throwingProxy', () => new Proxy({ kind: 'seq' }, { get() { throw new Error('no peeking'); } }) as unknown as Module);
export const tagOfNull = arch('tagOfNull', () => seq({ marked: tag(null as unknown as string[], relu()) }));
export const repeatNegative = arch('repeatNegative', () => seq(repeat(-1, () => relu())));
export const repeatNaN = arch('repeatNaN', () => seq(repeat(NaN, () => relu())));
export const repeatHuge = arch('repeatHuge', () => seq(repeat(1e9, () => relu())));
export const seReductionZero = arch('seReductionZero', () => seq([conv(64, 3), se({ reduction: 0 })]));
export const seSoftmax = arch('seSoftmax', () => seq([conv(64, 3), se({ gate: 'softmax' as 'sigmoid' })]));
export const throwsSymbol = arch('throwsSymbol', () => {
  throw Symbol('mine');
});
export const fine = arch('fine', () => seq([conv(8, 3), relu()]));
`;

// Mistakes made while loading: the definition refuses itself, so the file does not load.
const DEFINED: Record<string, string> = {
  'no-family.ts': `${HEAD}export default defineArchitecture({ name: 'x', description: 'x', family: undefined as never });\n`,
  'null-family.ts': `${HEAD}export default defineArchitecture({ name: 'x', description: 'x', family: null as never });\n`,
  'null-options.ts': `${HEAD}export default arch('y', () => relu(), { family: defineFamily({ name: 'y', doc: 'y', options: null as never, build: () => relu() }) });\n`,
  'bad-default.ts': `${HEAD}export default defineArchitecture({ name: 'z', description: 'z', family: defineFamily({ name: 'z', doc: 'z', options: { width: { type: 'int', default: 0, min: 1, doc: 'w' } }, build: () => relu() }) });\n`,
  'input-number.ts': `${HEAD}export default arch('n', () => relu(), { input: 12 });\n`,
  'input-array.ts': `${HEAD}export default arch('a', () => relu(), { input: [1, 3, 32, 32] });\n`,
  // Not made by defineArchitecture: checked when picked.
  'hand-made.ts': `export default { kind: 'architecture', name: 'h', description: 'h', family: null, options: {}, input: '1x3x8x8' };\n`,
  'proxy-export.ts': `export default new Proxy({ kind: 'architecture' }, { get() { throw new Error('getter says no'); } });\n`,
  'pollutes.ts': `import { relu } from 'flopscope';\n(Object.prototype as Record<string, unknown>).kind = 'seq';\nexport default relu();\n`,
  'returns-null.js': `import { defineArchitecture, defineFamily } from 'flopscope';\nexport default defineArchitecture({ name: 'r', description: 'r', family: defineFamily({ name: 'r', doc: 'r', options: {}, build: () => null }) });\n`,
};

let project: ReturnType<typeof scratchProject>;
beforeAll(() => {
  project = scratchProject({ 'built.ts': BUILT, ...DEFINED });
});
afterAll(() => project.cleanup());

const at = (file: string, text: string, needle: string) => {
  const p = positionOf(text, needle);
  return escapeRegExp(`${project.dir}/${file}:${p.line}:${p.column}`);
};
const refused = (ref: string, message: RegExp) => expectRefusedIn(project.dir, ['report', ref, '--format', 'json'], message);

describe('modules made by hand: each field checked, named with the family or the path', () => {
  it('a seq without children, or with children that are not a list', () => {
    const family = at('built.ts', BUILT, 'defineFamily(');
    refused('built.ts#seqWithoutChildren', new RegExp(`^flopscope: layer '<root>' \\(${family}\\): build\\(\\) of family 'seqWithoutChildren' returned a malformed module: a 'seq' module needs "children": a list of \\[name, module\\] entries, received undefined$`));
    refused('built.ts#seqOfFive', /returned a malformed module: a 'seq' module needs "children": a list of \[name, module\] entries, received 5$/);
  });

  it('a malformed module inside a tree names its path and the call of the seq that holds it', () => {
    refused('built.ts#nestedBad', new RegExp(`^flopscope: layer 'body' \\(${at('built.ts', BUILT, "seq({ stem: conv(8, 3), body")}\\): a 'residual' module needs "after": a list of \\[name, module\\] entries, received undefined$`));
  });

  it('a tag whose tags are not a list of names', () => {
    refused('built.ts#tagOfNull', /^flopscope: layer 'marked' .*: a 'tag' module needs "tags": a list of tag names, received null$/);
  });

  it('a Proxy whose getter throws: the throw is user code, named where it is', () => {
    refused('built.ts#throwingProxy', new RegExp(`^flopscope: layer '<root>' \\(${at('built.ts', BUILT, "new Error('no peeking')")}\\): build\\(\\) of family 'throwingProxy' threw Error: no peeking$`));
  });

  it('a thrown Symbol is named as the Symbol it is', () => {
    refused('built.ts#throwsSymbol', /build\(\) of family 'throwsSymbol' threw Symbol\(mine\)$/);
  });
});

describe('arguments of DSL calls: named at the call, about the argument that is wrong', () => {
  it('repeat() with a negative, NaN or huge count (no empty network, no hang)', () => {
    refused('built.ts#repeatNegative', new RegExp(`^flopscope: ${at('built.ts', BUILT, 'repeat(-1')}: repeat\\(\\): the count must be an integer from 0 to 100000, received -1$`));
    refused('built.ts#repeatNaN', /repeat\(\): the count must be an integer from 0 to 100000, received NaN$/);
    refused('built.ts#repeatHuge', /repeat\(\): the count must be an integer from 0 to 100000, received 1000000000$/);
  });

  it('se() names the option that is wrong: reduction 0, an unknown gate', () => {
    refused('built.ts#seReductionZero', new RegExp(`^flopscope: ${at('built.ts', BUILT, 'se({ reduction: 0 })')}: se\\(\\): reduction must be a positive number .*received 0$`));
    refused('built.ts#seSoftmax', /se\(\): gate must be one of sigmoid, hardsigmoid, tanh, relu, received "softmax"$/);
  });

  it('the good architecture of the same file still builds', () => {
    const r = runBin(['report', 'built.ts#fine', '--format', 'json'], { cwd: project.dir });
    expect([r.status, r.stderr]).toEqual([0, '']);
  });
});

describe('families and architectures: refused where they are defined', () => {
  const call = (file: string, needle: string) => at(file, DEFINED[file], needle);

  it('a family missing or null', () => {
    refused('no-family.ts', new RegExp(`^flopscope: ${call('no-family.ts', 'defineArchitecture({ name: \'x\'')}: defineArchitecture\\(\\): architecture 'x' needs "family": a family made by defineFamily\\(\\.\\.\\.\\), received undefined$`));
    refused('null-family.ts', /defineArchitecture\(\): architecture 'x' needs "family": .*, received null$/);
  });

  it('options that are null, an option default outside its range', () => {
    refused('null-options.ts', new RegExp(`^flopscope: ${call('null-options.ts', "defineFamily({ name: 'y'")}: defineFamily\\(\\): family 'y' needs "options": an object of option specs \\(\\{\\} for none\\), received null$`));
    refused('bad-default.ts', /defineFamily\(\): family 'z': option 'width': "default" must be an integer within its min and max, received 0$/);
  });

  it('an input that is not a shape string', () => {
    refused('input-number.ts', /defineArchitecture\(\): architecture 'n': "input" must be a shape such as '1x3x224x224', received 12$/);
    refused('input-array.ts', /defineArchitecture\(\): architecture 'a': "input" must be a shape such as '1x3x224x224', received \[1, 3, 32, 32\]$/);
  });

  it('an architecture object made by hand is checked when picked', () => {
    refused('hand-made.ts', /^flopscope: export 'default' of hand-made\.ts is a malformed architecture: architecture 'h' needs "family": .*, received null$/);
  });

  it('a JavaScript file whose build() returns null: named at its defineFamily call', () => {
    refused('returns-null.js', new RegExp(`^flopscope: layer '<root>' \\(${call('returns-null.js', 'defineFamily(')}\\): build\\(\\) of family 'r' returned null; expected a DSL module`));
  });
});

describe('exports that are not what they seem', () => {
  it('a default export whose getter throws', () => {
    // The line of the throw (its column goes through the transform's source map, coarse on a one-line export).
    refused('proxy-export.ts', new RegExp(`^flopscope: export 'default' of proxy-export\\.ts threw Error: getter says no when read \\(${escapeRegExp(project.dir)}/proxy-export\\.ts:1:\\d+\\)$`));
  });

  it('#__proto__, #constructor, #toString: no such export', () => {
    for (const name of ['__proto__', 'constructor', 'toString']) refused(`built.ts#${name}`, new RegExp(`^flopscope: built\\.ts has no export '${name}'; its exports: `));
  });

  it('a file that adds a property to Object.prototype: refused and undone', () => {
    refused('pollutes.ts', /^flopscope: loading pollutes\.ts changed Object\.prototype\.kind, which every object flopscope makes inherits; flopscope undid it/);
  });
});

describe('list of a folder with broken files', () => {
  it('lists the good ones, names each broken one on stderr (one line each), exits 2', () => {
    const { dir, cleanup } = scratchProject({
      'a-good.ts': `${HEAD}export const good = arch('good', () => seq([conv(8, 3)]));\n`,
      'b-broken.ts': DEFINED['no-family.ts'],
      'c-throws.ts': `throw new Error('cannot load');\n`,
      'd-late.ts': `import { relu } from 'flopscope';\nsetTimeout(() => {\n  throw new Error('late');\n}, 0);\nexport default relu();\n`,
      'e-good.ts': `import { conv } from 'flopscope';\nexport default conv(4, 1);\n`,
    });
    try {
      const r = runBin(['list', '.'], { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0])).toEqual(['a-good.ts#good', 'e-good.ts']);
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^flopscope: .*b-broken\.ts:\d+:\d+: defineArchitecture\(\): architecture 'x' needs "family"/);
      expect(lines[1]).toMatch(/^flopscope: c-throws\.ts:1: loading the file threw Error: cannot load$/);
      expect(lines[2]).toMatch(/^flopscope: d-late\.ts:3:9: user code threw Error: late in a timer, a callback or a promise nobody awaited$/);
    } finally {
      cleanup();
    }
  });
});
