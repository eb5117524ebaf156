// --format html and svg from the CLI, without a browser: where the output goes, what is refused,
// and what the SVG charts hold (checked against the JSON views and formulas in the test).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../src/cli/capture.js';
import { bufferIO } from '../src/cli/io.js';
import { run } from '../src/cli/main.js';
import { outputDir } from './helpers/output.js';

const OUT = outputDir('pictures-cli');
const cli = (...argv: string[]) => runCaptured(argv);

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
});

/** The marks vega drew in the group named `name` (a layer or a concat panel). */
function marksIn(svg: string, name: string): number {
  const open = svg.indexOf(`role-mark ${name}"`);
  expect(open, `no mark group ${name}`).toBeGreaterThan(0);
  const start = svg.indexOf('>', open) + 1;
  const end = svg.indexOf('</g>', start);
  return (svg.slice(start, end).match(/<(path|text) /g) ?? []).length;
}

function axisLabels(svg: string): string[] {
  return [...svg.matchAll(/role-axis-label[\s\S]*?<\/g>/g)].flatMap((m) => [...m[0].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]));
}

describe('where pictures go', () => {
  it('refuses html or svg to a terminal without -o, in one line with a hint (exit 2)', async () => {
    for (const format of ['html', 'svg']) {
      const io = bufferIO();
      const tty = { ...io, stdout: { write: (t: string) => io.out.push(t), isTTY: true } };
      const code = await run(['report', 'resnet18', '--format', format], tty);
      expect(code).toBe(2);
      expect(io.out.join('')).toBe('');
      expect(io.err.join('')).toBe(`flopscope: --format ${format} writes a file, not a terminal: add -o FILE.${format} (or redirect stdout)\n`);
    }
  });

  it('writes -o atomically: the file appears whole, no temporary file stays, a missing folder is one line', async () => {
    const file = join(OUT, 'r18.html');
    const r = await cli('report', 'resnet18', '--format', 'html', '-o', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^flopscope: wrote .*r18\.html \(\d+\.\d\d [KM]B\)\n$/);
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(readdirSync(OUT).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const missing = await cli('report', 'resnet18', '--format', 'svg', '-o', join(OUT, 'no', 'such', 'x.svg'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^flopscope: cannot write .*x\.svg: no such folder\n$/);
  });

  it('-o works for the table formats too, and plain output still goes to stdout', async () => {
    const file = join(OUT, 'r18.json');
    expect((await cli('report', 'resnet18', '--format', 'json', '-o', file)).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).schema).toBe('flopscope.report/1');
    const piped = await cli('report', 'resnet18', '--format', 'svg');
    expect(piped.stdout.startsWith('<svg')).toBe(true);
  });

  it('refuses --chart without --format svg, and an unknown chart names the choices', async () => {
    const html = await cli('report', 'resnet18', '--format', 'html', '--chart', 'memory', '-o', join(OUT, 'x.html'));
    expect(html.code).toBe(2);
    expect(html.stderr).toBe('flopscope: --chart picks the chart of --format svg, received --format html; the html page has every chart\n');
    const unknown = await cli('report', 'resnet18', '--format', 'svg', '--chart', 'pie');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('stages, ops, top-layers, memory');
    expect(existsSync(join(OUT, 'x.html'))).toBe(false);
  });

  it('refuses a symbolic input: charts need numbers', async () => {
    const r = await cli('report', 'resnet18', '--input', 'Nx3xHxW', '--format', 'svg');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flopscope: charts need concrete sizes, received .*; pass a concrete --input such as 1x3x224x224\n$/);
  });
});

describe('report --format svg', () => {
  let layers: Array<{ name: string; op: string; stage: string; tags?: string[]; flops: number }>;
  let totals: Record<string, number>;
  beforeAll(async () => {
    const json = JSON.parse((await cli('report', 'se_resnet50', '--convention', 'paper', '--format', 'json')).stdout);
    layers = json.layers;
    totals = json.totals;
  });
  const svg = async (chart: string) => {
    const r = await cli('report', 'se_resnet50', '--convention', 'paper', '--format', 'svg', '--chart', chart);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };

  it('stages: one bar per stage and SE part in each panel, the convention on the FLOPs axis, units as in tables', async () => {
    const s = await svg('stages');
    const parts = new Set(layers.map((l) => `${l.stage}|${(l.tags ?? []).includes('se')}`)).size;
    expect(marksIn(s, 'concat_0_marks')).toBe(parts);
    expect(marksIn(s, 'concat_1_marks')).toBe(parts);
    expect(s.includes("FLOPs (convention 'paper')")).toBe(true);
    const numeric = axisLabels(s).filter((t) => /\d/.test(t) && !/layer|stem|head/.test(t));
    expect(numeric.length).toBeGreaterThan(4);
    for (const label of numeric) expect(label).toMatch(/^(0|\d+(\.\d+)? [KMGT])$/);
  });

  it('top-layers: the 20 layers with the most FLOPs, in order', async () => {
    const s = await svg('top-layers');
    expect(marksIn(s, 'marks')).toBe(20);
    const top = layers.map((l, i) => ({ l, i })).sort((a, b) => b.l.flops - a.l.flops || a.i - b.i).slice(0, 20).map(({ l }) => l.name);
    const labels = axisLabels(s).filter((t) => top.includes(t));
    expect(labels).toEqual(top);
  });

  it('the README\'s chart, docs/se_resnet50-stages.svg, is what the tool draws today', async () => {
    const committed = readFileSync(resolve(__dirname, '..', 'docs', 'se_resnet50-stages.svg'), 'utf8');
    // If this fails after a change to the charts or the counts, remake it with:
    // flopscope report se_resnet50 --convention paper --format svg --chart stages -o docs/se_resnet50-stages.svg
    expect(committed === (await svg('stages')), 'docs/se_resnet50-stages.svg is stale').toBe(true);
  });

  it('memory: the marked peak is Totals.peakActivationBytes, exactly', async () => {
    const s = await svg('memory');
    expect(s.includes(`peak ${(totals.peakActivationBytes / 1e6).toFixed(2)} MB (${totals.peakActivationBytes.toLocaleString('en-US')} B)`)).toBe(true);
  });
});

describe('compare, whatif, profile and check as SVG', () => {
  it('compare totals: SE-ResNet-50 against ResNet-50, +9.9% parameters', async () => {
    const r = await cli('compare', 'resnet50_v1', 'se_resnet50', '--convention', 'paper', '--format', 'svg', '--chart', 'totals');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.includes('+2.53 M (+9.9%)')).toBe(true);
    expect(marksIn(r.stdout, 'change_marks')).toBe(7);
    expect(marksIn(r.stdout, 'labels_marks')).toBe(7);
  });

  it('compare groups: a bar per stage and model, a delta bar per stage for the second model', async () => {
    const r = await cli('compare', 'resnet50_v1', 'se_resnet50', '--format', 'svg');
    expect(r.code, r.stderr).toBe(0);
    expect(marksIn(r.stdout, 'flops_values_marks')).toBe(6 * 2);
    expect(marksIn(r.stdout, 'flops_change_marks')).toBe(6);
    expect(marksIn(r.stdout, 'params_labels_marks')).toBe(6);
  });

  it('whatif scatter: a point per configuration, the baseline, the front', async () => {
    const r = await cli('whatif', 'se_resnet50', '--sweep', 'reduction=4,8,16', '--sweep', 'se_stages=1,2,3,4/3,4', '--format', 'svg');
    expect(r.code, r.stderr).toBe(0);
    expect(marksIn(r.stdout, 'configurations_marks')).toBe(6);
    expect(marksIn(r.stdout, 'baseline_layer_0_marks')).toBe(1);
    expect(r.stdout.includes("FLOPs (convention 'macs')")).toBe(true);
  });

  it('check --charts-dir writes an SVG per budget and links it from the Markdown', async () => {
    const project = resolve(__dirname, 'fixtures', 'budget', 'failing');
    const dir = join(OUT, 'budget-charts');
    const r = await runCaptured(['check', '--format', 'markdown', '--charts-dir', dir], { cwd: project });
    expect(r.code).toBe(1);
    for (const name of ['tiny-mobile', 'resnet50-server']) {
      expect(r.stdout).toContain(`![${name}](${join(dir, `${name}.svg`)})`);
      const svg = readFileSync(join(dir, `${name}.svg`), 'utf8');
      expect(svg.includes(`FAIL ${name}`)).toBe(true);
    }
    const plain = await runCaptured(['check', '--charts-dir', dir], { cwd: project });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe('flopscope: --charts-dir links its charts from --format markdown, received --format table\n');
  });
});

describe('limits', () => {
  it('refuses a whatif scatter of more than 10,000 configurations, before drawing', async () => {
    // 101 widths x 100 depths of a tiny network: 10,100 configurations.
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i).join(',');
    const tiny = resolve(__dirname, 'fixtures', 'budget', 'models', 'tiny.ts') + '#tiny';
    const r = await cli('whatif', tiny, '--sweep', `width=${range(1, 101)}`, '--sweep', `blocks=${range(1, 100)}`, '--format', 'svg');
    expect(r.stderr).toMatch(/whatif draws at most 10,000 configurations, received 10,100; narrow the sweep, or use --format csv\n$/);
    expect(r.code).toBe(2);
  });
});

describe('every chart draws cleanly on other families', () => {
  // A chart the library warns about (a conflicting scale, an empty extent) fails the command.
  for (const model of ['mobilenet_v3_small', 'shufflenet_v2_x1_0', 'efficientnet_b0', 'inception_resnet_v2', 'vgg16']) {
    it(`report ${model}: stages, ops, top-layers, memory`, async () => {
      for (const chart of ['stages', 'ops', 'top-layers', 'memory']) {
        const r = await cli('report', model, '--convention', 'flops', '--format', 'svg', '--chart', chart);
        expect(r.code, `${chart}: ${r.stderr}`).toBe(0);
        expect(r.stdout.startsWith('<svg')).toBe(true);
      }
    });
  }

  it('compare of three families by op kind, both charts', async () => {
    for (const chart of ['groups', 'totals']) {
      const r = await cli('compare', 'mobilenet_v2', 'shufflenet_v2_x1_0', 'efficientnet_b0', '--by', 'op', '--format', 'svg', '--chart', chart);
      expect(r.code, r.stderr).toBe(0);
    }
  });
});

describe('profile --format svg --chart roofline --device', () => {
  it('takes the ceilings from the device profile and says so (no probes run)', async () => {
    const { writeDevice } = await import('./helpers/device.js');
    const dir = join(OUT, 'device-profile');
    mkdirSync(dir, { recursive: true });
    writeDevice(dir);
    const r = await runCaptured(['profile', 'resnet18', '--input', '1x3x32x32', '--runs', '1', '--format', 'svg', '--chart', 'roofline', '--device', 'device.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    // 100 GFLOP/s and 20 GB/s, as the hand-made profile says.
    expect(r.stdout.includes('compute ceiling 100.0 GFLOP/s')).toBe(true);
    expect(r.stdout.includes('memory ceiling 20.0 GB/s')).toBe(true);
    expect(r.stdout.includes('from the device profile device.json (hand-made test device)')).toBe(true);
  });
});

describe('pictures with --device: predicted time', () => {
  let device: string;
  beforeAll(async () => {
    const { writeDevice } = await import('./helpers/device.js');
    device = writeDevice(OUT);
  });
  // Seconds as the tables write them, worked out here: 12.34 ms, 56.7 µs.
  const ms = (s: number) => (s >= 1e-3 ? `${(s * 1e3).toFixed(2)} ms` : `${(s * 1e6).toFixed(1)} µs`);
  const json = async (...argv: string[]) => {
    const r = await cli(...argv, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };

  it('report --chart time: time and FLOPs bars per stage and per op kind (SE parts apart), the total and SE shares as the JSON says', async () => {
    const doc = await json('report', 'se_resnet50', '--device', device);
    const r = await cli('report', 'se_resnet50', '--device', device, '--format', 'svg', '--chart', 'time');
    expect(r.code, r.stderr).toBe(0);
    const layers: Array<{ op: string; stage: string; tags?: string[] }> = doc.layers;
    const pairs = (key: (l: (typeof layers)[number]) => string) => new Set(layers.map((l) => `${key(l)}|${(l.tags ?? []).includes('se')}`)).size;
    for (const metric of ['seconds', 'flops']) {
      expect(marksIn(r.stdout, `stage_${metric}_marks`), metric).toBe(pairs((l) => l.stage));
      expect(marksIn(r.stdout, `op_${metric}_marks`), metric).toBe(pairs((l) => l.op));
    }
    expect(doc.totals.predictedSeconds).toBeGreaterThan(0);
    expect(r.stdout).toContain(`predicted time ${ms(doc.totals.predictedSeconds)} on device 'hand-made test device'`);
    expect(r.stdout).toContain(`SE blocks (orange): ${(doc.se.timeShare * 100).toFixed(2)}% of predicted time, ${(doc.se.flopsShare * 100).toFixed(2)}% of FLOPs`);
    expect(r.stdout).toContain('Predicted time (ms)');
  });

  it('report --chart time without --device is refused before any work, in one line', async () => {
    const r = await cli('report', 'resnet18', '--format', 'svg', '--chart', 'time');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('flopscope: --chart time draws predicted time and needs --device FILE (a flopscope.device/1 profile, from flopscope calibrate), received no --device\n');
  });

  it('report --format html: the predicted total, SE shares, time chart and time columns with --device; none without', async () => {
    const doc = await json('report', 'se_resnet50', '--device', device);
    const file = join(OUT, 'timed.html');
    expect((await cli('report', 'se_resnet50', '--device', device, '--format', 'html', '-o', file)).code).toBe(0);
    const html = readFileSync(file, 'utf8');
    const has = (text: string) => expect(html.includes(text), text).toBe(true);
    has(`<dt>Predicted time</dt><dd title="${ms(doc.totals.predictedSeconds)} (${doc.totals.predictedSeconds} s) on device &#39;hand-made test device&#39;">${ms(doc.totals.predictedSeconds)}</dd>`);
    has(`<dt>SE share of time</dt><dd title="${ms(doc.se.predictedSeconds)} (${doc.se.predictedSeconds} s) of ${ms(doc.totals.predictedSeconds)}">${(doc.se.timeShare * 100).toFixed(2)}%</dd>`);
    has(`<dt>SE share of FLOPs</dt><dd title="${doc.se.flopsShare * 100}% of FLOPs (convention &#39;macs&#39;)">${(doc.se.flopsShare * 100).toFixed(2)}%</dd>`);
    has('id="chart-time"');
    has('<th class="num">Pred. time (ms)</th>');
    // The table output's lines about the device and the total are in the header.
    const table = (await cli('report', 'se_resnet50', '--device', device)).stdout.split('\n');
    const lines = table.filter((l) => l.startsWith("device '") || l.startsWith('predicted time ') || (l.startsWith('SE blocks: ') && l.endsWith('of predicted time')));
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(html.includes(`<p class="fact">${line.replace(/'/g, '&#39;')}</p>`), line).toBe(true);
    const plainFile = join(OUT, 'untimed.html');
    expect((await cli('report', 'se_resnet50', '--format', 'html', '-o', plainFile)).code).toBe(0);
    const plain = readFileSync(plainFile, 'utf8');
    for (const text of ['Predicted time', 'chart-time', 'Pred. time', 'SE share of time']) expect(plain.includes(text), text).toBe(false);
  });

  it('whatif --format svg: predicted time against FLOPs, a point per configuration, the front over those two as worked out here', async () => {
    const argv = ['whatif', 'se_resnet50', '--sweep', 'se_stages=1/2/3/4/1,2/3,4/1,2,3,4', '--input', '1x3x64x64', '--device', device];
    const doc = await json(...argv);
    const r = await cli(...argv, '--format', 'svg');
    expect(r.code, r.stderr).toBe(0);
    expect(marksIn(r.stdout, 'configurations_marks')).toBe(doc.rows.length);
    const titles = [...r.stdout.matchAll(/role-axis-title[\s\S]*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(titles).toEqual(["FLOPs (convention 'macs')", 'Predicted time (ms)']);
    expect(r.stdout).toContain(`predicted time on device 'hand-made test device': baseline ${ms(doc.baseline.totals.predictedSeconds)}`);
    // A configuration is on the front when no other is as cheap in both FLOPs and time and cheaper in one.
    const pts: Array<[number, number]> = doc.rows.map((row: { totals: { flops: number; predictedSeconds: number } }) => [row.totals.flops, row.totals.predictedSeconds]);
    const front = pts.filter(([f, t]) => !pts.some(([g, u]) => g <= f && u <= t && (g < f || u < t)));
    expect(front.length).toBeGreaterThan(0);
    expect(front.length).toBeLessThan(pts.length);
    const open = r.stdout.indexOf('role-mark configurations_marks"');
    const points = r.stdout.slice(open, r.stdout.indexOf('</g>', open));
    expect((points.match(/fill="#E69F00"/g) ?? []).length).toBe(front.length);
  });

  it('compare --format svg: predicted time as a row of the groups chart and one of the totals, the change as the JSON says', async () => {
    const doc = await json('compare', 'resnet50_v1', 'se_resnet50', '--by', 'stage', '--device', device);
    const groups = await cli('compare', 'resnet50_v1', 'se_resnet50', '--device', device, '--format', 'svg');
    expect(groups.code, groups.stderr).toBe(0);
    expect(marksIn(groups.stdout, 'predictedSeconds_values_marks')).toBe(doc.groups[0].rows.length * 2);
    // Per stage, the layers' predicted seconds summed: together they are the model's total.
    for (const [i, g] of doc.groups.entries()) {
      const sum = g.rows.reduce((s: number, row: { predictedSeconds: number }) => s + row.predictedSeconds, 0);
      expect(sum).toBeCloseTo(doc.reports[i].totals.predictedSeconds, 12);
    }
    const totals = await cli('compare', 'resnet50_v1', 'se_resnet50', '--device', device, '--format', 'svg', '--chart', 'totals');
    expect(marksIn(totals.stdout, 'change_marks')).toBe(8);
    const [was, now] = doc.reports.map((x: { totals: { predictedSeconds: number } }) => x.totals.predictedSeconds);
    expect(totals.stdout).toContain(`+${ms(now - was)} (+${(((now - was) / was) * 100).toFixed(1)}%)`);
  });
});
