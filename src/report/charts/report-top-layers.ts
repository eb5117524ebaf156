// report --chart top-layers: the layers with the most FLOPs, SE layers in their own colour.
import type { TopLevelSpec } from 'vega-lite';
import type { ReportDoc } from './contracts.js';
import { bytesText, countText, flopsTitle, unitAxis } from './format.js';
import { shareText, type LayerFigures } from './report-data.js';
import { COLOURS, CONFIG, FULL_WIDTH, SE_COLOUR_SCALE, SE_PARTS } from './theme.js';

export const TOP_LAYERS = 20;

/** The `count` layers with the most FLOPs (ties: the earlier layer first); layers with none are left out. */
export function topLayersByFlops(layers: readonly LayerFigures[], count = TOP_LAYERS): LayerFigures[] {
  return layers
    .filter((l) => l.flops > 0n)
    .sort((a, b) => (a.flops === b.flops ? a.index - b.index : a.flops > b.flops ? -1 : 1))
    .slice(0, count);
}

export function topLayersChart(doc: ReportDoc, layers: readonly LayerFigures[]): TopLevelSpec {
  const total = layers.reduce((s, l) => s + l.flops, 0n);
  const top = topLayersByFlops(layers);
  const hasSE = top.some((l) => l.se);
  const flopsLabel = flopsTitle(doc.convention);
  const values = top.map((l, rank) => ({
    layer: l.name,
    rank,
    op: l.op,
    stage: l.stage,
    part: l.se ? SE_PARTS.se : SE_PARTS.plain,
    flops: Number(l.flops),
    flopsText: `${countText(l.flops)} · ${shareText(l.flops, total)} of the model`,
    macsText: countText(l.macs),
    paramsText: countText(l.params),
    activationText: bytesText(l.activationBytes),
    output: l.outputShape,
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: `Top ${top.length} layers by FLOPs`, subtitle: `${doc.model} · ${layers.length} layers in all` },
    data: { values },
    width: FULL_WIDTH,
    autosize: { type: 'fit-x', contains: 'padding' },
    height: 18 * Math.max(1, top.length),
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'layer', type: 'nominal', sort: { field: 'rank', op: 'min' }, title: null },
      x: { field: 'flops', type: 'quantitative', title: flopsLabel, axis: unitAxis() },
      color: hasSE ? { field: 'part', type: 'nominal', scale: SE_COLOUR_SCALE, title: null } : { value: COLOURS.plain },
      tooltip: [
        { field: 'layer' }, { field: 'op' }, { field: 'stage' }, { field: 'output', title: 'output' },
        { field: 'flopsText', title: flopsLabel }, { field: 'macsText', title: 'MACs' }, { field: 'paramsText', title: 'Params' }, { field: 'activationText', title: 'Activations' },
        ...(hasSE ? [{ field: 'part' }] : []),
      ],
    },
  };
}
