import type { Format } from './options.js';
import { fitToWidth, selectColumns } from '../report/fit.js';
import { renderCsv, renderMarkdown, renderTerminal, type Tabular } from '../report/tabular.js';
import type { CliIO } from './io.js';
import { jsonText } from '../units.js';

export interface TableLayout {
  /** --columns: the columns to show, by name (the first column always stays). */
  readonly columns?: readonly string[];
  /** The terminal's width: a wider terminal table leaves out its least important columns. */
  readonly width?: number;
}

/** The width a terminal table must fit: the terminal's, or $COLUMNS; none when printing to a file or pipe. */
export function terminalWidth(io: CliIO): number | undefined {
  if (io.stdout.isTTY && io.stdout.columns) return io.stdout.columns;
  const env = Number(io.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : undefined;
}

/** The layout --columns and -o ask for: a table written to a file (-o) is not cut to the terminal. */
export function tableLayout(flags: { readonly columns?: readonly string[]; readonly output?: string }, io: CliIO): TableLayout {
  return { ...(flags.columns ? { columns: flags.columns } : {}), width: flags.output === undefined ? terminalWidth(io) : undefined };
}

/** Renders a table in the chosen format, or the JSON object for --format json. */
export function render(format: Format, table: () => Tabular, json: () => unknown, layout: TableLayout = {}): string {
  const laid = (): Tabular => {
    const t = layout.columns ? selectColumns(table(), layout.columns) : table();
    // Columns the user chose are all shown; otherwise the terminal's width decides.
    return format === 'table' && !layout.columns && layout.width ? fitToWidth(t, layout.width).table : t;
  };
  switch (format) {
    case 'json':
      return jsonText(json());
    case 'csv':
      return renderCsv(laid());
    case 'markdown':
      return renderMarkdown(laid());
    default:
      return renderTerminal(laid());
  }
}
