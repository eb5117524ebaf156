// `npm run bench`: prints every benchmark figure as a table (medians of several runs).
import Table from 'cli-table3';
import { benchBudget } from './budget.js';
import { benchCore } from './core.js';
import { benchExec } from './exec.js';
import { benchOnnx } from './onnx.js';
import { benchLatency } from './latency.js';
import { benchPictures } from './pictures.js';
import { benchWhatIf } from './whatif.js';
import type { BenchFigure } from './measure.js';

const suites: Array<[string, () => Promise<BenchFigure[]>]> = [
  ['core', benchCore],
  ['whatif', benchWhatIf],
  ['exec', benchExec],
  ['budget', () => benchBudget()],
  ['onnx', () => benchOnnx()],
  ['latency', benchLatency],
  ['pictures', benchPictures],
];

async function main(): Promise<void> {
  const table = new Table({ head: ['suite', 'figure', 'value', 'target', ''], style: { head: [], border: [] } });
  for (const [suite, bench] of suites) {
    for (const f of await bench()) table.push([suite, f.name, f.value, f.target ?? '', f.ok === undefined ? '' : f.ok ? 'ok' : 'MISSED']);
  }
  process.stdout.write(table.toString() + '\n');
}

await main();
