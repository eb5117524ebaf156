// Class 2, size: a net 20,000 layers long works in every format, the terminal table in time
// linear in its rows, and an export whose weights cannot be written is refused before any
// allocation (as validate's run is), naming the weights.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTerminal, type Tabular } from '../../src/report/tabular.js';
import { expectRefused, filesUnder, runBin, scratchProject } from './helpers.js';

const FLAT = `import { conv, defineArchitecture, defineFamily, relu, seq, type Module } from 'flopscope';
const family = defineFamily({
  name: 'flat', doc: 'conv-relu pairs in one seq',
  options: { layers: { type: 'int', default: 20000, min: 2, doc: 'layers' } },
  build: ({ layers }) => {
    const body: Module[] = [];
    for (let i = 0; i < layers / 2; i++) body.push(conv(8, 3, { padding: 1 }), relu());
    return seq(body);
  },
});
export default defineArchitecture({ name: 'flat', description: 'flat', family, input: '1x8x8x8' });
`;

let project: ReturnType<typeof scratchProject>;
beforeAll(() => {
  project = scratchProject({ 'flat.ts': FLAT });
});
afterAll(() => project.cleanup());

describe('a 20,000-layer net', () => {
  // Per conv: 8x8 outputs x 8 channels x (8 x 3 x 3) MACs; relus have none.
  const macs = 10_000 * 8 * 8 * 8 * 8 * 9;

  it('JSON, CSV and Markdown: every layer and the exact total', () => {
    const json = runBin(['report', 'flat.ts', '--format', 'json'], { cwd: project.dir });
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.layers).toHaveLength(20_000);
    expect(report.totals.macs).toBe(macs);
    const csv = runBin(['report', 'flat.ts', '--format', 'csv'], { cwd: project.dir });
    expect(csv.status).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines).toHaveLength(1 + 20_000 + 1);
    expect(lines.at(-1)!.split(',')[4]).toBe(String(macs));
    const md = runBin(['report', 'flat.ts', '--format', 'markdown'], { cwd: project.dir });
    expect(md.status).toBe(0);
    expect(md.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---')).length).toBe(1 + 20_000 + 1);
  });

  it('the terminal table: every layer, one box around them all', () => {
    const r = runBin(['report', 'flat.ts'], { cwd: project.dir });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => /^│ \d+ /.test(l))).toHaveLength(20_000);
    expect(lines.filter((l) => l.startsWith('┌'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('└'))).toHaveLength(1);
    expect(new Set(lines.filter((l) => l.startsWith('│')).map((l) => l.length)).size).toBe(1);
  });
});

describe('the terminal table renderer', () => {
  const table = (n: number): Tabular => ({
    title: ['t'],
    columns: [{ header: 'Layer', kind: 'text' }, { header: 'MACs', kind: 'count' }],
    rows: Array.from({ length: n }, (_, i) => [`layer${i}`, i * 1000]),
  });
  const time = (n: number): number => {
    const t = performance.now();
    renderTerminal(table(n));
    return performance.now() - t;
  };

  it('takes time linear in the rows (5x the rows: far less than the 25x of a quadratic layout)', () => {
    time(500); // warm-up
    const small = Math.min(time(1000), time(1000));
    const large = Math.min(time(5000), time(5000));
    expect(large / small).toBeLessThan(12);
  });
});

describe('export of weights that cannot be written', () => {
  it('weights past the 2 GB an ONNX file holds: one line naming the largest weight, no file', () => {
    const before = filesUnder(project.dir);
    const line = expectRefused(runBin(['export', 'resnet18', '--set', 'num_classes=2000000000', '-o', 'big.onnx'], { cwd: project.dir }), /the weights of resnet18 are too large to export/, { path: project.dir, before });
    expect(line).toContain('fc.weight, is 2000000000x512');
    expect(existsSync(join(project.dir, 'big.onnx'))).toBe(false);
  });

  it('weights above the memory limit: refused with the estimate', () => {
    const before = filesUnder(project.dir);
    // resnet18: 11,689,512 parameters and 9,600 BN running statistics, 4 bytes each, twice that while encoding.
    const elements = 11_689_512 + 9_600;
    const mb = (bytes: number) => (bytes / 1e6).toFixed(2).replace('.', '\\.');
    expectRefused(runBin(['export', 'resnet18', '-o', 'r18.onnx'], { cwd: project.dir, env: { FLOPSCOPE_MAX_MEMORY: '50M' } }), new RegExp(`too large to export \\(11\\.70 M weights and buffers, ${mb(4 * elements)} MB as float32.*needs about ${mb(8 * elements)} MB of memory, above the limit of 50\\.00 MB`), { path: project.dir, before });
  });
});
