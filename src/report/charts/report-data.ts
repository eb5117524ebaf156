// The report's layers as exact figures, the form every report chart and the layer table start from.
import { isSE } from '../../dsl/se-marker.js';
import type { ReportDoc } from './contracts.js';
import { exactCount } from './format.js';

export interface LayerFigures {
  /** Position in the run (graph order), from 0. */
  readonly index: number;
  readonly name: string;
  readonly op: string;
  readonly stage: string;
  readonly se: boolean;
  readonly outputShape: string;
  readonly params: bigint;
  readonly macs: bigint;
  readonly flops: bigint;
  readonly activationBytes: bigint;
  readonly trafficBytes: bigint;
  readonly intensity: number | null;
  /** Predicted seconds with --device (0 for a layer fused into another's kernel); null without. */
  readonly seconds: number | null;
  /** What limits the layer's kernel, or 'fused' when it runs inside another layer's; null without --device. */
  readonly bound: 'compute' | 'memory' | 'fused' | null;
  /** The layer whose kernel a fused layer runs in. */
  readonly fusedInto?: string;
}

/** A report made with --device: every layer and the total carry a predicted time. */
export function isTimed(doc: ReportDoc): boolean {
  return typeof doc.totals.predictedSeconds === 'number' && doc.layers.every((l) => typeof l.predictedSeconds === 'number');
}

export function layerFigures(doc: ReportDoc): LayerFigures[] {
  const timed = isTimed(doc);
  return doc.layers.map((l, index) => {
    const at = (field: string) => `layer '${l.name}' ${field}`;
    return {
      index,
      name: l.name,
      op: l.op,
      // A layer at the root of the model has no stage name; it still needs a label.
      stage: l.stage || '(root)',
      se: isSE(l.tags ?? []),
      outputShape: l.outputShape.join('x'),
      params: exactCount(l.params, at('params')),
      macs: exactCount(l.macs, at('MACs')),
      flops: exactCount(l.flops, at('FLOPs')),
      activationBytes: exactCount(l.activationBytes, at('activation bytes')),
      trafficBytes: exactCount(l.trafficBytes, at('traffic bytes')),
      intensity: l.arithmeticIntensity,
      seconds: timed ? l.predictedSeconds! : null,
      bound: !timed ? null : l.fusedInto !== undefined ? 'fused' : l.bound ?? null,
      ...(l.fusedInto !== undefined ? { fusedInto: l.fusedInto } : {}),
    };
  });
}

/** Distinct values of `key` in order of first appearance (stages run in network order). */
export function firstSeen<T>(items: readonly T[], key: (item: T) => string): string[] {
  return [...new Set(items.map(key))];
}

/** A share as a percent with the digits small shares need: 0.07%, 12.3%. */
export function shareText(part: bigint | number, whole: bigint | number): string {
  if (Number(whole) === 0) return '-';
  const share = (Number(part) / Number(whole)) * 100;
  return `${share.toFixed(share !== 0 && Math.abs(share) < 1 ? 2 : 1)}%`;
}

export interface GroupFigures {
  readonly group: string;
  readonly se: boolean;
  readonly layers: number;
  readonly params: bigint;
  readonly flops: bigint;
  readonly macs: bigint;
  /** Sum of the layers' predicted seconds (0 without --device). */
  readonly seconds: number;
}

/** Sums per group and per SE/other part, keeping the groups' order. */
export function groupFigures(layers: readonly LayerFigures[], key: (l: LayerFigures) => string): GroupFigures[] {
  const out = new Map<string, GroupFigures>();
  for (const l of layers) {
    const id = `${key(l)}\u0000${l.se}`;
    const g = out.get(id) ?? { group: key(l), se: l.se, layers: 0, params: 0n, flops: 0n, macs: 0n, seconds: 0 };
    out.set(id, { ...g, layers: g.layers + 1, params: g.params + l.params, flops: g.flops + l.flops, macs: g.macs + l.macs, seconds: g.seconds + (l.seconds ?? 0) });
  }
  return [...out.values()];
}
