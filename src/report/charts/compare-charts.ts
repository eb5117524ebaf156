// compare's charts by name.
import type { TopLevelSpec } from 'vega-lite';
import type { CompareDoc } from './contracts.js';
import { compareGroupsChart } from './compare-groups.js';
import { compareTotalsChart } from './compare-totals.js';

export const COMPARE_CHARTS = ['groups', 'totals'] as const;
export type CompareChart = (typeof COMPARE_CHARTS)[number];

export function compareChart(name: CompareChart, doc: CompareDoc): TopLevelSpec {
  return name === 'groups' ? compareGroupsChart(doc) : compareTotalsChart(doc);
}
