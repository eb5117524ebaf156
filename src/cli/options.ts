// Options shared by the commands that analyse a model, and their parsing.
import { Option, type Command } from 'commander';
import { FlopscopeError } from '../errors.js';
import { conventionNames, type ConventionName } from '../cost/conventions/index.js';
import { dtypeNames, type DtypeName } from '../cost/dtype.js';
import { REPORT_FORMATS, type ReportFormat } from '../api/render.js';
import { GROUPINGS, type Grouping } from '../report/rows.js';

/** The text formats of a table: the library's render() formats. */
export const FORMATS = REPORT_FORMATS;
export type Format = ReportFormat;

export interface AnalysisFlags {
  input?: string;
  set: string[];
  /** Checked against the choices by commander. */
  convention: ConventionName;
  dtype: DtypeName;
  format: Format;
  allowUnknown?: boolean;
}

/** Help for a command's <model> argument. */
export const MODEL_ARGUMENT = 'a built-in model name (see flopscope list), a DSL file (models/mynet.ts#exportName) or an ONNX file (model.onnx)';

/** Commander argument parser for a repeatable option: collects every value. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function addAnalysisOptions(cmd: Command, formats: readonly string[] = FORMATS): Command {
  return cmd
    .option('--input <shape>', "input shape NxCxHxW, e.g. 1x3x224x224 or Nx3xHxW (default: the model's own)")
    .option('--set <key=value>', 'override a model option (repeatable), e.g. --set reduction=8', collect, [])
    .addOption(new Option('--convention <name>', 'what the headline FLOPs count').choices(conventionNames()).default('macs'))
    .addOption(new Option('--dtype <type>', 'bytes per element for memory figures').choices(dtypeNames()).default('fp32'))
    .addOption(new Option('--format <format>', 'output format').choices([...formats]).default('table'))
    .option('--allow-unknown', 'ONNX models: list ops outside the catalogue as not counted instead of stopping');
}

export function addGroupingOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--by <grouping>', 'rows per layer, module, op kind or stage').choices([...GROUPINGS]))
    .option('--depth <k>', 'module hierarchy depth for --by module (implies it)', (v) => parseCount('--depth', v, 1));
}

export const COLUMNS_HELP = 'table columns to show, comma-separated, e.g. params,flops,share (default: all that fit the terminal)';

export function parseColumnList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** --columns a,b,c: which table columns to show (their names are the headers, e.g. params, macs, share). */
export function addColumnsOption(cmd: Command): Command {
  return cmd.option('--columns <list>', COLUMNS_HELP, parseColumnList);
}

/** A whole-number flag value of at least `min`; anything else is a usage error naming the flag. */
export function parseCount(flag: string, value: string, min = 0): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new FlopscopeError('usage', `${flag} expects ${min === 0 ? 'a non-negative' : min === 1 ? 'a positive' : `an at least ${min}`} integer, received '${value}'`);
  }
  return n;
}

export function grouping(flags: { by?: Grouping; depth?: number }): { by: Grouping; depth: number } {
  // Only modules nest: a depth means nothing for layers, op kinds or stages, so it is refused.
  if (flags.depth !== undefined && flags.by !== undefined && flags.by !== 'module') {
    throw new FlopscopeError('usage', `--depth applies to --by module (modules K levels deep), received --by ${flags.by} --depth ${flags.depth}; drop --depth, or use --by module --depth ${flags.depth}`);
  }
  return { by: flags.by ?? (flags.depth !== undefined ? 'module' : 'layer'), depth: flags.depth ?? 1 };
}

/** --set key=value pairs as an object; a malformed pair is a usage error. */
export function parseSets(pairs: readonly string[]): Record<string, string> {
  // Keys are defined, not assigned: `--set __proto__=1` is a key like any other (and unknown).
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new FlopscopeError('usage', `--set expects key=value, received '${pair}'`);
    Object.defineProperty(out, pair.slice(0, eq).trim(), { value: pair.slice(eq + 1).trim(), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
