// ONNX import benchmarks: `report resnet50.onnx --format json` from a cold process on a ~100 MB
// fp32 file (written by `flopscope export resnet50` into a temporary folder; target under 1 s and
// peak memory under the file's size plus 150 MB), and a 1,000-node graph imported and analysed
// warm (target under 50 ms).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../src/cost/analyze.js';
import { bn, conv, relu, residual, seq } from '../src/dsl/index.js';
import { buildGraph } from '../src/ir/build.js';
import { seededWeights } from '../src/ir/weights.js';
import { exportOnnx } from '../src/onnx/export.js';
import { onnxGraph, readOnnx } from '../src/onnx/import/index.js';
import { parseInputShape } from '../src/shape/input.js';
import { BIN, coldProcess, fmtMs, ROOT, timeMs, type BenchFigure } from './measure.js';

/** 250 residual blocks of conv, bn, relu and the add: 1,000 layers, one ONNX node each. */
function thousandNodes() {
  const block = () => residual([conv(32, 3, { padding: 1, bias: false }), bn(), relu()]);
  return buildGraph(seq(Array.from({ length: 250 }, block)), parseInputShape('1x32x28x28'), 'deep');
}

export async function benchOnnx(runs = 7): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const root = ROOT;
  const bin = BIN;
  const dir = mkdtempSync(join(tmpdir(), 'flopscope-bench-onnx-'));
  try {
    const file = join(dir, 'resnet50.onnx');
    const exported = coldProcess(process.execPath, [bin, 'export', 'resnet50', '-o', file], 1, root);
    if (exported.status !== 0) throw new Error('bench/onnx: flopscope export resnet50 failed');
    const sizeMB = statSync(file).size / 1e6;
    const cold = coldProcess(process.execPath, [bin, 'report', file, '--format', 'json'], runs, root);
    if (cold.status !== 0) throw new Error('bench/onnx: report resnet50.onnx failed');
    const memoryOk = cold.peakMB < sizeMB + 150;
    figures.push({
      name: `report resnet50.onnx --format json (cold process, ${sizeMB.toFixed(0)} MB fp32 file)`,
      value: `${fmtMs(cold.ms)}, peak RSS ${cold.peakMB.toFixed(0)} MB`,
      target: `< 1000 ms, RSS < ${(sizeMB + 150).toFixed(0)} MB`,
      ok: cold.ms < 1000 && memoryOk,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const deep = thousandNodes();
  const { bytes, nodeCount } = await exportOnnx(deep, { weights: seededWeights(0, 'zeros') });
  const model = await readOnnx(bytes, { name: 'deep' });
  const ms = timeMs(() => analyze(onnxGraph(model)), 15, 3, 10);
  figures.push({ name: `import + analyse a ${nodeCount}-node ONNX graph (warm)`, value: fmtMs(ms), target: '< 50 ms', ok: ms < 50 });
  return figures;
}
