// One self-contained HTML file: style, the charting library, the chart specs with their data and
// the page script all inline, so it opens from disk and makes no network request.
import type { TopLevelSpec } from 'vega-lite';
import { vegaScripts } from '../charts/vega-runtime.js';
import { escapeHtml, inlineScript, scriptJson } from './escape.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './style.js';

export interface PageChart {
  /** The element id is chart-<id>; also the --chart name that renders it as SVG. */
  readonly id: string;
  readonly spec: TopLevelSpec;
  /** 'canvas' for charts with very many marks; SVG otherwise (marks stay countable and crisp). */
  readonly renderer?: 'svg' | 'canvas';
}

export interface PageSection {
  readonly title: string;
  readonly notes?: readonly string[];
  readonly charts?: readonly PageChart[];
  /** Ready-made HTML (the layer table). */
  readonly html?: string;
}

export interface Total {
  readonly label: string;
  readonly value: string;
  /** The exact figure, shown on hover. */
  readonly exact: string;
}

export interface Page {
  readonly title: string;
  /** Lines under the heading: what was analysed, the convention and its rule in words. */
  readonly facts: readonly string[];
  readonly totals: readonly Total[];
  readonly sections: readonly PageSection[];
  /** Base of the file name a chart's export action suggests. */
  readonly fileBase: string;
}

/**
 * The fact line listing an imported model's nodes outside the catalogue (--allow-unknown);
 * `model` names the model on pages that show more than one.
 */
export function uncountedFact(uncounted: readonly { readonly name: string; readonly opType: string }[], model?: string): string {
  return `NOT COUNTED${model === undefined ? '' : ` in ${model}`}: ${uncounted.map((u) => `${u.name} (${u.opType})`).join(', ')}, outside the op catalogue (--allow-unknown); every figure leaves ${uncounted.length === 1 ? 'it' : 'them'} out`;
}

function totalsHtml(totals: readonly Total[]): string {
  if (!totals.length) return '';
  const items = totals.map((t) => `<div><dt>${escapeHtml(t.label)}</dt><dd title="${escapeHtml(t.exact)}">${escapeHtml(t.value)}</dd></div>`);
  return `<dl class="totals">${items.join('')}</dl>`;
}

function sectionHtml(section: PageSection): string {
  const parts = [`<section><h2>${escapeHtml(section.title)}</h2>`];
  for (const note of section.notes ?? []) parts.push(`<p class="note">${escapeHtml(note)}</p>`);
  for (const chart of section.charts ?? []) parts.push(`<div class="chart" id="chart-${escapeHtml(chart.id)}"></div>`);
  if (section.html) parts.push(section.html);
  parts.push('</section>');
  return parts.join('\n');
}

export function renderPage(page: Page): string {
  const charts: Record<string, { spec: TopLevelSpec; renderer?: string; file: string }> = {};
  for (const section of page.sections) {
    for (const c of section.charts ?? []) charts[c.id] = { spec: c.spec, ...(c.renderer ? { renderer: c.renderer } : {}), file: `${page.fileBase}-${c.id}` };
  }
  const scripts = vegaScripts().map((code) => `<script>${inlineScript(code)}</script>`);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may load from elsewhere: inline code and styles, data: images (chart export) only.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:">`,
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(page.title)}</h1>`,
    ...page.facts.map((f) => `<p class="fact">${escapeHtml(f)}</p>`),
    totalsHtml(page.totals),
    ...page.sections.map(sectionHtml),
    '<p class="note">Made by flopscope. Charts: vega-lite and vega; hover a mark for exact figures.</p>',
    '</main>',
    `<script type="application/json" id="flopscope-charts">${scriptJson(charts)}</script>`,
    ...scripts,
    `<script>${inlineScript(PAGE_SCRIPT)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
