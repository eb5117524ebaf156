// Executor benchmark: the counting reference backend per model (warm wall and CPU time, counted
// MACs per second), against onnxruntime on resnet50 at 224, `validate resnet50` end to end (in
// this process and as a fresh CLI process) and `profile se_resnet50` at 224. Self-contained; the
// bench runner calls benchExec().
import { performance } from 'node:perf_hooks';
import { run } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';
import { loadBackend } from '../src/exec/backends.js';
import { BIN, coldProcess, median, ROOT, type BenchFigure } from './measure.js';
import { exportOnnx, INPUT_NAME } from '../src/onnx/export.js';
import { seededInput, seededWeights } from '../src/ir/weights.js';
import { enableSimdKernels, simdKernels, simdKernelsUnavailable } from '../src/ops/kernel/simd.js';
import { buildArchitecture, lookupArchitecture } from '../src/zoo.js';

interface ReferenceFigures {
  /** First run: weights generated, JIT warming up. */
  readonly cold: number;
  /** Medians over the warm runs. */
  readonly warm: number;
  readonly warmCpu: number;
  /** MACs the kernels counted in one run. */
  readonly macs: number;
  /** How many warm runs the medians are over. */
  readonly runs: number;
}

/** Reference backend: a cold run, then `warmRuns` warm ones (wall and this process's CPU time). */
async function referenceRuns(model: string, input: string, warmRuns: number): Promise<ReferenceFigures> {
  const graph = buildArchitecture(lookupArchitecture(model), { input });
  const prepared = await (await loadBackend('reference')).prepare(graph, seededWeights(0));
  const x = seededInput(graph.input.map(Number), 0);
  const first = await prepared.run(x);
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    const cpu0 = process.cpuUsage();
    walls.push((await prepared.run(x)).totalMs);
    const cpu = process.cpuUsage(cpu0);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  const macs = first.layers.reduce((s, l) => s + (l.counts?.macs ?? 0), 0);
  return { cold: first.totalMs, warm: median(walls), warmCpu: median(cpus), macs, runs: warmRuns };
}

/** onnxruntime on the plain exported model (only the final output, all graph optimizations): median of `runs` after a warm-up. */
async function onnxruntimeRun(model: string, input: string, runs: number): Promise<number> {
  const graph = buildArchitecture(lookupArchitecture(model), { input });
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create((await exportOnnx(graph, { weights: seededWeights(0) })).bytes);
  const x = seededInput(graph.input.map(Number), 0);
  const feeds = { [INPUT_NAME]: new ort.Tensor('float32', x.data, x.shape as number[]) };
  await session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  await session.release();
  return median(times);
}

async function timedCli(args: string[]): Promise<{ ms: number; code: number; stdout: string }> {
  const io = bufferIO();
  const t0 = performance.now();
  const code = await run(args, io);
  return { ms: performance.now() - t0, code, stdout: io.out.join('') };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const runCount = (n: number): string => `${n} run${n === 1 ? '' : 's'}`;

function referenceFigures(label: string, r: ReferenceFigures, targetMs?: number): BenchFigure[] {
  const rate = r.macs / (r.warm / 1000) / 1e9;
  return [
    { name: `exec: ${label} reference run (cold: weights generated, JIT warming)`, value: seconds(r.cold) },
    {
      name: `exec: ${label} reference run (warm, median of ${r.runs}; CPU time)`,
      value: `${seconds(r.warm)} (CPU ${seconds(r.warmCpu)})`,
      ...(targetMs ? { target: `< ${seconds(targetMs)}`, ok: r.warm < targetMs } : {}),
    },
    { name: `exec: ${label} counted MACs / warm time`, value: `${rate.toFixed(1)} GMAC/s = ${(2 * rate).toFixed(1)} GFLOP/s (${(r.macs / 1e9).toFixed(2)} GMACs)` },
  ];
}

export async function benchExec(): Promise<BenchFigure[]> {
  const input = '1x3x224x224';
  const simd = simdKernels() !== undefined;
  const resnet = await referenceRuns('resnet50', input, 3);
  const mobilenet = await referenceRuns('mobilenet_v2', input, 3);
  // The plain-JavaScript loops, which run where WebAssembly SIMD is not available.
  enableSimdKernels(false);
  const plain = await referenceRuns('resnet50', input, 1);
  enableSimdKernels(true);
  const onnxruntimeRuns = 5;
  const onnxruntime = await onnxruntimeRun('resnet50', input, onnxruntimeRuns);
  const validate = await timedCli(['validate', 'resnet50', '--format', 'json']);
  // A fresh CLI process: median wall time, median CPU time (steadier than wall time on a shared machine).
  const coldRuns = 3;
  const validateCold = coldProcess(process.execPath, [BIN, 'validate', 'resnet50', '--format', 'json'], coldRuns, ROOT, { cpu: true });
  const profileRuns = 5;
  const profile = await timedCli(['profile', 'se_resnet50', '--runs', String(profileRuns), '--format', 'json']);
  const se = validate.code === 0 && profile.code === 0 ? JSON.parse(profile.stdout).se : undefined;
  return [
    { name: 'exec: reference convolutions use the WebAssembly SIMD kernels', value: simd ? 'yes' : `no (${simdKernelsUnavailable()}): plain JavaScript loops` },
    ...referenceFigures('resnet50 224', resnet, 2000),
    ...referenceFigures('mobilenet_v2 224', mobilenet),
    { name: `exec: resnet50 224 reference run, plain JavaScript loops (warm, ${runCount(plain.runs)})`, value: seconds(plain.warm) },
    { name: `exec: resnet50 224 onnxruntime run (median of ${onnxruntimeRuns})`, value: `${onnxruntime.toFixed(0)} ms` },
    { name: 'exec: reference (warm) / onnxruntime', value: `${(resnet.warm / onnxruntime).toFixed(1)}x` },
    { name: 'exec: validate resnet50 224 end to end (both backends, in this process)', value: `${seconds(validate.ms)}, exit ${validate.code}` },
    {
      name: `exec: node bin/flopscope.js validate resnet50 (cold process, median of ${coldRuns}; CPU time)`,
      value: `${seconds(validateCold.ms)} (CPU ${seconds(validateCold.cpuMs)}), exit ${validateCold.status}, peak RSS ${validateCold.peakMB.toFixed(0)} MB`,
      target: '< 5.00 s', ok: validateCold.ms < 5000 && validateCold.status === 0,
    },
    { name: `exec: profile se_resnet50 224 (onnxruntime, ${runCount(profileRuns)})`, value: `${seconds(profile.ms)}, exit ${profile.code}` },
    ...(se ? [{ name: 'exec: se_resnet50 SE blocks', value: `${(se.flopsShare * 100).toFixed(2)}% of FLOPs, ${(se.timeShare * 100).toFixed(2)}% of time` }] : []),
  ];
}

// `node dist/bench/exec.js` prints the figures.
if (process.argv[1]?.endsWith('exec.js')) {
  for (const f of await benchExec()) console.log(`${f.name}: ${f.value}${f.target ? ` (target ${f.target}: ${f.ok ? 'ok' : 'MISSED'})` : ''}`);
}
