import type { Format } from './options.js';
import { renderCsv, renderMarkdown, renderTerminal, type Tabular } from '../report/tabular.js';
import { jsonText } from '../units.js';

/** Renders a table in the chosen format, or the JSON object for --format json. */
export function render(format: Format, table: () => Tabular, json: () => unknown): string {
  switch (format) {
    case 'json':
      return jsonText(json());
    case 'csv':
      return renderCsv(table());
    case 'markdown':
      return renderMarkdown(table());
    default:
      return renderTerminal(table());
  }
}
