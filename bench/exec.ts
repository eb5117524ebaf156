// Executor benchmark: reference vs onnxruntime on resnet50 at 224, `validate resnet50` end to end,
// and `profile se_resnet50` at 224. Self-contained; the bench runner calls benchExec().
import { performance } from 'node:perf_hooks';
import { run } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';
import { loadBackend } from '../src/exec/backends.js';
import { median, type BenchFigure } from './measure.js';
import { exportOnnx, INPUT_NAME } from '../src/onnx/export.js';
import { seededInput, seededWeights } from '../src/ir/weights.js';
import { buildArchitecture, zooArchitecture } from '../src/zoo.js';


/** Reference backend: a cold run (weights generated on first use, JIT warming up), then a warm one. */
async function referenceRuns(model: string, input: string): Promise<{ cold: number; warm: number }> {
  const graph = buildArchitecture(zooArchitecture(model), { input });
  const prepared = await (await loadBackend('reference')).prepare(graph, seededWeights(0));
  const x = seededInput(graph.input.map(Number), 0);
  const cold = (await prepared.run(x)).totalMs;
  const warm = (await prepared.run(x)).totalMs;
  return { cold, warm };
}

/** onnxruntime on the plain exported model (only the final output, all graph optimizations): median of 5 after a warm-up. */
async function onnxruntimeRun(model: string, input: string): Promise<number> {
  const graph = buildArchitecture(zooArchitecture(model), { input });
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create((await exportOnnx(graph, { weights: seededWeights(0) })).bytes);
  const x = seededInput(graph.input.map(Number), 0);
  const feeds = { [INPUT_NAME]: new ort.Tensor('float32', x.data, x.shape as number[]) };
  await session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
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

export async function benchExec(): Promise<BenchFigure[]> {
  const input = '1x3x224x224';
  const reference = await referenceRuns('resnet50', input);
  const onnxruntime = await onnxruntimeRun('resnet50', input);
  const validate = await timedCli(['validate', 'resnet50', '--format', 'json']);
  const profile = await timedCli(['profile', 'se_resnet50', '--runs', '5', '--format', 'json']);
  const se = validate.code === 0 && profile.code === 0 ? JSON.parse(profile.stdout).se : undefined;
  return [
    { name: 'exec: resnet50 224 reference run (cold: weights generated, JIT warming)', value: `${(reference.cold / 1000).toFixed(2)} s` },
    { name: 'exec: resnet50 224 reference run (warm)', value: `${(reference.warm / 1000).toFixed(2)} s` },
    { name: 'exec: resnet50 224 onnxruntime run (median of 5)', value: `${onnxruntime.toFixed(0)} ms` },
    { name: 'exec: reference (warm) / onnxruntime', value: `${(reference.warm / onnxruntime).toFixed(1)}x` },
    { name: 'exec: validate resnet50 224 end to end (both backends)', value: `${(validate.ms / 1000).toFixed(2)} s, exit ${validate.code}` },
    { name: 'exec: profile se_resnet50 224 (onnxruntime, 5 runs)', value: `${(profile.ms / 1000).toFixed(2)} s, exit ${profile.code}` },
    ...(se ? [{ name: 'exec: se_resnet50 SE blocks', value: `${(se.flopsShare * 100).toFixed(2)}% of FLOPs, ${(se.timeShare * 100).toFixed(2)}% of time` }] : []),
  ];
}

// `node dist/bench/exec.js` prints the figures.
if (process.argv[1]?.endsWith('exec.js')) {
  for (const f of await benchExec()) console.log(`${f.name}: ${f.value}`);
}
