// User code that reaches for the process: process.exit() while a file is loaded or built, an
// 'exit' handler that rewrites the exit code, a timer that would keep the run alive, writes to
// stdout, errors thrown from a timer or a promise nobody awaited. None of it may change what a
// run prints or how it ends (src/cli/guard.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionOf } from '../budget-helpers.js';
import { BIN, escapeRegExp, expectRefused, expectRefusedIn, filesUnder, runBin, scratchProject } from './helpers.js';

const NETS = `import { conv, defineArchitecture, defineFamily, relu, seq, type Module } from 'flopscope';

const arch = (name: string, build: () => Module) =>
  defineArchitecture({ name, description: name, family: defineFamily({ name, doc: name, options: {}, build }), input: '1x3x16x16' });

export const exits = arch('exits', () => {
  process.exit(0);
});
export const exitsCaught = arch('exitsCaught', () => {
  try {
    process.exit(1);
  } catch {
    // carry on as if nothing happened
  }
  return seq([conv(8, 3), relu()]);
});
export const chatty = arch('chatty', () => {
  process.stdout.write('garbage');
  console.log('more garbage');
  return seq([conv(8, 3), relu()]);
});
export const fine = arch('fine', () => seq([conv(8, 3), relu()]));
`;

const file = (body: string) => `import { conv, relu, seq } from 'flopscope';\n${body}\nexport default seq([conv(8, 3), relu()]);\n`;
const FILES = {
  'nets.ts': NETS,
  'exit-at-load.ts': file('process.exit(0);'),
  'exit-handler.ts': file("process.on('exit', () => {\n  process.exitCode = 0;\n});"),
  'interval.ts': file('setInterval(() => {}, 1000);'),
  'timeout-throws.ts': file("setTimeout(() => {\n  throw new Error('late');\n}, 0);"),
  'rejects.ts': file("Promise.reject(new Error('nobody awaits me'));"),
  'rejects-value.ts': file('Promise.reject(5);'),
  'exit-in-timer.ts': file('setTimeout(() => process.exit(0), 0);'),
};

let project: ReturnType<typeof scratchProject>;
beforeAll(() => {
  project = scratchProject(FILES);
});
afterAll(() => project.cleanup());

const at = (name: keyof typeof FILES, needle: string) => {
  const p = positionOf(FILES[name], needle);
  return `${name}:${p.line}:${p.column}`;
};

describe('process.exit() is refused: one line naming the call, exit 2', () => {
  const line = (where: string, code: number) => new RegExp(`^flopscope: .*${escapeRegExp(where)}.*process\\.exit\\(${code}\\) called while flopscope runs the architecture file; an architecture file cannot end the run`);

  it('in build(), under every command that builds a model', () => {
    const where = at('nets.ts', 'exit(0)');
    const before = filesUnder(project.dir);
    for (const args of [
      ['report', 'nets.ts#exits', '--format', 'json'],
      ['compare', 'nets.ts#fine', 'nets.ts#exits'],
      ['whatif', 'nets.ts#exits', '--sweep', 'input=16,32'],
      ['formula', 'nets.ts#exits'],
      ['validate', 'nets.ts#exits', '--backend', 'reference'],
      ['profile', 'nets.ts#exits', '--backend', 'reference'],
      ['export', 'nets.ts#exits', '-o', 'exits.onnx'],
    ]) {
      expectRefused(runBin(args, { cwd: project.dir }), line(where, 0), { path: project.dir, before });
    }
  });

  it('at the top level of a file', () => {
    expectRefused(runBin(['report', 'exit-at-load.ts'], { cwd: project.dir }), line(at('exit-at-load.ts', 'exit(0)'), 0));
  });

  it('caught by the code that called it: the run still ends with the refusal, and prints nothing else', () => {
    expectRefused(runBin(['report', 'nets.ts#exitsCaught', '--format', 'json'], { cwd: project.dir }), line(at('nets.ts', 'exit(1)'), 1));
  });

  it('in a timer the file set: one line, exit 2', () => {
    expectRefused(runBin(['report', 'exit-in-timer.ts'], { cwd: project.dir }), line(at('exit-in-timer.ts', 'exit(0)'), 0));
  });

  it('under check: an error row, and an exceeded budget beside it still counts (exit 2, not 0)', () => {
    const { dir, cleanup } = scratchProject({
      'nets.ts': NETS,
      'flopscope.config.json': JSON.stringify({ budgets: [
        { name: 'exits', model: 'nets.ts#exits', limits: { macs: '1 G' } },
        { name: 'over', model: 'nets.ts#fine', limits: { macs: '1 K' } },
      ] }),
    });
    try {
      const r = runBin(['check', '--format', 'json'], { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("flopscope: 1 of 2 budgets could not be evaluated ('exits'; see the ERROR row)\n");
      const json = JSON.parse(r.stdout);
      expect(json.budgets.map((b: { status: string }) => b.status)).toEqual(['error', 'fail']);
      expect(json.budgets[0].error).toMatch(new RegExp(line(at('nets.ts', 'exit(0)'), 0).source.replace('^flopscope: ', '^')));
    } finally {
      cleanup();
    }
  });
});

describe('the run ends as flopscope decides', () => {
  it("an 'exit' handler preloaded before flopscope starts (node --import) still runs; the exit code is flopscope's", () => {
    const { dir, cleanup } = scratchProject({ 'hook.mjs': "process.on('exit', (code) => process.stderr.write(`hook saw ${code}\\n`));\n" });
    try {
      const r = spawnSync(process.execPath, ['--import', join(dir, 'hook.mjs'), BIN, 'report', 'resnet18', '--set', 'depth=19'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/option 'depth' .*\nhook saw 2\n$/);
    } finally {
      cleanup();
    }
  });

  it("an 'exit' handler that sets process.exitCode = 0 changes nothing: a bad input still exits 2", () => {
    expectRefused(runBin(['report', 'exit-handler.ts', '--input', '1x3x2x2'], { cwd: project.dir }), /^flopscope: layer '0' .*too small/);
    expect(runBin(['report', 'exit-handler.ts', '--format', 'json'], { cwd: project.dir }).status).toBe(0);
  });

  it('a timer the file leaves running does not keep the run alive', () => {
    const r = runBin(['report', 'interval.ts', '--input', '1x3x16x16', '--format', 'json'], { cwd: project.dir, timeoutMs: 30_000 });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout).layers).toHaveLength(2);
  });

  it('what build() writes to stdout goes to stderr: --format json stays JSON', () => {
    const r = runBin(['report', 'nets.ts#chatty', '--format', 'json'], { cwd: project.dir });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).model).toBe('chatty');
    expect(r.stderr).toBe('garbagemore garbage\n');
  });
});

describe('errors thrown after the file has loaded: one line naming where, exit 2, nothing printed or written', () => {
  const refused = (ref: string, message: RegExp) => {
    expectRefusedIn(project.dir, ['report', ref, '--format', 'json', '-o', 'out.json'], message);
    expect(existsSync(join(project.dir, 'out.json'))).toBe(false);
  };

  it('a throw in a timer', () => {
    refused('timeout-throws.ts', new RegExp(`^flopscope: ${escapeRegExp(at('timeout-throws.ts', "new Error('late')"))}: user code threw Error: late in a timer, a callback or a promise nobody awaited$`));
  });

  it('a promise rejected with an Error nobody handles', () => {
    refused('rejects.ts', new RegExp(`^flopscope: ${escapeRegExp(at('rejects.ts', 'new Error('))}: user code threw Error: nobody awaits me in a timer`));
  });

  it('a promise rejected with a value that is not an Error: the file is named', () => {
    refused('rejects-value.ts', /^flopscope: rejects-value\.ts: user code threw 5 in a timer, a callback or a promise nobody awaited$/);
  });

  it('under check: the file that threw is an error row, every other budget is still evaluated', () => {
    const { dir, cleanup } = scratchProject({
      ...FILES,
      'flopscope.config.json': JSON.stringify({ budgets: [
        { name: 'late', model: 'timeout-throws.ts', limits: { macs: '1 G' } },
        { name: 'fine', model: 'nets.ts#fine', limits: { macs: '1 G' } },
      ] }),
    });
    try {
      const r = runBin(['check', '--format', 'json'], { cwd: dir });
      expect([r.status, r.stderr]).toEqual([2, "flopscope: 1 of 2 budgets could not be evaluated ('late'; see the ERROR row)\n"]);
      const json = JSON.parse(r.stdout);
      expect(json.budgets.map((b: { status: string }) => b.status)).toEqual(['error', 'pass']);
      expect(json.budgets[0].error).toMatch(/^timeout-throws\.ts:3:\d+: user code threw Error: late in a timer/);
    } finally {
      cleanup();
    }
  });
});
