// Latency benchmarks (issue 12): what --device adds to a report, how long calibration takes, and
// how well the calibrated roofline predicts onnxruntime on this machine: for resnet50,
// se_resnet50, mobilenet_v2 and shufflenet_v2_x1_0 at 224, the error of the total, the per-kernel
// Spearman rank correlation and the SE share of time. Timings on a shared machine are noisy: the
// measured figures are per-node minimums over the runs (see profile --device).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../src/cost/analyze.js';
import { measureAccuracy } from '../src/device/accuracy.js';
import { calibrate } from '../src/device/calibrate.js';
import { loadDeviceProfile } from '../src/device/profile.js';
import { predictLatency } from '../src/device/roofline.js';
import { buildArchitecture, zooArchitecture } from '../src/zoo.js';
import { runCaptured } from '../src/cli/capture.js';
import { BIN, coldProcesses, fmtMs, median, ROOT, timeMs, type BenchFigure } from './measure.js';

export const ACCURACY_MODELS = ['resnet50', 'se_resnet50', 'mobilenet_v2', 'shufflenet_v2_x1_0'] as const;

/**
 * Median CPU milliseconds (user + system) per call of two async commands, their batches
 * alternated. CPU time, not wall time: on a shared machine waiting for a core inflates the latter.
 */
async function alternateCpuMs(a: () => Promise<unknown>, b: () => Promise<unknown>, samples = 15, batch = 10): Promise<[number, number]> {
  for (let i = 0; i < 5; i++) await a(), await b();
  const ta: number[] = [];
  const tb: number[] = [];
  for (let s = 0; s < samples; s++) {
    for (const [fn, out] of [[a, ta], [b, tb]] as const) {
      const start = process.cpuUsage();
      for (let i = 0; i < batch; i++) await fn();
      const used = process.cpuUsage(start);
      out.push((used.user + used.system) / 1000 / batch);
    }
  }
  return [median(ta), median(tb)];
}


const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

export async function benchLatency(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const started = Date.now();
  const device = await calibrate({ threads: 1, graphOptimization: 'all' });
  const seconds = (Date.now() - started) / 1000;
  figures.push({ name: `calibrate (1 thread, graph optimizations all): peak ${(device.peakFlopsPerSecond / 1e9).toFixed(1)} GFLOP/s, bandwidth ${(device.bandwidthBytesPerSecond / 1e9).toFixed(1)} GB/s, overhead ${(device.overheadSeconds * 1e6).toFixed(1)} µs`, value: `${seconds.toFixed(1)} s`, target: '< 30 s', ok: seconds < 30 });
  const dir = mkdtempSync(join(tmpdir(), 'flopscope-bench-device-'));
  try {
    const file = join(dir, 'device.json');
    writeFileSync(file, JSON.stringify(device, null, 2));

    // What --device adds to `report se_resnet50`. The target is on the command a user runs (a
    // cold process printing the table). In-process the figures are shown without a target: a JSON
    // report takes about 3 ms, of which reading the profile and predicting take a few tenths; the
    // table's time is cli-table3's, whose cost grows with the cells (one more column).
    const plainArgs = ['report', 'se_resnet50'];
    const deviceArgs = [...plainArgs, '--device', file];
    const arch = zooArchitecture('se_resnet50');
    const graph = buildArchitecture(arch);
    const analysed = analyze(graph);
    const predictMs = timeMs(() => predictLatency(graph, analysed, loadDeviceProfile(file)), 21, 10, 20);
    figures.push({ name: 'read the device profile and predict se_resnet50 (in-process, warm)', value: fmtMs(predictMs) });
    const json = ['--format', 'json'];
    const [samples, batch] = [15, 10];
    const [a, b] = await alternateCpuMs(() => runCaptured([...plainArgs, ...json]), () => runCaptured([...deviceArgs, ...json]), samples, batch);
    figures.push({ name: `report se_resnet50 --format json: --device vs without (in-process CPU time, median of ${samples} batches of ${batch})`, value: `+${fmtMs(b - a)} (${fmtMs(b)} vs ${fmtMs(a)})` });
    const [ta, tb] = await alternateCpuMs(() => runCaptured(plainArgs), () => runCaptured(deviceArgs), 7, 4);
    figures.push({ name: 'report se_resnet50 (table): --device vs without (in-process CPU time; one more column for cli-table3)', value: `${pct(tb / ta - 1)} (${fmtMs(tb)} vs ${fmtMs(ta)})` });
    const coldRuns = 9;
    const [plain, withDevice] = coldProcesses([
      { command: process.execPath, args: [BIN, ...plainArgs] },
      { command: process.execPath, args: [BIN, ...deviceArgs] },
    ], coldRuns, ROOT, { cpu: true });
    const [cp, cd] = [plain.cpuMs, withDevice.cpuMs];
    figures.push({ name: `flopscope report se_resnet50 --device vs without (a process's CPU time, alternated, median of ${coldRuns})`, value: `${pct(cd / cp - 1)} (${fmtMs(cd)} vs ${fmtMs(cp)})`, target: '< +10%', ok: cd / cp - 1 < 0.1 && withDevice.status === 0 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  for (const model of ACCURACY_MODELS) {
    const graph = buildArchitecture(zooArchitecture(model), { input: '1x3x224x224' });
    const report = analyze(graph, { convention: 'flops' });
    const r = await measureAccuracy(graph, report, device, { runs: 20 });
    figures.push({
      name: `${model} at 224: total predicted ${fmtMs(r.predictedSeconds * 1e3)} vs measured ${fmtMs(r.measuredSeconds * 1e3)} (wall median ${fmtMs(r.wallSeconds.median * 1e3)})`,
      value: pct(r.totalError), target: 'within ±30%', ok: Math.abs(r.totalError) <= 0.3,
    });
    figures.push({ name: `${model}: per-kernel Spearman rank correlation (${r.kernels.length} kernels)`, value: r.spearman.toFixed(3), target: '>= 0.8', ok: r.spearman >= 0.8 });
    if (r.se) {
      const factor = Math.max(r.se.predictedShare / r.se.measuredShare, r.se.measuredShare / r.se.predictedShare);
      figures.push({ name: `${model}: SE share of time predicted vs measured (share of FLOPs ${(r.se.flopsShare * 100).toFixed(2)}%)`, value: `${(r.se.predictedShare * 100).toFixed(2)}% vs ${(r.se.measuredShare * 100).toFixed(2)}% (x${factor.toFixed(2)})`, target: 'within x2', ok: factor <= 2 });
    }
  }
  return figures;
}
