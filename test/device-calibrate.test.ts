// calibrate and profile --device with onnxruntime: a quick calibration gives a valid profile that
// says how every figure was measured; profile --device holds the prediction against the engine.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../src/cli/capture.js';
import { analyze } from '../src/cost/analyze.js';
import { parseDeviceProfile } from '../src/device/profile.js';
import { predictLatency } from '../src/device/roofline.js';
import { buildArchitecture, zooArchitecture } from '../src/zoo.js';

const dir = mkdtempSync(join(tmpdir(), 'flopscope-calibrate-'));
const cli = (...argv: string[]) => runCaptured(argv, { cwd: dir });

describe('calibrate and profile --device', () => {
  it('calibrate --quick writes a valid flopscope.device/1 profile, measured with onnxruntime', async () => {
    const started = Date.now();
    const r = await cli('calibrate', '--quick', '-o', 'quick.json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.stdout).toMatch(/^wrote quick.json: device '.+': peak [\d.]+ GFLOP\/s, bandwidth [\d.]+ GB\/s, overhead [\d.]+ µs per kernel, fused kernels \(measured with onnxruntime-node/);
    const device = parseDeviceProfile(JSON.parse(readFileSync(join(dir, 'quick.json'), 'utf8')), 'quick.json');
    expect(device.measuredWith).toMatchObject({ graphOptimization: 'all', threads: 1, engine: expect.stringMatching(/^onnxruntime-node/) });
    expect(device.fusion).toBe(true);
    // Every figure says it was measured, and on what.
    for (const [field, p] of Object.entries(device.obtained)) expect(p.method, field).toBe('measured');
    expect(device.obtained.peakFlopsPerSecond).toMatchObject({ how: expect.stringMatching(/conv/) });
    expect(device.obtained.bandwidthBytesPerSecond).toMatchObject({ how: expect.stringMatching(/relu 1x64x256x256/) });
    for (const kind of ['conv2d', 'conv2d.pointwise', 'conv2d.depthwise', 'linear', 'maxpool', 'globalavgpool', 'add', 'mul']) {
      expect(device.efficiency[kind], kind).toBeGreaterThan(0);
      expect(device.obtained[`efficiency.${kind}`], kind).toBeDefined();
    }
    expect([1, 8, 16, 32]).toContain(device.channelBlock);
    expect(device.obtained.channelBlock).toMatchObject({ how: expect.stringMatching(/1x68x14x14->68 took [\d.]+x the time of/) });
    // A CPU core does between 1 and 1000 GFLOP/s and moves between 1 and 1000 GB/s.
    expect(device.peakFlopsPerSecond).toBeGreaterThan(1e9);
    expect(device.peakFlopsPerSecond).toBeLessThan(1e12);
    expect(device.bandwidthBytesPerSecond).toBeGreaterThan(1e9);
    expect(device.bandwidthBytesPerSecond).toBeLessThan(1e12);
  }, 60_000);

  it('profile --device prints predicted against measured time, its error and the rank correlation', async () => {
    const r = await cli('profile', 'se_resnet50', '--input', '1x3x64x64', '--runs', '2', '--device', 'quick.json', '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const device = parseDeviceProfile(JSON.parse(readFileSync(join(dir, 'quick.json'), 'utf8')), 'quick.json');
    const g = buildArchitecture(zooArchitecture('se_resnet50'), { input: '1x3x64x64' });
    const expected = predictLatency(g, analyze(g), device).predictedSeconds;
    expect(json.totals.predictedSeconds).toBeCloseTo(expected, 12);
    const layers = json.layers as Array<{ predictedSeconds: number; measuredSeconds: number; bound: string }>;
    const unmatched = (json.unmatched as Array<{ seconds: number }>).reduce((s, u) => s + u.seconds, 0);
    expect(layers.reduce((s, l) => s + l.measuredSeconds, 0) + unmatched).toBeCloseTo(json.totals.measuredSeconds, 9);
    expect(layers.reduce((s, l) => s + l.predictedSeconds, 0)).toBeCloseTo(expected, 9);
    expect(json.totals.measuredSeconds).toBeGreaterThan(0);
    expect(json.totals.error).toBeCloseTo(json.totals.predictedSeconds / json.totals.measuredSeconds - 1, 12);
    expect(json.totals.spearman).toBeGreaterThanOrEqual(-1);
    expect(json.totals.spearman).toBeLessThanOrEqual(1);
    expect(json.se.predictedShare).toBeGreaterThan(0);
    expect(json.se.measuredShare).toBeGreaterThan(0);
    expect(json).toMatchObject({ schema: 'flopscope.latency/1', graphOptimization: 'all', threads: 1, runs: 2 });
    const kinds = (json.ops as Array<{ kind: string }>).map((k) => k.kind);
    expect(kinds).toContain('conv2d.pointwise');

    const table = await cli('profile', 'se_resnet50', '--input', '1x3x64x64', '--runs', '2', '--device', 'quick.json', '--top', '5');
    expect(table.stdout).toMatch(/total: predicted [\d.]+ ms, measured [\d.]+ ms \([+-][\d.]+%\)/);
    expect(table.stdout).toMatch(/per-kernel Spearman rank correlation of predicted and measured time: -?[\d.]+ over \d+ kernels/);
    expect(table.stdout).toMatch(/SE blocks: [\d.]+% of FLOPs, [\d.]+% of predicted time, [\d.]+% of measured time/);
    expect(table.stdout).toMatch(/By op kind/);
  }, 60_000);
});
