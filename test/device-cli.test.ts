// --device on report, compare, whatif and check, in-process: the JSON fields, the extra columns
// (only when --device is given), and latency budgets.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../src/cli/capture.js';
import { analyze } from '../src/cost/analyze.js';
import { parseDuration, parseDurationIncrease } from '../src/budget/duration.js';
import { parseDeviceProfile } from '../src/device/profile.js';
import { predictLatency } from '../src/device/roofline.js';
import { buildArchitecture, zooArchitecture, type ZooName } from '../src/zoo.js';
import { DATASHEET, writeDevice } from './helpers/device.js';

const dir = mkdtempSync(join(tmpdir(), 'flopscope-device-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeDevice(dir);
writeFileSync(join(dir, 'broken.json'), JSON.stringify({ ...DATASHEET, peakFlopsPerSecond: 0 }));
const cli = (...argv: string[]) => runCaptured(argv, { cwd: dir });
const DEVICE = parseDeviceProfile(DATASHEET, 'device.json');

/** The prediction the library makes for a zoo model, to hold the CLI against. */
function predicted(model: ZooName, input: string, set: Record<string, unknown> = {}) {
  const g = buildArchitecture(zooArchitecture(model), { input, set });
  return predictLatency(g, analyze(g), DEVICE);
}

describe('report --device', () => {
  it('adds totals.predictedSeconds and layers[].predictedSeconds and bound to the JSON', async () => {
    const r = await cli('report', 'se_resnet50', '--input', '1x3x64x64', '--device', 'device.json', '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const layers = json.layers as Array<{ name: string; predictedSeconds: number; bound: string; fusedInto?: string }>;
    const sum = layers.reduce((s, l) => s + l.predictedSeconds, 0);
    expect(json.totals.predictedSeconds).toBeCloseTo(sum, 12);
    expect(json.totals.predictedSeconds).toBeCloseTo(predicted('se_resnet50', '1x3x64x64').predictedSeconds, 12);
    for (const l of layers) expect(['compute', 'memory']).toContain(l.bound);
    expect(layers.find((l) => l.name === 'bn1')).toMatchObject({ predictedSeconds: 0, fusedInto: 'conv1' });
    expect(json.se.timeShare).toBeCloseTo(json.se.predictedSeconds / json.totals.predictedSeconds, 12);
    expect(json.se.flopsShare).toBeGreaterThan(0);
    expect(json.device).toBe('hand-made test device');
  });

  it('adds the time columns and the SE share of time next to its share of FLOPs; nothing without --device', async () => {
    const r = await cli('report', 'se_resnet50', '--input', '1x3x64x64', '--device', 'device.json');
    expect(r.stdout).toMatch(/FLOPs %\s*│\s*Pred\. time\s*│/);
    expect(r.stdout).toMatch(/│ conv1 .*│\s*[\d.]+ [µm]s compute │/);
    expect(r.stdout).toMatch(/│ bn1 .*│\s*fused │/);
    expect(r.stdout).toMatch(/SE blocks: [\d.]+% of FLOPs, [\d.]+ [µm]s = [\d.]+% of predicted time/);
    const plain = await cli('report', 'se_resnet50', '--input', '1x3x64x64', '--format', 'json');
    expect(JSON.parse(plain.stdout).totals.predictedSeconds).toBeUndefined();
    expect((await cli('report', 'se_resnet50', '--input', '1x3x64x64')).stdout).not.toMatch(/Pred\. time/);
  });

  it('sums predicted time per group with --by stage', async () => {
    const r = await cli('report', 'resnet18', '--input', '1x3x64x64', '--device', 'device.json', '--by', 'stage', '--format', 'csv');
    const lines = r.stdout.trim().split('\n');
    const header = lines[0].split(',');
    const col = header.indexOf('predictedSeconds');
    expect(col).toBeGreaterThan(0);
    // The ops column is quoted and holds commas: count the time column from the end.
    const fromEnd = header.length - col;
    const cell = (l: string) => { const f = l.split(','); return Number(f[f.length - fromEnd]); };
    const rows = lines.slice(1, -1).map(cell);
    const total = cell(lines[lines.length - 1]);
    expect(rows.length).toBe(6);
    expect(rows.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 12);
  });

  it('refuses a broken profile, a missing one and a symbolic input with one line', async () => {
    for (const [args, message] of [
      [['--device', 'broken.json'], /^flopscope: device profile broken.json: peakFlopsPerSecond expects a number from 1000 to 1000000000000000000 FLOP\/s, received 0\n$/],
      [['--device', 'none.json'], /^flopscope: device profile none.json: no such file/],
      [['--device', 'device.json', '--input', 'Nx3xHxW'], /predicted time needs a concrete input/],
      [['--device', 'device.json', '--dtype', 'fp16'], /was measured at fp32, the analysis uses fp16/],
    ] as const) {
      const r = await cli('report', 'resnet18', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('compare --device', () => {
  it('adds a predicted-time row with its delta and totals.predictedSeconds per model', async () => {
    const r = await cli('compare', 'resnet50_v1', 'se_resnet50', '--input', '1x3x64x64', '--device', 'device.json', '--format', 'json');
    const json = JSON.parse(r.stdout);
    expect(json.reports[0].totals.predictedSeconds).toBeCloseTo(predicted('resnet50_v1', '1x3x64x64').predictedSeconds, 12);
    expect(json.reports[1].totals.predictedSeconds).toBeCloseTo(predicted('se_resnet50', '1x3x64x64').predictedSeconds, 12);
    const table = await cli('compare', 'resnet50_v1', 'se_resnet50', '--input', '1x3x64x64', '--device', 'device.json');
    expect(table.stdout).toMatch(/Predicted time\s*│\s*[\d.]+ ms\s*│\s*[\d.]+ ms\s*│\s*\+[\d.]+ [µm]s \(\+[\d.]+%\)/);
    expect(table.stdout).toMatch(/SE share of time\s*│\s*-\s*│\s*[\d.]+%/);
  });
});

describe('whatif --device', () => {
  it('prints FLOPs and predicted time side by side for every SE placement', async () => {
    const r = await cli('whatif', 'se_resnet50', '--input', '1x3x64x64', '--sweep', 'se_stages=1/4/none', '--device', 'device.json', '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const rows = json.rows as Array<{ set: { se_stages: number[] }; totals: { predictedSeconds: number }; delta: { predictedSeconds: { absolute: number } } }>;
    const placements = [[1], [4], []]; // se_stages=1/4/none
    expect(rows).toHaveLength(placements.length);
    rows.forEach((row, i) => {
      const expected = predicted('se_resnet50', '1x3x64x64', { se_stages: placements[i] }).predictedSeconds;
      expect(row.totals.predictedSeconds).toBeCloseTo(expected, 12);
      expect(row.delta.predictedSeconds.absolute).toBeCloseTo(expected - json.baseline.totals.predictedSeconds, 12);
    });
    const table = await cli('whatif', 'se_resnet50', '--input', '1x3x64x64', '--sweep', 'se_stages=1/4/none', '--device', 'device.json');
    expect(table.stdout).toMatch(/MACs = FLOPs \(macs\)\s*│\s*Δ MACs = FLOPs \(macs\)\s*│\s*Pred\. time\s*│\s*Δ time/);
  });
});

describe('latency budgets', () => {
  it('parses durations to exact nanoseconds', () => {
    expect(parseDuration('12 ms')).toBe(12_000_000n);
    expect(parseDuration('1.5s')).toBe(1_500_000_000n);
    expect(parseDuration('800 µs')).toBe(800_000n);
    expect(parseDuration('800 us')).toBe(800_000n);
    expect(parseDuration('0.5 ns')).toMatch(/finer than a nanosecond/);
    expect(parseDuration('12')).toMatch(/malformed time "12"/);
    expect(parseDuration(12)).toMatch(/expected a time with its unit/);
    expect(parseDurationIncrease('5%')).toMatchObject({ kind: 'percent', numerator: 5n, denominator: 1n });
    expect(parseDurationIncrease('2 ms')).toMatchObject({ kind: 'absolute', amount: 2_000_000n });
  });

  it('passes or fails a latency limit on the prediction, and names the slowest layers', async () => {
    const seconds = predicted('resnet18', '1x3x64x64').predictedSeconds;
    const ns = BigInt(Math.round(seconds * 1e9));
    const project = mkdtempSync(join(dir, 'latency-budget-'));
    writeDevice(project, 'dev.json');
    writeFileSync(join(project, 'flopscope.config.json'), JSON.stringify({ budgets: [
      { name: 'roomy', model: 'resnet18', input: '1x3x64x64', device: 'dev.json', limits: { latency: `${ns + 1000n} ns` } },
      { name: 'tight', model: 'resnet18', input: '1x3x64x64', device: 'dev.json', limits: { latency: `${ns - 1000n} ns` } },
    ] }));
    const r = await runCaptured(['check', '--format', 'json'], { cwd: project });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.budgets.map((b: { status: string }) => b.status)).toEqual(['pass', 'fail']);
    expect(json.budgets[0].values.latency).toBe(Number(ns));
    expect(json.budgets[1].checks[0]).toMatchObject({ metric: 'latency', kind: 'limit', passed: false, value: Number(ns), limit: Number(ns - 1000n) });
    expect(json.budgets[1].top[0].metric).toBe('latency');
    const text = await runCaptured(['check'], { cwd: project });
    expect(text.stdout).toMatch(/latency [\d.]+ [µm]s exceeds the [\d.]+ [µm]s budget by 1\.0 µs/);
  });

  it('refuses a latency limit without a device, and reports a device that cannot be read', async () => {
    const project = mkdtempSync(join(dir, 'latency-budget-'));
    writeFileSync(join(project, 'flopscope.config.json'), JSON.stringify({ budgets: [{ name: 'x', model: 'resnet18', limits: { latency: '12 ms' } }] }));
    const r = await runCaptured(['check'], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/budgets\[0\] \("x"\): a latency budget needs "device"/);
    writeFileSync(join(project, 'flopscope.config.json'), JSON.stringify({ budgets: [{ name: 'x', model: 'resnet18', device: 'gone.json', limits: { latency: '12 ms' } }] }));
    const missing = await runCaptured(['check', '--format', 'json'], { cwd: project });
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).budgets[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/device profile gone.json: no such file/) });
    writeFileSync(join(project, 'flopscope.config.json'), JSON.stringify({ budgets: [{ name: 'x', model: 'resnet18', input: '1x3x64x64', device: 'gone.json', limits: { latency: '10 s' } }] }));
    writeDevice(project, 'elsewhere.json');
    const overridden = await runCaptured(['check', '--device', 'elsewhere.json'], { cwd: project });
    expect(overridden.code).toBe(0);
  });
});
