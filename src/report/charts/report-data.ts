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
}

export function layerFigures(doc: ReportDoc): LayerFigures[] {
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
    };
  });
}

/** Distinct values of `key` in order of first appearance (stages run in network order). */
export function firstSeen<T>(items: readonly T[], key: (item: T) => string): string[] {
  return [...new Set(items.map(key))];
}

/** A share as a percent with the digits small shares need: 0.07%, 12.3%. */
export function shareText(part: bigint, whole: bigint): string {
  if (whole === 0n) return '-';
  const share = (Number(part) / Number(whole)) * 100;
  return `${share.toFixed(share !== 0 && Math.abs(share) < 1 ? 2 : 1)}%`;
}

/** Sums per group and per SE/other part, keeping the groups' order. */
export function groupFigures(layers: readonly LayerFigures[], key: (l: LayerFigures) => string): Array<{ group: string; se: boolean; layers: number; params: bigint; flops: bigint; macs: bigint }> {
  const out = new Map<string, { group: string; se: boolean; layers: number; params: bigint; flops: bigint; macs: bigint }>();
  for (const l of layers) {
    const id = `${key(l)}\u0000${l.se}`;
    const g = out.get(id) ?? { group: key(l), se: l.se, layers: 0, params: 0n, flops: 0n, macs: 0n };
    out.set(id, { ...g, layers: g.layers + 1, params: g.params + l.params, flops: g.flops + l.flops, macs: g.macs + l.macs });
  }
  return [...out.values()];
}
