// `profile --device FILE`: the time model held against onnxruntime's measured times.
import { analyze } from '../cost/analyze.js';
import type { ConventionName } from '../cost/conventions/index.js';
import { measureAccuracy } from '../device/accuracy.js';
import { requireOrt } from '../exec/ort-timing.js';
import type { Graph } from '../ir/graph.js';
import { accuracyJson, accuracyKernelTable, accuracyKindTable } from '../report/accuracy-view.js';
import { renderCsv, renderMarkdown, renderTerminal } from '../report/tabular.js';
import { jsonText } from '../units.js';
import { loadDeviceFlag } from './device.js';
import type { CliIO } from './io.js';
import { progressBar } from './progress.js';

export interface DeviceProfileFlags {
  readonly runs: number;
  readonly seed: number;
  readonly convention: ConventionName;
  readonly format: 'table' | 'json' | 'markdown' | 'csv';
  readonly top?: number;
}

export async function profileWithDevice(graph: Graph, deviceFile: string, flags: DeviceProfileFlags, io: CliIO): Promise<string> {
  const device = loadDeviceFlag(deviceFile, io);
  const report = analyze(graph, { convention: flags.convention, dtype: device.dtype });
  const ort = await requireOrt('profile --device');
  const progress = await progressBar(io, flags.format === 'json');
  let result;
  try {
    result = await measureAccuracy(graph, report, device, { runs: flags.runs, seed: flags.seed, ort, onRun: (d, t) => progress.update(d, t, 'runs') });
  } finally {
    progress.stop();
  }
  const header = { model: graph.name, input: graph.input.map(Number) };
  switch (flags.format) {
    case 'json':
      return jsonText(accuracyJson(header, result));
    case 'csv':
      return renderCsv(accuracyKernelTable(header, result, flags.top));
    case 'markdown':
      return renderMarkdown(accuracyKernelTable(header, result, flags.top)) + '\n' + renderMarkdown(accuracyKindTable(result));
    default:
      return renderTerminal(accuracyKernelTable(header, result, flags.top)) + '\n' + renderTerminal(accuracyKindTable(result));
  }
}
