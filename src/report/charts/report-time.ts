// report --chart time (with --device): predicted time next to FLOPs, by stage (in network order)
// and by op kind (the slowest first), the SE part of each group in its own colour. A layer fused
// into another's kernel has no time of its own: its time is in that kernel's first layer, so an
// op kind that is always fused (a ReLU after a convolution) shows FLOPs and no time.
import type { TopLevelSpec } from 'vega-lite';
import { formatSeconds } from '../../device/describe.js';
import { FlopscopeError } from '../../errors.js';
import type { ReportDoc } from './contracts.js';
import { groupBarsView } from './group-bars.js';
import { percent } from '../../units.js';
import { firstSeen, isTimed, type LayerFigures } from './report-data.js';
import { NEEDS_DEVICE } from './names.js';
import { CONFIG } from './theme.js';

export function timeChart(doc: ReportDoc, layers: readonly LayerFigures[]): TopLevelSpec {
  if (!isTimed(doc)) throw new FlopscopeError('usage', NEEDS_DEVICE);
  const total = doc.totals.predictedSeconds as number;
  const seconds = new Map<string, number>();
  const flops = new Map<string, bigint>();
  for (const l of layers) {
    seconds.set(l.op, (seconds.get(l.op) ?? 0) + (l.seconds ?? 0));
    flops.set(l.op, (flops.get(l.op) ?? 0n) + l.flops);
  }
  const slowest = [...seconds.keys()].sort((a, b) => seconds.get(b)! - seconds.get(a)! || (flops.get(a)! === flops.get(b)! ? a.localeCompare(b) : flops.get(a)! > flops.get(b)! ? -1 : 1));
  const metrics = ['seconds', 'flops'] as const;
  const part = (view: ReturnType<typeof groupBarsView>, text: string) => ({ ...view, title: { text, ...(view.title.subtitle.length > 1 ? { subtitle: view.title.subtitle.slice(1) } : {}) } });
  const byStage = groupBarsView(doc, layers, { title: '', groupLabel: 'stage', key: (l) => l.stage, order: firstSeen(layers, (l) => l.stage), orient: 'vertical', metrics, capBy: 'seconds', name: 'stage' });
  const byOp = groupBarsView(doc, layers, { title: '', groupLabel: 'op', key: (l) => l.op, order: slowest, orient: 'horizontal', metrics, capBy: 'seconds', name: 'op' });
  const se = doc.se ? [`SE blocks (orange): ${percent(doc.se.timeShare, 2)} of predicted time, ${percent(doc.se.flopsShare, 2)} of FLOPs`] : [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: {
      text: 'Predicted time and FLOPs by stage and by op kind',
      subtitle: [`${doc.model} · input ${doc.input.join('x')} · predicted time ${formatSeconds(total)} on device '${doc.device ?? 'unnamed'}'`, ...se, 'a layer fused into another\'s kernel adds its time to that kernel\'s first layer'],
    },
    vconcat: [part(byStage, 'By stage'), part(byOp, 'By op kind, the slowest first')],
  };
}
