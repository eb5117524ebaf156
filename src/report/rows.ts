// Groups per-layer costs into rows: by layer, by module (hierarchy depth), by op or by stage.
import { FlopscopeError } from '../errors.js';
import { add, type Dim, type Shape } from '../shape/dim.js';
import type { CostReport, LayerCost } from '../cost/analyze.js';
import { WORK_KINDS } from '../ops/types.js';

export const GROUPINGS = ['layer', 'module', 'op', 'stage'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface CostRow {
  readonly name: string;
  /** The op for a layer row; the set of ops for a group. */
  readonly op: string;
  readonly layers: number;
  readonly outputShape?: Shape;
  readonly params: Dim;
  readonly macs: Dim;
  readonly flops: Dim;
  readonly elementwise: Dim;
  readonly activationElements: Dim;
  readonly activationBytes: Dim;
  readonly trafficBytes: Dim;
  readonly site?: LayerCost['site'];
  /** Nodes of an imported file in this row that are not counted (--allow-unknown), by their file name. */
  readonly notCounted?: readonly string[];
}

/** What a row says a stand-in for an uncounted node is: its op type in the file, marked. */
export const notCountedOp = (opType: string): string => `${opType} (not counted)`;

/** The stand-in layers of a report's uncounted nodes, by layer name. */
export function standIns(report: Pick<CostReport, 'uncounted'>): Map<string, { node: string; opType: string }> {
  const out = new Map<string, { node: string; opType: string }>();
  for (const u of report.uncounted ?? []) for (const l of u.layers) out.set(l, { node: u.name, opType: u.opType });
  return out;
}

function elementwise(l: LayerCost): Dim {
  let s: Dim = 0;
  for (const k of WORK_KINDS) s = add(s, l.work[k]);
  return s;
}

/** `op` is what the row shows as the layer's op (a stand-in shows the file's op type, marked). */
export function groupKey(layer: LayerCost, by: Grouping, depth: number, op: string = layer.op): string {
  switch (by) {
    case 'layer':
      return layer.name;
    case 'op':
      return op;
    case 'stage':
      return layer.stage;
    case 'module':
      return layer.name.split('.').slice(0, depth).join('.');
  }
}

/** The op a row shows for each layer of a report: its catalogue op, or a stand-in's op type marked not counted. */
function shownOps(report: CostReport): (l: LayerCost) => string {
  const stand = standIns(report);
  return (l) => {
    const s = stand.get(l.name);
    return s ? notCountedOp(s.opType) : l.op;
  };
}

/** The group of each layer of a report, in layer order. */
export function layerGroupKeys(report: CostReport, by: Grouping, depth: number): string[] {
  const opOf = shownOps(report);
  return report.layers.map((l) => groupKey(l, by, depth, opOf(l)));
}

export function costRows(report: CostReport, by: Grouping = 'layer', depth = 1): CostRow[] {
  if (!GROUPINGS.includes(by)) {
    throw new FlopscopeError('usage', `unknown grouping '${by}'; use one of ${GROUPINGS.join(', ')}`);
  }
  const stand = standIns(report);
  const opOf = shownOps(report);
  const marked = (l: LayerCost) => {
    const s = stand.get(l.name);
    return s ? { notCounted: [s.node] } : {};
  };
  if (by === 'layer') {
    return report.layers.map((l) => ({
      name: l.name, op: opOf(l), layers: 1, outputShape: l.outputShape, params: l.params, macs: l.macs, flops: l.flops,
      elementwise: elementwise(l), activationElements: l.activationElements, activationBytes: l.activationBytes, trafficBytes: l.trafficBytes, ...(l.site ? { site: l.site } : {}), ...marked(l),
    }));
  }
  const groups = new Map<string, { row: CostRow; ops: Set<string> }>();
  for (const l of report.layers) {
    const op = opOf(l);
    const key = groupKey(l, by, depth, op);
    const g = groups.get(key);
    if (!g) {
      groups.set(key, {
        ops: new Set([op]),
        row: { name: key, op, layers: 1, params: l.params, macs: l.macs, flops: l.flops, elementwise: elementwise(l), activationElements: l.activationElements, activationBytes: l.activationBytes, trafficBytes: l.trafficBytes, ...(l.site ? { site: l.site } : {}), ...marked(l) },
      });
      continue;
    }
    g.ops.add(op);
    const r = g.row;
    const s = stand.get(l.name);
    g.row = {
      ...r,
      layers: r.layers + 1,
      params: add(r.params, l.params),
      macs: add(r.macs, l.macs),
      flops: add(r.flops, l.flops),
      elementwise: add(r.elementwise, elementwise(l)),
      activationElements: add(r.activationElements, l.activationElements),
      activationBytes: add(r.activationBytes, l.activationBytes),
      trafficBytes: add(r.trafficBytes, l.trafficBytes),
      ...(s && !r.notCounted?.includes(s.node) ? { notCounted: [...(r.notCounted ?? []), s.node] } : {}),
    };
  }
  return [...groups.values()].map(({ row, ops }) => ({ ...row, op: [...ops].join(',') }));
}
