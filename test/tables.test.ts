// Everyday tables: they fit the terminal (least important columns first, with a note), --columns
// chooses, no column repeats another, symbolic tables stay readable, Markdown totals are bold,
// CSV numeric columns hold numbers only, and --depth goes with --by module only.
import { create, all } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../src/cli/capture.js';
import { analyze } from '../src/cost/analyze.js';
import { buildArchitecture, zooArchitecture } from '../src/zoo.js';
import { human, humanBytes, percent } from '../src/units.js';

const cli = (argv: string[], columns?: number) => runCaptured(argv, { env: columns ? { COLUMNS: String(columns) } : {} });
const tableLines = (out: string) => out.split('\n').filter((l) => /^[┌│└]/.test(l));
const header = (out: string) => tableLines(out)[1].split('│').slice(1, -1).map((c) => c.trim());

describe('terminal tables fit the terminal', () => {
  const cases: Array<[string[], number]> = [
    [['report', 'resnet18'], 60], [['report', 'resnet18'], 80], [['report', 'se_resnet50', '--convention', 'paper'], 100],
    [['report', 'mobilenet_v2', '--input', 'Nx3xHxW'], 90], [['report', 'se_resnet50', '--by', 'stage', '--convention', 'flops'], 70],
    [['compare', 'resnet50_v1', 'se_resnet50', '--by', 'stage'], 72], [['whatif', 'se_resnet50', '--sweep', 'reduction=4,8'], 64],
    [['describe', 'mobilenet_v3_large'], 80],
  ];
  it.each(cases)('%j in %i columns: every line fits, and the note names what was left out', async (argv, width) => {
    const full = await cli(argv);
    const narrow = await cli(argv, width);
    expect(narrow.code).toBe(0);
    for (const line of narrow.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(width);
    const note = /columns left out to fit \d+ characters: ([^(]+) \(choose with --columns/.exec(narrow.stdout.replace(/\n/g, ' '));
    const before = header(full.stdout);
    const after = header(narrow.stdout);
    if (after.length < before.length) expect(note, 'a note names the columns left out').not.toBeNull();
    // What stays is in the original order; the row names (first column) always stay.
    expect(after[0]).toBe(before[0]);
    expect(after.filter((h) => before.includes(h))).toEqual(before.filter((h) => after.includes(h)));
  });

  it('the least important columns go first: intensity, traffic, activations before params and FLOPs', async () => {
    const wide = header((await cli(['report', 'resnet18', '--convention', 'flops'], 200)).stdout);
    expect(wide).toEqual(['Layer', 'Op', 'Output', 'Params', 'MACs', 'FLOPs (flops)', 'Activations', 'Traffic', 'FLOP/B', 'FLOPs %']);
    const r = await cli(['report', 'resnet18', '--convention', 'flops'], 105);
    expect(header(r.stdout)).toEqual(['Layer', 'Op', 'Output', 'Params', 'MACs', 'FLOPs (flops)', 'FLOPs %']);
    expect(r.stdout).toMatch(/columns left out to fit 105 characters: intensity, traffic, activations \(choose with --columns/);
    const narrower = await cli(['report', 'resnet18', '--convention', 'flops'], 100);
    expect(narrower.stdout).toMatch(/columns left out to fit 100 characters: intensity, traffic, activations, output \(/);
  });

  it('the row names and the headline FLOPs stay however narrow the terminal', async () => {
    expect(header((await cli(['report', 'resnet18', '--convention', 'flops'], 30)).stdout)).toEqual(['Layer', 'FLOPs (flops)']);
    expect(header((await cli(['report', 'resnet18'], 30)).stdout)).toEqual(['Layer', 'MACs = FLOPs (macs)']);
  });

  it('a pipe or file gets the whole table', async () => {
    const r = await runCaptured(['report', 'resnet18', '--convention', 'flops']);
    expect(header(r.stdout)).toHaveLength(10);
    expect(r.stdout).not.toMatch(/left out/);
  });
});

describe('--columns', () => {
  it('chooses columns by name, in that order, after the row name; "flops" finds a merged MACs = FLOPs column', async () => {
    const r = await cli(['report', 'resnet18', '--columns', 'share,flops,params'], 40);
    expect(header(r.stdout)).toEqual(['Layer', 'FLOPs %', 'MACs = FLOPs (macs)', 'Params']);
    expect(r.stdout).not.toMatch(/left out/);
    const csv = await cli(['report', 'resnet18', '--by', 'stage', '--columns', 'params,macs', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe('Stage,Params,MACs');
  });

  it('an unknown column is one line with the names to use', async () => {
    const r = await cli(['report', 'resnet18', '--columns', 'parms']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("flopscope: --columns: unknown column 'parms'; did you mean 'params'? columns: layer, op, output, params, macs, activations, traffic, intensity, share\n");
  });
});

describe('no column repeats another', () => {
  it('one MACs = FLOPs column when the convention counts MACs; two when it counts more', async () => {
    expect(header((await cli(['report', 'resnet18'])).stdout)).toContain('MACs = FLOPs (macs)');
    // paper = MACs + SE scale multiplies: on a model without SE they coincide, with SE they differ.
    expect(header((await cli(['report', 'resnet50_v1', '--convention', 'paper'])).stdout)).toContain('MACs = FLOPs (paper)');
    const se = header((await cli(['report', 'se_resnet50', '--convention', 'paper'])).stdout);
    expect(se).toContain('MACs');
    expect(se).toContain('FLOPs (paper)');
    // compare: one row, and CSV keeps both exact columns for scripts.
    const cmp = await cli(['compare', 'resnet18', 'resnet34']);
    expect(cmp.stdout).toMatch(/│ MACs = FLOPs \(macs\) │ 1\.81 G/);
    expect(cmp.stdout).not.toMatch(/│ FLOPs \(macs\)/);
    expect((await cli(['report', 'resnet18', '--format', 'csv'])).stdout.split('\n')[0]).toBe('Layer,Op,Output,Params,MACs,FLOPs (macs),Activations,Traffic,FLOP/B,FLOPs %');
  });

  it('--by op does not repeat the op name', async () => {
    const r = await cli(['report', 'mobilenet_v2', '--by', 'op']);
    expect(header(r.stdout).slice(0, 3)).toEqual(['Op', 'Layers', 'Params']);
    expect(r.stdout).toMatch(/│ conv2d +│ +52 │/);
  });
});

describe('Markdown and CSV', () => {
  it('Markdown totals are bold, empty cells stay empty (no stray ****)', async () => {
    const md = (await cli(['report', 'resnet18', '--format', 'markdown'])).stdout;
    const total = md.split('\n').find((l) => l.startsWith('| **total**'))!;
    // The figures are the JSON totals of the same report, in the units the tables use.
    const t = JSON.parse((await cli(['report', 'resnet18', '--format', 'json'])).stdout).totals;
    expect(t.flops).toBe(t.macs); // one column, MACs = FLOPs (macs)
    const figures = [human(t.params), human(t.macs), humanBytes(t.activationBytes), humanBytes(t.trafficBytes), t.arithmeticIntensity.toFixed(2), percent(1)];
    expect(total).toBe(`| **total** |  |  | ${figures.map((f) => `**${f}**`).join(' | ')} |`);
    expect(md).not.toMatch(/\*\*\*\*/);
  });

  it('CSV numeric columns hold numbers only; the share column is in percent and says so', async () => {
    const csv = (await cli(['report', 'se_resnet50', '--convention', 'paper', '--format', 'csv'])).stdout.trim().split('\n');
    const head = csv[0].split(',');
    expect(head.at(-1)).toBe('FLOPs %');
    const rows = csv.slice(1).map((l) => l.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
    for (const row of rows) {
      for (const col of ['Params', 'MACs', 'FLOPs (paper)', 'Activations', 'Traffic', 'FLOP/B', 'FLOPs %']) {
        const v = row[head.indexOf(col)];
        expect(v === '' || /^-?\d+(\.\d+)?$/.test(v), `${col}: '${v}'`).toBe(true);
      }
    }
    const body = rows.slice(0, -1);
    const shares = body.reduce((s, r) => s + Number(r[head.indexOf('FLOPs %')]), 0);
    expect(shares).toBeCloseTo(100, 1);
    // A layer whose FLOP/B the table shows as '-' (a view moves no bytes) is empty here.
    expect(body.find((r) => r[1] === 'flatten')![head.indexOf('FLOP/B')]).toBe('');
  });
});

describe('--depth goes with --by module', () => {
  it('is refused with --by stage, op or layer, in one line', async () => {
    for (const by of ['stage', 'op', 'layer']) {
      const r = await cli(['report', 'resnet18', '--by', by, '--depth', '2']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`flopscope: --depth applies to --by module (modules K levels deep), received --by ${by} --depth 2; drop --depth, or use --by module --depth 2\n`);
    }
    expect((await cli(['compare', 'resnet18', 'resnet34', '--by', 'stage', '--depth', '2'])).code).toBe(2);
  });

  it('works with --by module, and alone', async () => {
    const a = await cli(['report', 'resnet18', '--by', 'module', '--depth', '2', '--format', 'csv']);
    const b = await cli(['report', 'resnet18', '--depth', '2', '--format', 'csv']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^layer1\.0,/m);
  });
});

describe('symbolic tables are readable', () => {
  it('shared floors get short names; each cell, with the legend, equals the numeric analysis at any size', async () => {
    const r = await cli(['report', 'resnet18', '--input', '1x3xHxW']);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^where h2 = floor\(\(H \+ 1\) \/ 2\), h4 = floor\(\(H \+ 3\) \/ 4\)/m);
    expect(out).toMatch(/│ conv1 +│ conv2d +│ 1x64xh2xw2 +│ +9\.41 K │ +9408 \* h2 \* w2 │/);
    // No cell spells out a floor: the names stand for them.
    for (const line of tableLines(out)) expect(line).not.toMatch(/floor/);
    const legend = new Map<string, string>();
    for (const m of out.matchAll(/([hw]\d+) = (floor\([^)]*\) \/ \d+\))/g)) legend.set(m[1], m[2]);
    const math = create(all);
    const [H, W] = [193, 257];
    const scope: Record<string, number> = { H, W };
    for (const [name, expr] of legend) scope[name] = math.evaluate(expr, { H, W }) as number;
    const numeric = analyze(buildArchitecture(zooArchitecture('resnet18'), { input: `1x3x${H}x${W}` }));
    const rows = tableLines(out).slice(2, -1).map((l) => l.split('│').slice(1, -1).map((c) => c.trim()));
    const macsCol = header(out).indexOf('MACs = FLOPs (macs)');
    let symbolic = 0;
    for (const row of rows) {
      const layer = numeric.layers.find((l) => l.name === row[0])!;
      // A count that does not depend on the size prints in units, as in any table.
      if (/[hw]\d/.test(row[macsCol])) symbolic++, expect(math.evaluate(row[macsCol], scope), row[0]).toBe(Number(layer.macs));
      else expect(row[macsCol], row[0]).toBe(human(layer.macs));
    }
    expect(symbolic).toBe(20); // the 20 convolutions
  });

  it('CSV and JSON keep the whole formulas', async () => {
    const csv = (await cli(['report', 'resnet18', '--input', '1x3xHxW', '--format', 'csv'])).stdout;
    expect(csv).toMatch(/^conv1,conv2d,"?1x64x\(floor\(\(H \+ 1\) \/ 2\)\)/m);
    const json = JSON.parse((await cli(['report', 'resnet18', '--input', '1x3xHxW', '--format', 'json'])).stdout) as { layers: Array<{ macs: string }> };
    expect(json.layers[0].macs).toBe('9408 * floor((H + 1) / 2) * floor((W + 1) / 2)');
  });
});

describe('symbolic compare tables are readable too', () => {
  it('named floors in every cell, and each symbolic delta is the numeric delta at any size', async () => {
    const r = await cli(['compare', 'resnet18', 'resnet34', '--input', '1x3xHxW', '--by', 'stage'], 160);
    expect(r.code).toBe(0);
    for (const line of tableLines(r.stdout)) expect(line).not.toMatch(/floor|…/);
    const legend = new Map<string, string>();
    for (const m of r.stdout.matchAll(/([hw]\d+) = (floor\([^)]*\) \/ \d+\))/g)) legend.set(m[1], m[2]);
    const math = create(all);
    const [H, W] = [200, 150];
    const scope: Record<string, number> = { H, W };
    for (const [name, expr] of legend) scope[name] = math.evaluate(expr, { H, W }) as number;
    const numeric = JSON.parse((await cli(['compare', 'resnet18', 'resnet34', '--input', `1x3x${H}x${W}`, '--by', 'stage', '--format', 'json'])).stdout) as { groups: Array<{ rows: Array<{ name: string; flops: number }> }> };
    const groupTable = r.stdout.slice(r.stdout.indexOf('by stage'));
    const rows = tableLines(groupTable).slice(2, -1).map((l) => l.split('│').slice(1, -1).map((c) => c.trim()));
    let checked = 0;
    for (const row of rows) {
      const d = row.at(-1)!;
      const expected = numeric.groups[1].rows.find((x) => x.name === row[0])!.flops - numeric.groups[0].rows.find((x) => x.name === row[0])!.flops;
      if (/[hw]\d/.test(d)) checked++, expect(math.evaluate(d.replace(/^\+/, ''), scope), row[0]).toBe(expected);
    }
    expect(checked).toBe(4); // layer1..layer4 differ
  });
});

describe('cell widths', () => {
  it("measure printable ASCII by its length and anything else as string-width does: wide, combining, emoji, colour codes", async () => {
    const { renderTerminal } = await import('../src/report/tabular.js');
    const cells = ['conv1', 'layer1.0.se.fc1', '25.56 M', '世界', 'e\u0301', '👍', '\u001b[31mred\u001b[0m', ''];
    const out = renderTerminal({ title: [], columns: [{ header: 'cell', kind: 'text' }, { header: 'n', kind: 'count' }], rows: cells.map((c) => [c, 1]) });
    const lines = out.split('\n').filter((l) => l.startsWith('│'));
    // Widths written here: CJK takes two columns, a combining accent none, an emoji two, colour codes none.
    const columns = [5, 15, 7, 4, 1, 2, 3, 0];
    const width = Math.max(4, ...columns) + 2;
    const rows = lines.slice(1);
    expect(rows).toHaveLength(cells.length);
    rows.forEach((line, i) => {
      const first = line.split('│')[1];
      expect(first.length - cells[i].length + columns[i], `row ${i}: ${JSON.stringify(first)}`).toBe(width);
    });
  });
});
