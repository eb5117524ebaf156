// The README's architecture example must build and cost what its layers say.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, buildArchitecture, isArchitecture, type Architecture } from '../src/index.js';
import { outputDir } from './helpers/output.js';

const ROOT = join(__dirname, '..');

describe('README example architecture', () => {
  it('builds, and its params and MACs follow the layer formulas', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('defineFamily'));
    expect(block).toBeDefined();
    const dir = outputDir('readme');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'readme-example.ts');
    writeFileSync(file, block!.replace("from 'flopscope'", `from '${join(ROOT, 'src', 'index.js')}'`));
    const mod = (await import(file)) as { default: Architecture };
    expect(isArchitecture(mod.default)).toBe(true);
    const r = analyze(buildArchitecture(mod.default));
    const w = 32;
    const conv3 = (cin: number) => w * cin * 9;
    const se = 2 * w * (w / 8) + w / 8 + w;
    const params = conv3(3) + 2 * w + 2 * (2 * conv3(w) + 4 * w + se) + (w * 10 + 10);
    expect(r.totals.params).toBe(params);
    // 64x64 input, stride-2 stem: 32x32 maps
    const area = 32 * 32;
    expect(r.totals.macs).toBe(area * conv3(3) + 2 * (2 * area * conv3(w) + 2 * w * (w / 8)) + w * 10);
  });
});

describe('README op table', () => {
  it('is what `flopscope ops --format markdown` prints', async () => {
    const { opsTable } = await import('../src/report/ops-view.js');
    const { renderMarkdown } = await import('../src/report/tabular.js');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const m = /<!-- flopscope ops: begin -->\n([\s\S]*?)<!-- flopscope ops: end -->/.exec(readme);
    expect(m, 'README needs the op table between the flopscope ops markers').not.toBeNull();
    expect(m![1]).toBe(renderMarkdown(opsTable()));
  });
});

describe('README library example', () => {
  it('runs, and what its comments say is what it returns', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const m = /<!-- library example: begin -->\n([\s\S]*?)<!-- library example: end -->/.exec(readme);
    expect(m, 'README needs the library example between its markers').not.toBeNull();
    // Its code blocks, as one module: the imports gathered into one line at the top.
    const blocks = [...m![1].matchAll(/```ts\n([\s\S]*?)```/g)].map((b) => b[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    const imports = new Set<string>();
    const bodies = blocks.map((b) => b.replace(/^import \{([^}]*)\} from 'flopscope';\n/m, (_, names: string) => (names.split(',').forEach((n) => imports.add(n.trim())), '')));
    const code = `import { ${[...imports].join(', ')} } from 'flopscope';\n${bodies.join('\n')}`;
    // Each `expression;   // value` line whose comment starts with a literal is checked.
    const checks = [...code.matchAll(/^(.*?);\s*\/\/ (\d+n?|true|'[^']*')/gm)].map((x) => ({ expr: x[1].replace(/^const \w+ = /, ''), expected: x[2] }));
    expect(checks.length).toBeGreaterThanOrEqual(4);
    const dir = outputDir('readme');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'readme-library.ts');
    const body = code.replace("from 'flopscope'", `from '${join(ROOT, 'src', 'index.js')}'`);
    const probes = checks.map((c, i) => `export const probe${i} = () => (${c.expr});`).join('\n');
    writeFileSync(file, `${body}\n${probes}\n`);
    const mod = (await import(file)) as Record<string, () => unknown>;
    checks.forEach((c, i) => {
      const got = mod[`probe${i}`]();
      const expected = c.expected;
      if (expected.startsWith("'")) expect(String(got).startsWith(expected.slice(1, -1).replace(/ \+ \.\.\.$/, '')), `${c.expr}: ${String(got)}`).toBe(true);
      else expect(String(got) + (typeof got === 'bigint' ? 'n' : ''), c.expr).toBe(expected);
    });
  });
});
