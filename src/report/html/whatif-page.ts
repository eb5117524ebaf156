// The whatif page: the sweep as a scatter of any two metrics with the baseline and the Pareto front.
import type { WhatIfDoc } from '../charts/contracts.js';
import { formatSeconds } from '../../device/describe.js';
import { bytesText, countText, exactCount, flopsTitle, secondsText } from '../charts/format.js';
import { CANVAS_FROM, whatIfScatter } from '../charts/whatif-scatter.js';
import { optionValueText } from '../option-value.js';
import { human, humanBytes } from '../../units.js';
import { renderPage, uncountedFact, type Total } from './page.js';

function baselineTotals(doc: WhatIfDoc): Total[] {
  const t = doc.baseline.totals;
  const item = (label: string, key: string, bytes = false): Total[] => {
    if (t[key] === undefined || t[key] === null) return [];
    const v = exactCount(t[key], `baseline ${key}`);
    return [{ label, value: bytes ? humanBytes(v) : human(v), exact: bytes ? bytesText(v) : countText(v) }];
  };
  const seconds = t.predictedSeconds;
  const time: Total[] = typeof seconds === 'number' ? [{ label: 'baseline predicted time', value: formatSeconds(seconds), exact: `${secondsText(seconds)} on device '${doc.device}'` }] : [];
  return [...item('baseline params', 'params'), ...item('baseline MACs', 'macs'), ...item(`baseline ${flopsTitle(doc.convention)}`, 'flops'), ...item('baseline activations', 'activationBytes', true), ...time];
}

/** `device` describes the device profile in one line (with --device). */
export function whatIfPage(doc: WhatIfDoc, device?: string): string {
  const fixed = Object.entries(doc.fixed).map(([k, v]) => `${k}=${optionValueText(v)}`);
  return renderPage({
    title: `whatif ${doc.model}`,
    fileBase: `whatif-${doc.model}`,
    facts: [
      `${doc.rows.length.toLocaleString('en-US')} configurations · swept ${doc.swept.length ? doc.swept.join(', ') : 'nothing'}${fixed.length ? ` · with ${fixed.join(' ')}` : ''} · ${doc.dtype}`,
      `FLOPs under convention '${doc.convention}': ${doc.conventionRule}`,
      `baseline ${doc.baseline.model} at ${doc.baseline.input.join('x')}`,
      ...(device ? [device] : []),
      ...(doc.uncounted?.length ? [uncountedFact(doc.uncounted, doc.model)] : []),
    ],
    totals: baselineTotals(doc),
    sections: [{
      title: 'Configurations',
      notes: [
        'Pick the two metrics with the menus under the chart. The orange line joins the configurations no other configuration beats on both; hover a point for its --set values and exact totals.',
        ...(device ? ["Predicted time is the device model's (milliseconds on the axis, the seconds on hover); it starts against FLOPs, so the configuration quickest for its FLOPs is on the front."] : []),
      ],
      charts: [{ id: 'scatter', spec: whatIfScatter(doc, 'page'), ...(doc.rows.length >= CANVAS_FROM ? { renderer: 'canvas' as const } : {}) }],
    }],
  });
}
