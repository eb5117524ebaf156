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
}

function elementwise(l: LayerCost): Dim {
  let s: Dim = 0;
  for (const k of WORK_KINDS) s = add(s, l.work[k]);
  return s;
}

export function groupKey(layer: LayerCost, by: Grouping, depth: number): string {
  switch (by) {
    case 'layer':
      return layer.name;
    case 'op':
      return layer.op;
    case 'stage':
      return layer.stage;
    case 'module':
      return layer.name.split('.').slice(0, depth).join('.');
  }
}

export function costRows(report: CostReport, by: Grouping = 'layer', depth = 1): CostRow[] {
  if (!GROUPINGS.includes(by)) {
    throw new FlopscopeError('usage', `unknown grouping '${by}'; use one of ${GROUPINGS.join(', ')}`);
  }
  if (by === 'layer') {
    return report.layers.map((l) => ({
      name: l.name, op: l.op, layers: 1, outputShape: l.outputShape, params: l.params, macs: l.macs, flops: l.flops,
      elementwise: elementwise(l), activationElements: l.activationElements, activationBytes: l.activationBytes, trafficBytes: l.trafficBytes, ...(l.site ? { site: l.site } : {}),
    }));
  }
  const groups = new Map<string, { row: CostRow; ops: Set<string> }>();
  for (const l of report.layers) {
    const key = groupKey(l, by, depth);
    const g = groups.get(key);
    if (!g) {
      groups.set(key, {
        ops: new Set([l.op]),
        row: { name: key, op: l.op, layers: 1, params: l.params, macs: l.macs, flops: l.flops, elementwise: elementwise(l), activationElements: l.activationElements, activationBytes: l.activationBytes, trafficBytes: l.trafficBytes, ...(l.site ? { site: l.site } : {}) },
      });
      continue;
    }
    g.ops.add(l.op);
    const r = g.row;
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
    };
  }
  return [...groups.values()].map(({ row, ops }) => ({ ...row, op: [...ops].join(',') }));
}
