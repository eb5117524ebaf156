// The compare page: the models' totals side by side with deltas, then per-group bars.
import type { CompareDoc } from '../charts/contracts.js';
import { compareChart } from '../charts/compare-charts.js';
import { formatSeconds, formatSecondsDelta } from '../../device/describe.js';
import { bytesText, countText, exactCount, flopsTitle, secondsText } from '../charts/format.js';
import { delta, human, humanBytes } from '../../units.js';
import { escapeHtml } from './escape.js';
import { renderPage, uncountedFact } from './page.js';
import { TOTAL_METRICS } from '../total-metrics.js';


function totalsTable(doc: CompareDoc): string {
  const [base] = doc.reports;
  const head = ['<th>Metric</th>', ...doc.reports.flatMap((r, i) => [`<th class="num">${escapeHtml(r.model)}</th>`, ...(i > 0 ? [`<th class="num">Δ vs ${escapeHtml(base.model)}</th>`] : [])])];
  const rows = TOTAL_METRICS.filter((m) => doc.reports.every((r) => r.totals[m.key] !== undefined && r.totals[m.key] !== null)).map((m) => {
    const bytes = 'bytes' in m;
    const was = exactCount(base.totals[m.key], `${base.model} ${m.key}`);
    const cells = doc.reports.flatMap((r, i) => {
      const v = exactCount(r.totals[m.key], `${r.model} ${m.key}`);
      const cell = `<td class="num" title="${escapeHtml(bytes ? bytesText(v) : countText(v))}">${escapeHtml(bytes ? humanBytes(v) : human(v))}</td>`;
      return i > 0 ? [cell, `<td class="num">${escapeHtml(delta(was, v, bytes ? humanBytes : human))}</td>`] : [cell];
    });
    return `<tr><td>${escapeHtml(m.key === 'flops' ? flopsTitle(doc.convention) : m.label)}</td>${cells.join('')}</tr>`;
  });
  // With --device: the predicted time, as the table output's row.
  const seconds = doc.reports.map((r) => r.totals.predictedSeconds);
  if (seconds.every((s) => typeof s === 'number')) {
    const [was, ...rest] = seconds as number[];
    const cell = (s: number) => `<td class="num" title="${escapeHtml(secondsText(s))}">${escapeHtml(formatSeconds(s))}</td>`;
    rows.push(`<tr><td>Predicted time</td>${cell(was)}${rest.map((s) => `${cell(s)}<td class="num">${escapeHtml(formatSecondsDelta(was, s))}</td>`).join('')}</tr>`);
  }
  return `<div class="table-wrap"><table class="figures"><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

export function comparePage(doc: CompareDoc): string {
  const inputs = [...new Set(doc.reports.map((r) => r.input.join('x')))];
  const facts = [
    `input ${inputs.join(', ')} · ${doc.dtype}`,
    `FLOPs under convention '${doc.convention}': ${doc.conventionRule}`,
    ...doc.reports.flatMap((r) => [
      ...(r.uncounted?.length ? [uncountedFact(r.uncounted, r.model)] : []),
      ...(r.notes ?? []).map((n) => `note (${r.model}): ${n}`),
    ]),
    ...(inputs.length > 1 ? [`note: the inputs differ (${doc.reports.map((r) => `${r.model} ${r.input.join('x')}`).join(', ')}); pass --input to compare the same workload`] : []),
  ];
  return renderPage({
    title: `compare ${doc.reports.map((r) => r.model).join(' vs ')}`,
    fileBase: 'compare',
    facts,
    totals: [],
    sections: [
      { title: 'Totals', html: totalsTable(doc), charts: [{ id: 'totals', spec: compareChart('totals', doc) }] },
      { title: `By ${doc.by ?? 'stage'}`, charts: [{ id: 'groups', spec: compareChart('groups', doc) }] },
    ],
  });
}
