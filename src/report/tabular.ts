// One description of a table, three renderings: terminal (cli-table3), Markdown and CSV.
// Terminal and Markdown print decimal units (4.09 G); CSV prints exact integers for machines.
import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import type { Dim } from '../shape/dim.js';
import { human, humanBytes, jsonCount, percent } from '../units.js';

/** 'number' is a ready-made numeric string (right-aligned, printed as is). */
export type ColumnKind = 'text' | 'number' | 'count' | 'bytes' | 'share' | 'delta';

export interface Column {
  readonly header: string;
  readonly kind: ColumnKind;
  /** The name --columns takes (default: the header in lower case, words joined by '-'). */
  readonly key?: string;
  /** Other names --columns takes for it (a merged 'MACs = FLOPs' column answers to both). */
  readonly aliases?: readonly string[];
  /**
   * How much the column matters when the table must fit the terminal: the lowest goes first.
   * Columns without one are never left out.
   */
  readonly priority?: number;
  /** Long text may wrap onto several lines (descriptions) rather than be shortened. */
  readonly wrap?: boolean;
}

/** A cell: text, a count (Dim), or a share (a fraction, for 'share' columns). */
export type Cell = string | Dim;

export interface Tabular {
  /** Lines printed above the table (model, input, convention in words). */
  readonly title: readonly string[];
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
  /** Rows set apart at the bottom (totals). */
  readonly footer?: readonly (readonly Cell[])[];
  readonly notes?: readonly string[];
}

/** A cell as people read it (terminal, Markdown): decimal units, percentages. */
export function humanCell(kind: ColumnKind, cell: Cell): string {
  if (typeof cell === 'string') return cell;
  switch (kind) {
    case 'count':
      return human(cell);
    case 'bytes':
      return humanBytes(cell);
    case 'share':
      return percent(Number(cell));
    default:
      return String(cell);
  }
}

const NUMBER = /^[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/**
 * A cell for CSV: exact integers, percentages as numbers (the header says %), and nothing at all
 * where the table shows '-' or words, so a numeric column holds numbers only. A symbolic count is
 * its formula (mathjs syntax).
 */
function rawCell(kind: ColumnKind, cell: Cell): string {
  if (kind === 'text') return typeof cell === 'string' ? cell : String(jsonCount(cell));
  if (typeof cell === 'string') return NUMBER.test(cell.trim()) ? cell.trim() : '';
  if (kind === 'share') return Number.isFinite(Number(cell)) ? (Number(cell) * 100).toFixed(4) : '';
  return String(jsonCount(cell));
}

function rawHeader(c: Column): string {
  return c.kind === 'share' && !c.header.includes('%') ? `${c.header} %` : c.header;
}

// cli-table3 is loaded on first use: JSON, CSV and Markdown output never need it.
const require = createRequire(import.meta.url);
let TableClass: typeof TableType | undefined;
let cellWidth: ((text: string) => number) | undefined;

/** Printable ASCII: one column per character, whatever string-width would find. */
const PLAIN = /^[\x20-\x7e]*$/;

/**
 * cli-table3, measuring text with a fast path: its string-width builds the ANSI and emoji
 * regular expressions again for every call, several calls per cell, which was a third of a
 * report's run time. Printable ASCII (nearly every cell) is measured by its length, which is what
 * string-width returns for it; any other text goes to string-width. The shim is put in require's
 * cache where cli-table3 looks for string-width, before cli-table3 is loaded.
 */
function loadTable(): typeof TableType {
  const tableRequire = createRequire(require.resolve('cli-table3'));
  const path = tableRequire.resolve('string-width');
  const stringWidth = tableRequire(path) as (text: string) => number;
  const cached = require.cache[path];
  if (cached && cached.exports === stringWidth) {
    cached.exports = (text: string) => (typeof text === 'string' && PLAIN.test(text) ? text.length : stringWidth(text));
  }
  return require('cli-table3') as typeof TableType;
}

/** Rows per cli-table3 table: its layout step compares every cell with every earlier one. */
const ROWS_PER_BLOCK = 100;
const NO_TOP = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '' };
const NO_BOTTOM = { bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '' };
// No rule between body rows: long per-layer tables stay readable.
const NO_RULES = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/**
 * The terminal table. cli-table3 lays out a table in time quadratic in its rows, so a long one is
 * drawn as blocks of rows with the same column widths, stacked without their inner borders: the
 * same text as one table, in time linear in the rows.
 */
export function renderTerminal(t: Tabular): string {
  TableClass ??= loadTable();
  cellWidth ??= (require('cli-table3/src/utils') as { strlen: (text: string) => number }).strlen;
  const Table = TableClass;
  const head = t.columns.map((c) => c.header);
  const colAligns = t.columns.map((c) => (c.kind === 'text' ? 'left' as const : 'right' as const));
  const rows = [...t.rows, ...(t.footer ?? [])].map((row) => row.map((cell, i) => humanCell(t.columns[i].kind, cell)));
  const style = { head: [], border: [] };
  if (rows.length <= ROWS_PER_BLOCK) {
    const table = new Table({ head, colAligns, style, chars: NO_RULES });
    table.push(...rows);
    return [...t.title, table.toString(), ...(t.notes ?? [])].join('\n') + '\n';
  }
  // Widths as cli-table3 computes them: the widest cell plus one space of padding on each side.
  const widths = head.map((h, i) => rows.reduce((w, row) => Math.max(w, cellWidth!(row[i] ?? '')), cellWidth!(h)) + 2);
  const blocks: string[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_BLOCK) {
    const first = start === 0;
    const last = start + ROWS_PER_BLOCK >= rows.length;
    const chars = { ...NO_RULES, ...(first ? {} : NO_TOP), ...(last ? {} : NO_BOTTOM) };
    const table = new Table({ ...(first ? { head } : {}), colAligns, colWidths: widths, style, chars });
    table.push(...rows.slice(start, start + ROWS_PER_BLOCK));
    blocks.push(table.toString());
  }
  return [...t.title, ...blocks, ...(t.notes ?? [])].join('\n') + '\n';
}

export function renderMarkdown(t: Tabular): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = t.title.map((l, i) => (i === 0 ? `### ${esc(l)}` : esc(l)));
  if (lines.length) lines.push('');
  lines.push(`| ${t.columns.map((c) => esc(c.header)).join(' | ')} |`);
  lines.push(`| ${t.columns.map((c) => (c.kind === 'text' ? '---' : '---:')).join(' | ')} |`);
  for (const row of t.rows) lines.push(`| ${row.map((cell, i) => esc(humanCell(t.columns[i].kind, cell))).join(' | ')} |`);
  // Totals in bold; an empty cell stays empty (no stray '****').
  const bold = (text: string) => (text.trim() ? `**${text.trim()}**` : '');
  for (const row of t.footer ?? []) lines.push(`| ${row.map((cell, i) => bold(esc(humanCell(t.columns[i].kind, cell)))).join(' | ')} |`);
  if (t.notes?.length) lines.push('', ...t.notes.map(esc));
  return lines.join('\n') + '\n';
}

export function renderCsv(t: Tabular): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [t.columns.map((c) => quote(rawHeader(c))).join(',')];
  for (const row of [...t.rows, ...(t.footer ?? [])]) lines.push(row.map((cell, i) => quote(rawCell(t.columns[i].kind, cell))).join(','));
  return lines.join('\n') + '\n';
}
