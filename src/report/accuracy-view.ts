// `profile --device`: predicted against measured time per kernel and per op kind, the error of the
// total, the rank correlation of kernel times, and the SE blocks' share of each.
import type { AccuracyResult, KernelComparison } from '../device/accuracy.js';
import { describeDevice } from '../device/describe.js';
import { percent } from '../units.js';
import type { Cell, Column, Tabular } from './tabular.js';

const ms = (s: number): string => (s * 1e3).toFixed(3);
const ratio = (p: number, m: number): string => (m > 0 ? (p / m).toFixed(2) : '-');
const pct = (x: number, digits = 1): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(digits)}%`;

export interface AccuracyHeader {
  readonly model: string;
  readonly input: readonly number[];
}

export function accuracyLines(h: AccuracyHeader, a: AccuracyResult): string[] {
  const lines = [
    `profile ${h.model} · input ${h.input.join('x')} · ${a.engine}, graph optimizations ${a.graphOptimization}, ${a.threads} thread(s) · ${a.runs} runs`,
    describeDevice(a.device),
    `total: predicted ${ms(a.predictedSeconds)} ms, measured ${ms(a.measuredSeconds)} ms (${pct(a.totalError)}); measured = sum of every onnxruntime node's minimum kernel time over the runs (wall clock per run: minimum ${ms(a.wallSeconds.minimum)} ms, median ${ms(a.wallSeconds.median)} ms)`,
    `per-kernel Spearman rank correlation of predicted and measured time: ${a.spearman.toFixed(3)} over ${a.kernels.length} kernels`,
  ];
  if (a.se) lines.push(`SE blocks: ${percent(a.se.flopsShare, 2)} of FLOPs, ${percent(a.se.predictedShare, 2)} of predicted time, ${percent(a.se.measuredShare, 2)} of measured time`);
  if (a.unmatched.length) {
    lines.push(`not predicted (engine nodes that run no layer): ${a.unmatched.map((u) => `${u.opType} ${ms(u.seconds)} ms (${u.nodes} node${u.nodes === 1 ? '' : 's'})`).join(', ')}`);
  }
  return lines;
}

function kernelCells(k: KernelComparison): Cell[] {
  return [k.name, k.kind, String(k.layers.length), k.bound, ms(k.predictedSeconds), ms(k.measuredSeconds), ratio(k.predictedSeconds, k.measuredSeconds)];
}

export function accuracyKernelTable(h: AccuracyHeader, a: AccuracyResult, top?: number): Tabular {
  const rows = top === undefined ? a.kernels : [...a.kernels].sort((x, y) => y.measuredSeconds - x.measuredSeconds).slice(0, top);
  const columns: Column[] = [
    { header: 'Kernel', kind: 'text' }, { header: 'Kind', kind: 'text' }, { header: 'Layers', kind: 'number' }, { header: 'Bound', kind: 'text' },
    { header: 'Predicted ms', kind: 'number' }, { header: 'Measured ms', kind: 'number' }, { header: 'Pred/meas', kind: 'number' },
  ];
  return {
    title: accuracyLines(h, a),
    columns,
    rows: rows.map(kernelCells),
    footer: [['total', '', '', '', ms(a.predictedSeconds), ms(a.measuredSeconds), ratio(a.predictedSeconds, a.measuredSeconds)]],
  };
}

export function accuracyKindTable(a: AccuracyResult): Tabular {
  return {
    title: ['By op kind'],
    columns: [
      { header: 'Kind', kind: 'text' }, { header: 'Kernels', kind: 'number' }, { header: 'Predicted ms', kind: 'number' },
      { header: 'Measured ms', kind: 'number' }, { header: 'Pred/meas', kind: 'number' },
    ],
    rows: a.kinds.map((k) => [k.kind, String(k.kernels), ms(k.predictedSeconds), ms(k.measuredSeconds), ratio(k.predictedSeconds, k.measuredSeconds)]),
  };
}

export function accuracyJson(h: AccuracyHeader, a: AccuracyResult): Record<string, unknown> {
  return {
    schema: 'flopscope.latency/1',
    model: h.model,
    input: h.input,
    backend: 'onnxruntime',
    engine: a.engine,
    runs: a.runs,
    device: a.device.name,
    graphOptimization: a.graphOptimization,
    threads: a.threads,
    totals: {
      predictedSeconds: a.predictedSeconds,
      measuredSeconds: a.measuredSeconds,
      error: a.totalError,
      spearman: a.spearman,
      wallSecondsMinimum: a.wallSeconds.minimum,
      wallSecondsMedian: a.wallSeconds.median,
    },
    ...(a.se ? { se: a.se } : {}),
    unmatched: a.unmatched,
    layers: a.kernels.map((k) => ({ name: k.name, kind: k.kind, layers: k.layers, bound: k.bound, se: k.se, predictedSeconds: k.predictedSeconds, measuredSeconds: k.measuredSeconds })),
    ops: a.kinds,
  };
}
