// Bars of FLOPs and of params (or of predicted time, with --device) per group (stage, op kind),
// side by side, with the SE part of each group stacked in its own colour; past MAX_GROUPS
// groups, the rest summed as 'other'.
import type { TopLevelSpec } from 'vega-lite';
import type { ReportDoc } from './contracts.js';
import { countText, flopsTitle, secondsText, TIME_TITLE, unitAxis } from './format.js';
import { capGroups } from './cap.js';
import { groupFigures, shareText, type LayerFigures } from './report-data.js';
import { COLOURS, CONFIG, HALF_WIDTH, SE_COLOUR_SCALE, SE_PARTS } from './theme.js';

/** What a panel draws: FLOPs, params, or predicted time (plotted in milliseconds). */
export type GroupMetric = 'flops' | 'params' | 'seconds';

export interface GroupBarsOptions {
  readonly title: string;
  /** What a group is called in tooltips ('stage', 'op'). */
  readonly groupLabel: string;
  readonly key: (l: LayerFigures) => string;
  /** Groups in drawing order. */
  readonly order: readonly string[];
  /** Vertical bars with groups along x (stages), or horizontal bars with groups down y (op kinds). */
  readonly orient: 'vertical' | 'horizontal';
  /** The panels, left to right (default FLOPs and params). */
  readonly metrics?: readonly GroupMetric[];
  /** Past MAX_GROUPS groups, keep those largest in this (default FLOPs). */
  readonly capBy?: 'flops' | 'seconds';
  /** Names the panels (<name>_<metric>, marks <name>_<metric>_marks); unnamed panels are concat_<i>. */
  readonly name?: string;
}

/** The chart without $schema and config, so it can also sit inside another chart. */
export function groupBarsView(doc: ReportDoc, layers: readonly LayerFigures[], options: GroupBarsOptions) {
  const metrics = options.metrics ?? ['flops', 'params'];
  const totalFlops = layers.reduce((s, l) => s + l.flops, 0n);
  const totalParams = layers.reduce((s, l) => s + l.params, 0n);
  const totalSeconds = layers.reduce((s, l) => s + (l.seconds ?? 0), 0);
  const sizeOf = new Map<string, bigint | number>();
  const capBy = options.capBy ?? 'flops';
  for (const l of layers) {
    const k = options.key(l);
    sizeOf.set(k, capBy === 'flops' ? ((sizeOf.get(k) as bigint | undefined) ?? 0n) + l.flops : ((sizeOf.get(k) as number | undefined) ?? 0) + (l.seconds ?? 0));
  }
  const capped = capGroups(options.order, (g) => sizeOf.get(g) ?? 0, options.groupLabel, capBy === 'flops' ? 'FLOPs' : 'predicted time');
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
    ...(metrics.includes('seconds') ? { seconds: g.seconds * 1e3, secondsText: `${secondsText(g.seconds)} · ${shareText(g.seconds, totalSeconds)} of the predicted time` } : {}),
  }));
  const flopsLabel = flopsTitle(doc.convention);
  const titles: Record<GroupMetric, string> = { flops: flopsLabel, params: 'Params', seconds: TIME_TITLE };
  const panel = (metric: GroupMetric) => {
    const groupAxis = { field: 'group', type: 'nominal' as const, title: null, sort: { field: 'rank', op: 'min' as const } };
    const axis = metric === 'seconds' ? { tickCount: 5, format: '~r' } : { ...unitAxis(), tickCount: 5 };
    const valueAxis = { field: metric, type: 'quantitative' as const, title: titles[metric], stack: 'zero' as const, axis };
    return {
      ...(options.name ? { name: `${options.name}_${metric}` } : {}),
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
          { field: `${metric}Text`, title: titles[metric] },
          // FLOPs beside the time, so a group that is slow for its FLOPs shows it.
          ...(metric === 'seconds' ? [{ field: 'flopsText', title: flopsLabel }] : []),
          { field: 'layers', title: 'layers' },
        ],
      },
    };
  };
  return {
    title: { text: options.title, subtitle: [`${doc.model} · input ${doc.input.join('x')}${hasSE ? ' · SE blocks in their own colour' : ''}`, ...(capped.note ? [capped.note] : [])] },
    data: { values },
    hconcat: metrics.map(panel),
  };
}

export function groupBars(doc: ReportDoc, layers: readonly LayerFigures[], options: GroupBarsOptions): TopLevelSpec {
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CONFIG, ...groupBarsView(doc, layers, options) };
}
