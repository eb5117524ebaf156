// HTML pages and SVG charts of each command, loaded only for --format html or svg: the data
// come from the commands' JSON views, the drawing from src/report/charts and src/report/html.
import { join, sep } from 'node:path';
import { dtypeBytes } from '../cost/dtype.js';
import { liveActivationElements } from '../cost/live-memory.js';
import { FlopscopeError } from '../errors.js';
import { COMPARE_CHARTS, compareChart, type CompareChart } from '../report/charts/compare-charts.js';
import type { Ceilings, CheckBudgetDoc, CompareDoc, ProfileDoc, ReportDoc, WhatIfDoc } from '../report/charts/contracts.js';
import { budgetUsageChart } from '../report/charts/budget-usage.js';
import { PROFILE_CHARTS, profileChart, type ProfileChart } from '../report/charts/profile-charts.js';
import { profilePage } from '../report/html/profile-page.js';
import { measureCeilings } from '../exec/ceilings.js';
import { whatIfScatter } from '../report/charts/whatif-scatter.js';
import { whatIfPage } from '../report/html/whatif-page.js';
import { comparePage } from '../report/html/compare-page.js';
import { REPORT_CHARTS, reportChart, type ReportChart } from '../report/charts/report-charts.js';
import { renderSvg } from '../report/charts/svg.js';
import { reportPage } from '../report/html/report-page.js';
import { reportJson } from '../report/report-view.js';
import { predictLatency } from '../device/roofline.js';
import { latencyLines, withLatencyJson } from '../report/latency-view.js';
import { analyzeRef } from './analysis.js';
import { loadDeviceFlag } from './device.js';
import type { CliIO } from './io.js';
import type { AnalysisFlags } from './options.js';
import { makeFolder, writeFileWhole } from '../files.js';
import type { OutputFlags } from './picture-output.js';
import { exampleInput } from '../shape/input.js';

/** An SVG chart as text; a warning from the charting library is a bug in the chart, not the user's. */
async function svgText(spec: Parameters<typeof renderSvg>[0]): Promise<string> {
  const { svg, warnings } = await renderSvg(spec);
  if (warnings.length) throw new Error(`chart warnings: ${warnings.join('; ')}`);
  return svg + '\n';
}

/** What a chart must say under its title: the nodes a model left out (--allow-unknown) and its notes. */
function remarks(docs: readonly { model: string; uncounted?: readonly { name: string; opType: string }[]; notes?: readonly string[] }[]): string[] {
  return docs.flatMap((d) => [
    ...(d.uncounted?.length ? [`NOT COUNTED in ${d.model}: ${d.uncounted.map((u) => `${u.name} (${u.opType})`).join(', ')}`] : []),
    ...(d.notes ?? []).map((n) => `note (${d.model}): ${n}`),
  ]);
}

/** The chart with `lines` added to its subtitle. */
function withSubtitle(spec: Parameters<typeof renderSvg>[0], lines: readonly string[]): Parameters<typeof renderSvg>[0] {
  if (!lines.length) return spec;
  const title = (spec as { title?: unknown }).title;
  const given = typeof title === 'string' ? { text: title } : (title as { text: string; subtitle?: string | string[] } | undefined) ?? { text: '' };
  const subtitle = given.subtitle === undefined ? [] : Array.isArray(given.subtitle) ? given.subtitle : [given.subtitle];
  return { ...spec, title: { ...given, subtitle: [...subtitle, ...lines] } } as Parameters<typeof renderSvg>[0];
}

/** With --device, the page and the time chart read the predicted times from the JSON view (withLatencyJson). */
export async function reportPicture(model: string, flags: Omit<AnalysisFlags, 'format'> & OutputFlags & { device?: string }, io: CliIO): Promise<string> {
  const { graph, report } = await analyzeRef(model, { ...flags, format: 'json' }, io);
  const latency = flags.device === undefined ? undefined : predictLatency(graph, report, loadDeviceFlag(flags.device, io));
  const doc = (latency ? withLatencyJson(reportJson(report), report, latency) : reportJson(report)) as unknown as ReportDoc;
  const live = liveActivationElements(graph);
  if (!live) throw new FlopscopeError('usage', `charts need concrete sizes, received input ${doc.input.join('x')}; pass a concrete --input such as ${exampleInput(graph.input)}`);
  const bytes = dtypeBytes(flags.dtype);
  const memory = { inputBytes: live.input * bytes, liveBytes: Array.from(live.live, (v) => v * bytes) };
  if (flags.format === 'html') return reportPage(doc, memory, latency ? latencyLines(report, latency) : []);
  return svgText(withSubtitle(reportChart((flags.chart ?? REPORT_CHARTS[0]) as ReportChart, doc, memory, 'svg'), remarks([doc])));
}

/** `json`: compare's JSON with its groups (compareJson and compareGroupsJson, timed with --device). */
export async function comparePicture(json: Record<string, unknown>, flags: OutputFlags): Promise<string> {
  const doc = json as unknown as CompareDoc;
  if (flags.format === 'html') return comparePage(doc);
  return svgText(withSubtitle(compareChart((flags.chart ?? COMPARE_CHARTS[0]) as CompareChart, doc), remarks(doc.reports)));
}

/** `device`: the device profile in one line, when the JSON carries predicted times (withWhatIfLatencyJson). */
export async function whatIfPicture(json: Record<string, unknown>, flags: OutputFlags, device?: string): Promise<string> {
  const doc = json as unknown as WhatIfDoc;
  if (flags.format === 'html') return whatIfPage(doc, device);
  return svgText(withSubtitle(whatIfScatter(doc, 'svg'), remarks([doc])));
}

/**
 * The roofline's ceilings come from `given` (e.g. a device profile's peak and bandwidth, with its
 * source), else they are measured, and only when a roofline is drawn (html, or --chart roofline).
 */
export async function profilePicture(json: Record<string, unknown>, backend: string, flags: OutputFlags, given?: Ceilings): Promise<string> {
  const doc = json as unknown as ProfileDoc;
  const chart = (flags.chart ?? PROFILE_CHARTS[0]) as ProfileChart;
  const needsCeilings = flags.format === 'html' || chart === 'roofline';
  const ceilings = given ?? (needsCeilings ? await measureCeilings({ backend, convention: doc.convention }) : undefined);
  if (flags.format === 'html') return profilePage(doc, ceilings!);
  return svgText(profileChart(chart, doc, ceilings));
}

/** One SVG per evaluated budget in `dir` (created if missing), and the Markdown that links them. */
export async function budgetCharts(check: Record<string, unknown>, dir: string, cwd: string): Promise<string> {
  const budgets = (check.budgets as CheckBudgetDoc[]).filter((b) => b.checks.length);
  makeFolder({ file: dir, cwd, what: 'the --charts-dir folder' });
  const links: string[] = [];
  const used = new Set<string>();
  for (const b of budgets) {
    // Budget names are free text: a file name keeps letters, digits, dots, dashes and underscores.
    let base = b.name.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '_') || 'budget';
    while (used.has(base)) base += '_';
    used.add(base);
    const file = join(dir, `${base}.svg`);
    writeFileWhole({ file, cwd }, await svgText(budgetUsageChart(b)));
    links.push(`![${b.name}](${file.split(sep).join('/')})`);
  }
  return links.length ? `\n${links.join('\n\n')}\n` : '';
}
