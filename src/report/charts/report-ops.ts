// report --chart ops: FLOPs and params by op kind, the costliest first.
import type { TopLevelSpec } from 'vega-lite';
import type { ReportDoc } from './contracts.js';
import { groupBars } from './group-bars.js';
import type { LayerFigures } from './report-data.js';

export function opsChart(doc: ReportDoc, layers: readonly LayerFigures[]): TopLevelSpec {
  const flops = new Map<string, bigint>();
  const params = new Map<string, bigint>();
  for (const l of layers) {
    flops.set(l.op, (flops.get(l.op) ?? 0n) + l.flops);
    params.set(l.op, (params.get(l.op) ?? 0n) + l.params);
  }
  // By FLOPs, then params (ops the convention does not count still hold parameters), then name.
  const order = [...flops.keys()].sort((a, b) => cmp(flops.get(b)!, flops.get(a)!) || cmp(params.get(b)!, params.get(a)!) || a.localeCompare(b));
  return groupBars(doc, layers, { title: 'FLOPs and parameters by op kind', groupLabel: 'op', key: (l) => l.op, order, orient: 'horizontal' });
}

function cmp(a: bigint, b: bigint): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
