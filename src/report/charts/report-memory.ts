// report --chart memory: activation memory held while each layer runs (tensors freed after their
// last consumer), stages shaded, the peak marked. Its maximum is the report's peak.
import type { TopLevelSpec } from 'vega-lite';
import { FlopscopeError } from '../../errors.js';
import type { ReportDoc } from './contracts.js';
import { bytesText, unitAxis } from './format.js';
import type { LayerFigures } from './report-data.js';
import { COLOURS, CONFIG, FULL_WIDTH, type ChartTarget } from './theme.js';

/** More points than this are thinned to the largest value per bucket (the peak always stays). */
export const MEMORY_POINTS = 1000;
/** More stages than this are not shaded: thousands of bands a pixel wide say nothing. */
export const MAX_BANDS = 100;

export interface LiveMemory {
  /** Bytes of the graph input. */
  readonly inputBytes: number;
  /** Bytes live while layer i runs. */
  readonly liveBytes: ArrayLike<number>;
}

/** Indices to draw: all of them, or the largest per bucket so the curve keeps its peaks. */
export function thinIndices(values: ArrayLike<number>, max = MEMORY_POINTS): number[] {
  const n = values.length;
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let b = 0; b < max; b++) {
    // Integer bounds: with n / max in floating point, 28 * (61 / 28) is 60.999..., and the last
    // point (the peak, perhaps) fell out of the last bucket.
    const from = Math.floor((b * n) / max);
    const to = Math.floor(((b + 1) * n) / max);
    let best = from;
    for (let i = from + 1; i < to; i++) if (values[i] > values[best]) best = i;
    out.push(best);
  }
  return out;
}

/** `target` 'svg' leaves out the invisible hover points, which only a page can use. */
export function memoryChart(doc: ReportDoc, layers: readonly LayerFigures[], memory: LiveMemory, target: ChartTarget = 'page'): TopLevelSpec {
  const live = memory.liveBytes;
  if (live.length !== layers.length) throw new FlopscopeError('usage', `memory curve has ${live.length} points for ${layers.length} layers`);
  let peakAt = -1;
  let peak = memory.inputBytes;
  for (let i = 0; i < live.length; i++) if (live[i] > peak) (peak = live[i]), (peakAt = i);
  const point = (i: number) => ({
    index: i,
    layer: layers[i].name,
    op: layers[i].op,
    stage: layers[i].stage,
    live: live[i],
    liveText: bytesText(BigInt(live[i])),
    outputText: bytesText(layers[i].activationBytes),
  });
  const points = thinIndices(live).map(point);
  // Stage bands: first and last layer of each run of equal stage names.
  const bands: Array<{ stage: string; from: number; to: number; shade: number }> = [];
  layers.forEach((l, i) => {
    const last = bands.at(-1);
    if (last && last.stage === l.stage) last.to = i + 1;
    else bands.push({ stage: l.stage, from: i, to: i + 1, shade: bands.length % 2 });
  });
  const shaded = bands.length <= MAX_BANDS;
  const peakLayer = peakAt >= 0 ? layers[peakAt].name : 'the input';
  const peakLabel = `peak ${bytesText(BigInt(peak))} at ${peakLayer}`;
  const x = { field: 'index', type: 'quantitative' as const, title: 'layer (in run order)', scale: { domain: [0, Math.max(1, layers.length)], nice: false }, axis: { format: 'd' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: {
      text: 'Activation memory along the layers',
      subtitle: [`${doc.model} · ${doc.dtype} · tensors freed after their last consumer · ${peakLabel}`, ...(shaded ? [] : [`stages not shaded: ${bands.length.toLocaleString('en-US')} of them`])],
    },
    // The points are named once and shared by the curve and its hover targets.
    datasets: { live: points.map((p) => ({ index: p.index, live: p.live })), hover: target === 'svg' ? points.slice(0, 1) : points },
    width: FULL_WIDTH,
    height: 260,
    autosize: { type: 'fit-x', contains: 'padding' },
    layer: [
      {
        name: 'stages',
        data: { values: shaded ? bands : [] },
        mark: { type: 'rect', color: '#000' },
        encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' }, opacity: { field: 'shade', type: 'quantitative', scale: { domain: [0, 1], range: [0, 0.05] }, legend: null } },
      },
      {
        data: { values: shaded ? bands.filter((b) => b.to - b.from >= layers.length / 40) : [] },
        mark: { type: 'text', baseline: 'bottom', dy: -4, fontSize: 11, color: '#555' },
        encoding: { x: { field: 'mid', type: 'quantitative' }, y: { value: { expr: 'height' } }, text: { field: 'stage' } },
        transform: [{ calculate: '(datum.from + datum.to) / 2', as: 'mid' }],
      },
      {
        name: 'memory',
        data: { name: 'live' },
        mark: { type: 'area', line: { color: COLOURS.plain }, color: COLOURS.plain, opacity: 0.25, interpolate: 'step-after' },
        encoding: {
          x,
          y: { field: 'live', type: 'quantitative', title: `live activations (${doc.dtype})`, axis: unitAxis("'B'") },
        },
      },
      {
        name: 'layers',
        data: { name: 'hover' },
        mark: { type: 'point', opacity: 0, size: 60, tooltip: true },
        encoding: {
          x,
          y: { field: 'live', type: 'quantitative' },
          tooltip: [{ field: 'layer' }, { field: 'op' }, { field: 'stage' }, { field: 'liveText', title: 'live while it runs' }, { field: 'outputText', title: 'its output' }],
        },
      },
      {
        name: 'peak',
        data: { values: [{ ...(peakAt >= 0 ? point(peakAt) : { index: 0, live: peak, liveText: bytesText(BigInt(peak)), layer: 'input' }), label: peakLabel }] },
        layer: [
          { mark: { type: 'rule', color: COLOURS.se, strokeDash: [4, 3] }, encoding: { x } },
          { mark: { type: 'point', filled: true, color: COLOURS.se, size: 80, tooltip: true }, encoding: { x, y: { field: 'live', type: 'quantitative' }, tooltip: [{ field: 'label', title: 'peak' }, { field: 'liveText', title: 'live' }] } },
          { mark: { type: 'text', align: peakAt > layers.length * 0.6 ? 'right' : 'left', dx: peakAt > layers.length * 0.6 ? -8 : 8, dy: -8, fontSize: 12, color: COLOURS.se }, encoding: { x, y: { field: 'live', type: 'quantitative' }, text: { field: 'label' } } },
        ],
      },
    ],
  };
}
