// report --chart stages: FLOPs and params by stage, in network order.
import type { TopLevelSpec } from 'vega-lite';
import type { ReportDoc } from './contracts.js';
import { groupBars } from './group-bars.js';
import { firstSeen, type LayerFigures } from './report-data.js';

export function stagesChart(doc: ReportDoc, layers: readonly LayerFigures[]): TopLevelSpec {
  return groupBars(doc, layers, { title: 'FLOPs and parameters by stage', groupLabel: 'stage', key: (l) => l.stage, order: firstSeen(layers, (l) => l.stage), orient: 'vertical' });
}
