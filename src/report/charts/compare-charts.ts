// compare's charts by name.
import type { TopLevelSpec } from 'vega-lite';
import type { CompareDoc } from './contracts.js';
import { compareGroupsChart } from './compare-groups.js';
import { compareTotalsChart } from './compare-totals.js';

import type { CompareChart } from './names.js';

export { COMPARE_CHARTS, type CompareChart } from './names.js';

export function compareChart(name: CompareChart, doc: CompareDoc): TopLevelSpec {
  return name === 'groups' ? compareGroupsChart(doc) : compareTotalsChart(doc);
}
