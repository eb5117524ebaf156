// check(): what `flopscope check` does, as a function: the budgets of a config evaluated against
// their limits and baseline, the baseline written on request, and the run's exit code. Printing
// (table, Markdown, JSON, JUnit, GitHub annotations) stays with the caller: renderCheck below.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CorruptBaselineError, isRegularFile, readBaseline, writeBaseline, type Baseline } from '../budget/baseline.js';
import { DEFAULT_BASELINE, loadConfig } from '../budget/config.js';
import { evaluateBudgets, exitCodeOf, withDefinitions } from '../budget/evaluate.js';
import { checkJson } from '../budget/report-json.js';
import { checkJunit } from '../budget/report-junit.js';
import { checkMarkdown, checkTable } from '../budget/report-text.js';
import type { CheckRun } from '../budget/view.js';
import { displayPath } from '../paths.js';
import { jsonText } from '../units.js';

export const CHECK_FORMATS = ['table', 'json', 'markdown', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckOptions {
  /** The folder the config is looked for in, and paths are shown relative to (default: process.cwd()). */
  readonly cwd?: string;
  /** The config file (default: flopscope.config.json, else the "flopscope" key of package.json). */
  readonly config?: string;
  /** The baseline (default: the config's "baseline", else flopscope.baseline.json beside the config when it exists). */
  readonly baseline?: string;
  /** Write the values as the new baseline (when every budget was evaluated); maxIncrease is not applied. */
  readonly updateBaseline?: boolean;
  /** Predict latency on this device profile instead of each budget's "device". */
  readonly device?: string;
  /** Find every budget's definition (a budget met has none otherwise), as JUnit needs. */
  readonly definitions?: boolean;
}

export interface CheckResult extends CheckRun {
  /** Remarks for the user: a corrupt baseline that --update-baseline replaces. */
  readonly notes: readonly string[];
  /** Why the baseline was not written when asked for ('budget' could not be evaluated), else undefined. */
  readonly baselineNotWritten?: string;
}

export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = loadConfig(cwd, options.config);
  const device = options.device === undefined ? undefined : resolve(cwd, options.device);
  const config = device === undefined ? loaded : { ...loaded, budgets: loaded.budgets.map((b) => ({ ...b, device })) };
  const baselineFile = options.baseline ? resolve(cwd, options.baseline) : (config.baseline ?? join(config.baseDir, DEFAULT_BASELINE));
  const baselineShown = displayPath(baselineFile, cwd);
  // An explicit baseline must be readable; the default one is used when it exists. One being
  // replaced is compared with only when it is a file (a FIFO or a device is written, not read).
  const compare = options.updateBaseline ? isRegularFile(baselineFile) : options.baseline !== undefined || config.baseline !== undefined || existsSync(baselineFile);
  const notes: string[] = [];
  let baseline: Baseline | undefined;
  try {
    baseline = compare ? readBaseline(baselineFile, baselineShown) : undefined;
  } catch (e) {
    // A corrupt baseline stops a check; --update-baseline is how it is replaced.
    if (!(e instanceof CorruptBaselineError && options.updateBaseline)) throw e;
    notes.push(`${e.problem}; --update-baseline replaces it`);
  }
  const evaluated = await evaluateBudgets(config, { ...(baseline ? { baseline } : {}), applyIncrease: !options.updateBaseline, cwd });
  const results = options.definitions ? await withDefinitions(evaluated, config) : evaluated;
  let written: string | undefined;
  let notWritten: string | undefined;
  if (options.updateBaseline) {
    const unevaluated = results.filter((r) => !r.values);
    if (unevaluated.length) {
      notWritten = `baseline not written: ${unevaluated.map((r) => `'${r.budget.name}'`).join(', ')} could not be evaluated`;
    } else {
      writeBaseline(baselineFile, baselineShown, results.map((r) => ({
        name: r.budget.name, model: r.budget.model, ...(r.input ? { input: r.input } : {}), convention: r.budget.convention, dtype: r.budget.dtype, ...(r.device ? { device: r.device } : {}),
        values: r.values!, ...(r.layers ? { layers: r.layers } : {}),
      })));
      written = baselineShown;
    }
  }
  return {
    results,
    configShown: displayPath(config.file, cwd),
    ...(baseline ? { baselineShown } : {}),
    ...(written ? { baselineWritten: written } : {}),
    ...(notWritten ? { baselineNotWritten: notWritten } : {}),
    exitCode: exitCodeOf(results),
    cwd,
    notes,
  };
}

/** A check run as `flopscope check --format <format>` prints it (json: flopscope.check/1). */
export function renderCheck(run: CheckRun, format: CheckFormat = 'table'): string {
  switch (format) {
    case 'json':
      return jsonText(checkJson(run));
    case 'markdown':
      return checkMarkdown(run);
    case 'junit':
      return checkJunit(run);
    default:
      return checkTable(run);
  }
}
