// Tables that fit the terminal: --columns picks columns by name; otherwise, when a table is wider
// than the terminal, the least important columns are left out (and a note says which), long text
// wraps where a column allows it, and what is still too long is shortened with '…'.
import { didYouMean, FlopscopeError } from '../errors.js';
import { humanCell, type Cell, type Column, type Tabular } from './tabular.js';

/** The name --columns takes for a column: its key, else its header in lower case ('FLOP/B' -> 'flop-b'). */
export function columnKey(c: Column): string {
  return c.key ?? c.header.toLowerCase().replace(/[^a-z0-9%]+/g, '-').replace(/^-+|-+$/g, '');
}

function pick(t: Tabular, indices: readonly number[], notes: readonly string[] = []): Tabular {
  const row = (r: readonly Cell[]) => indices.map((i) => r[i]);
  return {
    ...t,
    columns: indices.map((i) => t.columns[i]),
    rows: t.rows.map(row),
    ...(t.footer ? { footer: t.footer.map(row) } : {}),
    ...(t.notes || notes.length ? { notes: [...(t.notes ?? []), ...notes] } : {}),
  };
}

/** The columns named (in that order), after the first column, which names the row and always stays. */
export function selectColumns(t: Tabular, names: readonly string[]): Tabular {
  const keys = t.columns.map(columnKey);
  const chosen: number[] = [0];
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (!name) continue;
    const i = keys.includes(name) ? keys.indexOf(name) : t.columns.findIndex((c) => c.aliases?.includes(name));
    if (i < 0) {
      const hint = didYouMean(name, keys);
      throw new FlopscopeError('usage', `--columns: unknown column '${raw.trim()}'; ${hint ? `${hint} ` : ''}columns: ${keys.join(', ')}`);
    }
    if (!chosen.includes(i)) chosen.push(i);
  }
  return pick(t, chosen);
}

/** Display width of a cell: its longest line (cells may hold several lines). */
function textWidth(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, [...line].length);
  return widest;
}

function columnWidths(t: Tabular, shown: readonly string[][]): number[] {
  return t.columns.map((c, i) => shown.reduce((w, row) => Math.max(w, textWidth(row[i] ?? '')), textWidth(c.header)));
}

/** Width of the drawn table: each column plus one space each side, and a border between and around. */
function tableWidth(widths: readonly number[]): number {
  return widths.reduce((s, w) => s + w + 3, 1);
}

/** Breaks text into lines of at most `width` characters at spaces (a longer word is cut). */
export function wrapText(text: string, width: number): string {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    // A paragraph's indent stays on its first line.
    const indent = /^ */.exec(paragraph)![0].slice(0, Math.max(0, width - 1));
    let line = indent;
    for (const word of paragraph.trimStart().split(' ')) {
      let w = word;
      while ([...w].length > width) {
        if (line) lines.push(line), (line = '');
        lines.push([...w].slice(0, width).join(''));
        w = [...w].slice(width).join('');
      }
      if (!line.trim()) line += w;
      else if ([...line].length + 1 + [...w].length <= width) line += ` ${w}`;
      else lines.push(line), (line = w);
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/** Shortens text to `width` characters, keeping its end (a layer name's leaf): '…0.conv1'. */
function shorten(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `…${chars.slice(chars.length - width + 1).join('')}`;
}

/** Narrowest a text column is squeezed to before its text is cut. */
const MIN_TEXT = 12;

export interface FitResult {
  readonly table: Tabular;
  /** Keys of the columns left out. */
  readonly dropped: readonly string[];
}

/**
 * The table within `width` characters: columns with the lowest priority are left out first (a note
 * names them), then text columns that allow it are wrapped, then the widest text is shortened.
 * Cells come back as display text, so the renderers print them as they are.
 */
export function fitToWidth(t: Tabular, width: number): FitResult {
  const fitted = fitColumns(t, width);
  // Lines above and below the table wrap at the same width.
  const wrap = (lines: readonly string[] | undefined) => lines?.flatMap((l) => wrapText(l, width).split('\n'));
  return { table: { ...fitted.table, title: wrap(fitted.table.title) ?? [], ...(fitted.table.notes ? { notes: wrap(fitted.table.notes) } : {}) }, dropped: fitted.dropped };
}

function fitColumns(t: Tabular, width: number): FitResult {
  const shownOf = (table: Tabular) => [...table.rows, ...(table.footer ?? [])].map((row) => row.map((cell, i) => humanCell(table.columns[i].kind, cell)));
  let shown = shownOf(t);
  let widths = columnWidths(t, shown);
  if (tableWidth(widths) <= width) return { table: t, dropped: [] };
  // Leave out columns, lowest priority first (the rightmost of equals first).
  const keep = t.columns.map((_, i) => i);
  const droppable = keep.filter((i) => t.columns[i].priority !== undefined).sort((a, b) => t.columns[a].priority! - t.columns[b].priority! || b - a);
  const dropped: number[] = [];
  const current = () => tableWidth(keep.map((i) => widths[i]));
  for (const i of droppable) {
    if (current() <= width) break;
    keep.splice(keep.indexOf(i), 1);
    dropped.push(i);
  }
  const droppedKeys = dropped.map((i) => columnKey(t.columns[i]));
  const note = droppedKeys.length ? [`columns left out to fit ${width} characters: ${droppedKeys.join(', ')} (choose with --columns, or widen the terminal)`] : [];
  let table = pick(t, keep, note);
  shown = shownOf(table);
  widths = columnWidths(table, shown);
  let excess = tableWidth(widths) - width;
  if (excess > 0) {
    // Text columns give up width one character at a time, always the widest, so they end up
    // about even; then their text is wrapped where allowed, else shortened with '…'.
    const text = table.columns.map((_, i) => i).filter((i) => table.columns[i].kind === 'text');
    const target = [...widths];
    while (excess > 0) {
      const widest = text.reduce((best, i) => (target[i] > MIN_TEXT && (best < 0 || target[i] > target[best]) ? i : best), -1);
      if (widest < 0) break;
      target[widest]--;
      excess--;
    }
    const columns = table.columns;
    const fit = (row: readonly string[]) => row.map((cell, i) => (target[i] >= widths[i] ? cell : columns[i].wrap ? wrapText(cell, target[i]) : cell.split('\n').map((line) => shorten(line, target[i])).join('\n')));
    const rows = shown.slice(0, table.rows.length).map(fit);
    const footer = shown.slice(table.rows.length).map(fit);
    // Display text from here on: the cells are strings, which every kind prints as is.
    table = { ...table, rows, ...(table.footer ? { footer } : {}) };
  }
  return { table, dropped: droppedKeys };
}
