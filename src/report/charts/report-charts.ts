// The report's charts by name: what `report --format svg --chart NAME` draws and the page shows.
import type { TopLevelSpec } from 'vega-lite';
import type { ReportDoc } from './contracts.js';
import { memoryChart, type LiveMemory } from './report-memory.js';
import { opsChart } from './report-ops.js';
import { stagesChart } from './report-stages.js';
import { timeChart } from './report-time.js';
import { topLayersChart } from './report-top-layers.js';
import { layerFigures, type LayerFigures } from './report-data.js';
import type { ChartTarget } from './theme.js';
import type { ReportChart } from './names.js';

export { REPORT_CHARTS, type ReportChart } from './names.js';

export function reportChart(name: ReportChart, doc: ReportDoc, memory: LiveMemory, target: ChartTarget, layers: readonly LayerFigures[] = layerFigures(doc)): TopLevelSpec {
  switch (name) {
    case 'stages':
      return stagesChart(doc, layers);
    case 'ops':
      return opsChart(doc, layers);
    case 'top-layers':
      return topLayersChart(doc, layers);
    case 'memory':
      return memoryChart(doc, layers, memory, target);
    case 'time':
      return timeChart(doc, layers);
  }
}
