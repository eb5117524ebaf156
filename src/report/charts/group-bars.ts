// Bars of FLOPs and of params per group (stage, op kind), side by side, with the SE part of
// each group stacked in its own colour; past MAX_GROUPS groups, the rest summed as 'other'.
import type { TopLevelSpec } from 'vega-lite';
import type { ReportDoc } from './contracts.js';
import { countText, flopsTitle, unitAxis } from './format.js';
import { capGroups } from './cap.js';
import { groupFigures, shareText, type LayerFigures } from './report-data.js';
import { COLOURS, CONFIG, HALF_WIDTH, SE_COLOUR_SCALE, SE_PARTS } from './theme.js';


export interface GroupBarsOptions {
  readonly title: string;
  /** What a group is called in tooltips ('stage', 'op'). */
  readonly groupLabel: string;
  readonly key: (l: LayerFigures) => string;
  /** Groups in drawing order. */
  readonly order: readonly string[];
  /** Vertical bars with groups along x (stages), or horizontal bars with groups down y (op kinds). */
  readonly orient: 'vertical' | 'horizontal';
}

export function groupBars(doc: ReportDoc, layers: readonly LayerFigures[], options: GroupBarsOptions): TopLevelSpec {
  const totalFlops = layers.reduce((s, l) => s + l.flops, 0n);
  const totalParams = layers.reduce((s, l) => s + l.params, 0n);
  const flopsOf = new Map<string, bigint>();
  for (const l of layers) flopsOf.set(options.key(l), (flopsOf.get(options.key(l)) ?? 0n) + l.flops);
  const capped = capGroups(options.order, (g) => flopsOf.get(g) ?? 0n, options.groupLabel, 'FLOPs');
  const rank = new Map(capped.order.map((g, i) => [g, i]));
  const hasSE = layers.some((l) => l.se);
  const values = groupFigures(layers, (l) => capped.groupOf(options.key(l))).map((g) => ({
    group: g.group,
    rank: rank.get(g.group) ?? 0,
    part: g.se ? SE_PARTS.se : SE_PARTS.plain,
    partOrder: g.se ? 1 : 0,
    layers: g.layers,
    flops: Number(g.flops),
    params: Number(g.params),
    flopsText: `${countText(g.flops)} · ${shareText(g.flops, totalFlops)} of the model`,
    paramsText: `${countText(g.params)} · ${shareText(g.params, totalParams)} of the model`,
  }));
  const flopsLabel = flopsTitle(doc.convention);
  const panel = (metric: 'flops' | 'params', title: string) => {
    const groupAxis = { field: 'group', type: 'nominal' as const, title: null, sort: { field: 'rank', op: 'min' as const } };
    const valueAxis = { field: metric, type: 'quantitative' as const, title, stack: 'zero' as const, axis: { ...unitAxis(), tickCount: 5 } };
    return {
      width: options.orient === 'vertical' ? HALF_WIDTH : HALF_WIDTH - 70,
      ...(options.orient === 'vertical' ? { height: 260 } : { height: { step: 20 } }),
      mark: { type: 'bar' as const, tooltip: true },
      encoding: {
        ...(options.orient === 'vertical' ? { x: { ...groupAxis, axis: { labelAngle: -30 } }, y: valueAxis } : { y: groupAxis, x: valueAxis }),
        color: hasSE ? { field: 'part', type: 'nominal' as const, scale: SE_COLOUR_SCALE, title: null } : { value: COLOURS.plain },
        order: { field: 'partOrder' },
        tooltip: [
          { field: 'group', title: options.groupLabel },
          ...(hasSE ? [{ field: 'part', title: 'part' }] : []),
          { field: `${metric}Text`, title: metric === 'flops' ? flopsLabel : 'Params' },
          { field: 'layers', title: 'layers' },
        ],
      },
    };
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: options.title, subtitle: [`${doc.model} · input ${doc.input.join('x')}${hasSE ? ' · SE blocks in their own colour' : ''}`, ...(capped.note ? [capped.note] : [])] },
    data: { values },
    hconcat: [panel('flops', flopsLabel), panel('params', 'Params')],
  };
}
