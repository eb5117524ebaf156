// render(report, format): a cost report as the `report` command prints it.
import type { CostReport } from '../cost/analyze.js';
import { didYouMean, FlopscopeError } from '../errors.js';
import { reportJson, reportTable, type ReportViewOptions } from '../report/report-view.js';
import { renderCsv, renderMarkdown, renderTerminal } from '../report/tabular.js';
import { jsonText } from '../units.js';

export const REPORT_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;

/** table: a terminal table with decimal units; markdown: the same for a PR or a wiki; csv: exact integers for a spreadsheet; json: the flopscope.report/1 object for programs. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export type RenderOptions = ReportViewOptions;

export function render(report: CostReport, format: ReportFormat = 'table', options: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return jsonText(reportJson(report));
    case 'csv':
      return renderCsv(reportTable(report, { ...options, readable: false }));
    case 'markdown':
      return renderMarkdown(reportTable(report, options));
    case 'table':
      return renderTerminal(reportTable(report, options));
    default: {
      const hint = didYouMean(String(format), REPORT_FORMATS);
      throw new FlopscopeError('usage', `unknown format '${String(format)}'; ${hint ? `${hint} ` : ''}formats: ${REPORT_FORMATS.join(', ')}`);
    }
  }
}
