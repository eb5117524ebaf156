// profile --chart roofline: each layer's achieved FLOP/s against its arithmetic intensity (FLOPs
// per byte of predicted memory traffic), on log axes, under the machine's two ceilings.
import type { TopLevelSpec } from 'vega-lite';
import type { Ceilings, ProfileDoc } from './contracts.js';
import { countText, exactCount, flopsTitle, unitAxis } from './format.js';
import { COLOURS, CONFIG, FULL_WIDTH, SE_COLOUR_SCALE, SE_PARTS } from './theme.js';

/** The layers a log-log roofline can place: some FLOPs, some traffic, some time. */
export function rooflineLayers(doc: ProfileDoc): ProfileDoc['layers'] {
  return doc.layers.filter((l) => l.gflopsPerSecond !== null && l.gflopsPerSecond > 0 && l.intensity !== null && l.intensity > 0);
}

const si = (v: number, unit: string) => {
  const [scale, prefix] = v >= 1e12 ? [1e12, 'T'] : v >= 1e9 ? [1e9, 'G'] : v >= 1e6 ? [1e6, 'M'] : [1e3, 'K'];
  return `${(v / scale).toFixed(1)} ${prefix}${unit}`;
};

/** Splits a long line at spaces so a subtitle fits the chart's width. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) lines.push(line), (line = word);
    else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

export function rooflineChart(doc: ProfileDoc, ceilings: Ceilings): TopLevelSpec {
  const placed = rooflineLayers(doc);
  const peak = ceilings.peakFlopsPerSecond;
  const bandwidth = ceilings.bandwidthBytesPerSecond;
  const ridge = peak / bandwidth;
  const xs = placed.map((l) => l.intensity!);
  const lo = Math.min(ridge / 10, ...xs) / 2;
  const hi = Math.max(ridge * 10, ...xs) * 2;
  const roof = Array.from({ length: 81 }, (_, i) => {
    const x = lo * (hi / lo) ** (i / 80);
    return { x, y: Math.min(peak, bandwidth * x) };
  });
  const points = placed.map((l) => ({
    layer: l.name, op: l.op, part: l.se ? SE_PARTS.se : SE_PARTS.plain,
    x: l.intensity!, y: l.gflopsPerSecond! * 1e9,
    time: `${l.medianMs.toFixed(3)} ms`, flopsText: countText(exactCount(l.flops, `${l.name} FLOPs`)),
    rate: `${l.gflopsPerSecond!.toFixed(2)} GFLOP/s`, intensity: `${l.intensity!.toFixed(2)} FLOP/B`,
  }));
  const above = points.filter((p) => p.y > Math.min(peak, bandwidth * p.x) * 1.0001).length;
  const labels = [
    { x: hi, y: peak, text: `compute ceiling ${si(peak, 'FLOP/s')}`, align: 'right', dy: -8 },
    { x: ridge / 3, y: (bandwidth * ridge) / 3, text: `memory ceiling ${si(bandwidth, 'B/s')}`, align: 'right', dy: -10 },
  ];
  const x = { field: 'x', type: 'quantitative' as const, title: `arithmetic intensity (${flopsTitle(doc.convention)} per byte of traffic)`, scale: { type: 'log' as const, domain: [lo, hi] }, axis: { format: '~g' } };
  const y = { field: 'y', type: 'quantitative' as const, title: `achieved ${flopsTitle(doc.convention)} per second`, scale: { type: 'log' as const }, axis: unitAxis("'FLOP/s'") };
  const hasSE = points.some((p) => p.part === SE_PARTS.se);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: {
      text: `Roofline of ${doc.model}: ${points.length} of ${doc.layers.length} layers`,
      subtitle: [
        `${doc.backend} · layers with no FLOPs under '${doc.convention}' are not placed${above ? ` · ${above} above a ceiling (cache-resident or faster than the probes)` : ''}`,
        ...wrap(`ceilings ${ceilings.source}`, 110),
      ],
    },
    width: FULL_WIDTH,
    height: 420,
    autosize: { type: 'fit-x', contains: 'padding' },
    layer: [
      { name: 'roof', data: { values: roof }, mark: { type: 'line', color: COLOURS.ceiling, strokeWidth: 2 }, encoding: { x, y } },
      { data: { values: labels }, mark: { type: 'text', fontSize: 12, color: COLOURS.ceiling, align: { expr: 'datum.align' }, dy: { expr: 'datum.dy' } }, encoding: { x, y, text: { field: 'text' } } },
      {
        name: 'layers',
        data: { values: points },
        mark: { type: 'point', filled: true, size: 50, opacity: 0.75, tooltip: true },
        encoding: {
          x, y,
          color: hasSE ? { field: 'part', type: 'nominal', scale: SE_COLOUR_SCALE, title: null } : { value: COLOURS.plain },
          tooltip: [{ field: 'layer' }, { field: 'op' }, { field: 'time' }, { field: 'flopsText', title: flopsTitle(doc.convention) }, { field: 'rate', title: 'achieved' }, { field: 'intensity' }],
        },
      },
    ],
  };
}
