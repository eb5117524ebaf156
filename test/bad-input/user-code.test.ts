// Class 1, user code: a family's build() or a withChannels callback that throws or returns
// something that is not a module, trees that contain themselves or nest without end. Each is
// one line naming where (file:line:column of the throw, or of the call that made the module) and
// the module path; under `check` it is an error row and every other budget is still evaluated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionOf } from '../budget-helpers.js';
import { expectRefusedIn, runBin, scratchProject } from './helpers.js';

const NETS = `import { conv, defineArchitecture, defineFamily, relu, seq, withChannels, type Module } from 'flopscope';

const arch = (name: string, build: () => Module) =>
  defineArchitecture({ name, description: name, family: defineFamily({ name, doc: name, options: {}, build }), input: '1x3x16x16' });

function widths(): number[] {
  throw new RangeError('no widths configured');
}
export const throws = arch('throws', () => seq([conv(widths()[0], 3)]));
export const throwsString = arch('throwsString', () => {
  throw 'not an Error';
});
export const returnsNull = arch('returnsNull', () => null as unknown as Module);
export const returnsNumber = arch('returnsNumber', () => 7 as unknown as Module);
export const holeInSeq = arch('holeInSeq', () => seq({ stem: seq([conv(8, 3), undefined as unknown as Module, relu()]) }));
const loop = { kind: 'seq', children: [] as unknown[] };
loop.children = [['conv', conv(8, 3)], ['again', loop]];
export const containsItself = arch('containsItself', () => seq({ body: loop as unknown as Module }));
const selfish: Module = withChannels(() => selfish);
export const channelsItself = arch('channelsItself', () => seq({ stem: conv(8, 3), gate: selfish }));
export const channelsThrows = arch('channelsThrows', () => seq({ stem: conv(8, 3), gate: withChannels(({ channels }) => {
  throw new TypeError(\`cannot gate \${channels} channels\`);
}) }));
export const channelsGarbage = arch('channelsGarbage', () => seq({ stem: conv(8, 3), gate: withChannels(() => 'relu' as unknown as Module) }));
function forever(n: number): number {
  return forever(n + 1) + 1;
}
export const recursesForever = arch('recursesForever', () => seq([conv(forever(0), 3)]));
function nest(levels: number): Module {
  let m: Module = relu();
  for (let i = 0; i < levels; i++) m = seq([m]);
  return m;
}
export const nested20000 = arch('nested20000', () => nest(20000));
export const nested999 = arch('nested999', () => nest(999));
export const fine = arch('fine', () => seq([conv(8, 3, { padding: 1 }), relu()]));
`;

let project: ReturnType<typeof scratchProject>;
const at = (needle: string, nth = 0) => {
  const p = positionOf(NETS, needle, nth);
  return `nets.ts:${p.line}:${p.column}`;
};

beforeAll(() => {
  project = scratchProject({ 'nets.ts': NETS });
});
afterAll(() => project.cleanup());

const refused = (ref: string, message: RegExp): string => expectRefusedIn(project.dir, ['report', `nets.ts#${ref}`], message);

describe('user code that throws or returns garbage: exit 2, one line, file:line and module path', () => {
  it('a family build() that throws names the throw and the root', () => {
    const line = refused('throws', /threw RangeError: no widths configured$/);
    expect(line).toContain(`layer '<root>' (${project.dir}/${at("new RangeError")})`);
    expect(line).toContain("build() of family 'throws'");
  });

  it('a thrown value that is not an Error', () => {
    // No stack to read: the family's definition is named.
    refused('throwsString', new RegExp(`layer '<root>' \\(.*${at('defineFamily(')}\\): build\\(\\) of family 'throwsString' threw "not an Error"$`));
  });

  it('build() returning null or a number names the family definition', () => {
    const site = at('defineFamily(');
    refused('returnsNull', new RegExp(`layer '<root>' \\(.*${site}\\): build\\(\\) of family 'returnsNull' returned null; expected a DSL module`));
    refused('returnsNumber', /build\(\) of family 'returnsNumber' returned 7; expected a DSL module/);
  });

  it('an undefined child names its path and the seq that holds it', () => {
    refused('holeInSeq', new RegExp(`layer 'stem\\.1' \\(.*${at('seq([conv(8, 3), undefined')}\\): expected a DSL module .*received undefined$`));
  });

  it('a module that contains itself, directly or through withChannels', () => {
    refused('containsItself', new RegExp(`layer 'body\\.again' \\(.*${at('seq({ body: loop')}\\): the module contains itself$`));
    refused('channelsItself', new RegExp(`layer 'gate' \\(.*${at('withChannels(() => selfish)')}\\): the module contains itself$`));
  });

  it('a withChannels callback that throws or returns garbage', () => {
    refused('channelsThrows', new RegExp(`layer 'gate' \\(.*${at('new TypeError')}\\): the withChannels callback threw TypeError: cannot gate 8 channels$`));
    refused('channelsGarbage', new RegExp(`layer 'gate' \\(.*${at("withChannels(() => 'relu'")}\\): the withChannels callback returned "relu"; expected a DSL module`));
  });

  it('user code that recurses without end is a stack overflow of its own, named where it happened', () => {
    refused('recursesForever', new RegExp(`\\(.*nets\\.ts:${positionOf(NETS, 'return forever(').line}:\\d+\\): build\\(\\) of family 'recursesForever' threw RangeError: Maximum call stack size exceeded$`));
  });

  it('20,000 nested seqs: the depth limit, with a shortened path, not a stack overflow', () => {
    const line = refused('nested20000', /modules nest more than 1000 levels deep; flatten the nesting/);
    expect(line).toMatch(/layer '0\.0\.0\.0 \.\.\. 0\.0\.0\.0 \(1000 levels\)'/);
    expect(line.length).toBeLessThan(400);
  });

  it('999 levels of nesting still build', () => {
    const r = runBin(['report', 'nets.ts#nested999', '--format', 'json'], { cwd: project.dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).layers).toHaveLength(1);
  });
});

describe('check with broken models: an error row each, every other budget evaluated', () => {
  const config = JSON.stringify({
    budgets: [
      { name: 'throws', model: 'nets.ts#throws', limits: { macs: '1 G' } },
      { name: 'fine', model: 'nets.ts#fine', limits: { macs: '1 G' } },
      { name: 'nested', model: 'nets.ts#nested20000', limits: { macs: '1 G' } },
      { name: 'over', model: 'nets.ts#fine', limits: { macs: '1 K' } },
      { name: 'garbage', model: 'nets.ts#channelsGarbage', limits: { params: '1 M' } },
    ],
  });
  // fine: a 3 -> 8 conv, 3x3, padding 1, on 16x16: 8 * 3 * 9 MACs per output pixel.
  const fineMacs = 16 * 16 * 8 * 3 * 9;

  it('JSON: error rows with their one-line messages, the others pass or fail; exit 2', () => {
    const { dir, cleanup } = scratchProject({ 'nets.ts': NETS, 'flopscope.config.json': config });
    try {
      const r = runBin(['check', '--format', 'json'], { cwd: dir });
      expect(r.status).toBe(2);
      // Exit 2 says so in one line; the error rows say why.
      expect(r.stderr).toBe("flopscope: 3 of 5 budgets could not be evaluated ('throws', 'nested', 'garbage'; see the ERROR rows)\n");
      const json = JSON.parse(r.stdout);
      expect(json.exitCode).toBe(2);
      expect(json.budgets.map((b: { status: string }) => b.status)).toEqual(['error', 'pass', 'error', 'fail', 'error']);
      expect(json.budgets[0].error).toMatch(/build\(\) of family 'throws' threw RangeError: no widths configured/);
      expect(json.budgets[1].values.macs).toBe(fineMacs);
      expect(json.budgets[2].error).toMatch(/nest more than 1000 levels/);
      expect(json.budgets[3].values.macs).toBe(fineMacs);
      expect(json.budgets[4].error).toMatch(/the withChannels callback returned "relu"/);
    } finally {
      cleanup();
    }
  });

  it('table, Markdown and JUnit name every broken budget', () => {
    const { dir, cleanup } = scratchProject({ 'nets.ts': NETS, 'flopscope.config.json': config });
    try {
      const table = runBin(['check'], { cwd: dir });
      expect(table.status).toBe(2);
      expect(table.stdout).toMatch(/ERROR throws \(nets\.ts#throws\)/);
      expect(table.stdout).toMatch(/ERROR garbage/);
      expect(table.stdout).toContain('5 budgets: 1 passed, 0 warned, 1 failed, 3 not evaluated');
      const md = runBin(['check', '--format', 'markdown'], { cwd: dir });
      expect(md.status).toBe(2);
      expect(md.stdout.match(/\*\*ERROR /g)).toHaveLength(3);
      const junit = runBin(['check', '--format', 'junit'], { cwd: dir });
      expect(junit.status).toBe(2);
      expect(junit.stdout).toContain('tests="5" failures="1" errors="3"');
      expect(junit.stdout.match(/<error message="/g)).toHaveLength(3);
    } finally {
      cleanup();
    }
  });
});
