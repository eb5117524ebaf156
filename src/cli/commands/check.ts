import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { readBaseline, writeBaseline, type Baseline } from '../../budget/baseline.js';
import { DEFAULT_BASELINE, loadConfig } from '../../budget/config.js';
import { evaluateBudgets, exitCodeOf } from '../../budget/evaluate.js';
import { appendStepSummary, githubAnnotations } from '../../budget/github.js';
import { checkJson } from '../../budget/report-json.js';
import { checkJunit } from '../../budget/report-junit.js';
import { checkMarkdown, checkTable } from '../../budget/report-text.js';
import type { CheckRun } from '../../budget/view.js';
import { FlopscopeError } from '../../errors.js';
import { displayPath } from '../../paths.js';
import type { CommandContext } from '../context.js';
import { jsonText } from '../../units.js';

export const CHECK_FORMATS = ['table', 'json', 'markdown', 'junit'] as const;

interface CheckFlags {
  config?: string;
  baseline?: string;
  updateBaseline?: boolean;
  format: (typeof CHECK_FORMATS)[number];
  annotations?: 'github' | 'none';
  chartsDir?: string;
  device?: string;
}

export function registerCheck(program: Command, ctx: CommandContext): void {
  program
    .command('check')
    .description('check models against the budgets of flopscope.config.json (exit 0 met, 1 exceeded, 2 invalid)')
    .option('--config <path>', 'budget config (default: flopscope.config.json, else the "flopscope" key of package.json)')
    .option('--baseline <file>', `baseline to compare with (default: the config's "baseline", else ${DEFAULT_BASELINE} beside the config when it exists)`)
    .option('--update-baseline', 'write the current values as the new baseline (only when every budget was evaluated); maxIncrease is not applied')
    .addOption(new Option('--format <format>', 'output format').choices([...CHECK_FORMATS]).default('table'))
    .addOption(new Option('--annotations <kind>', 'print CI annotations (default: github when GITHUB_ACTIONS=true)').choices(['github', 'none']))
    .option('--charts-dir <dir>', 'with --format markdown: write one SVG chart per budget into <dir> and link them')
    .option('--device <file>', 'predict latency on this device profile instead of each budget\'s "device" (e.g. the CI machine\'s)')
    .addHelpText('after', `
Examples:
  flopscope check
  flopscope check --config ci/budgets.json --format markdown
  flopscope check --update-baseline
  flopscope check --format junit > budgets.xml
  flopscope check --device ci-device.json
  flopscope check --format markdown --charts-dir budget-charts > budgets.md`)
    .action(async (flags: CheckFlags) => {
      const { cwd, env, stdout, stderr } = ctx.io;
      if (flags.chartsDir !== undefined && flags.format !== 'markdown') throw new FlopscopeError('usage', `--charts-dir links its charts from --format markdown, received --format ${flags.format}`);
      const loaded = loadConfig(cwd, flags.config);
      const device = flags.device === undefined ? undefined : resolve(cwd, flags.device);
      const config = device === undefined ? loaded : { ...loaded, budgets: loaded.budgets.map((b) => ({ ...b, device })) };
      const baselineFile = flags.baseline ? resolve(cwd, flags.baseline) : (config.baseline ?? join(config.baseDir, DEFAULT_BASELINE));
      const baselineShown = displayPath(baselineFile, cwd);
      // An explicit baseline must be readable; the default one is used when it exists.
      const compare = flags.updateBaseline ? existsSync(baselineFile) : flags.baseline !== undefined || config.baseline !== undefined || existsSync(baselineFile);
      let baseline: Baseline | undefined;
      try {
        baseline = compare ? readBaseline(baselineFile, baselineShown) : undefined;
      } catch (e) {
        // A corrupt baseline stops a check; --update-baseline is how it is replaced.
        if (!(e instanceof FlopscopeError && flags.updateBaseline)) throw e;
        stderr.write(`flopscope: note: ${e.message.replace(/; restore it, or write a new one with .*$/, '')}; --update-baseline replaces it\n`);
      }
      const results = await evaluateBudgets(config, { ...(baseline ? { baseline } : {}), applyIncrease: !flags.updateBaseline, cwd });
      const exitCode = exitCodeOf(results);
      let written: string | undefined;
      if (flags.updateBaseline) {
        const unevaluated = results.filter((r) => !r.values);
        if (unevaluated.length) {
          stderr.write(`flopscope: baseline not written: ${unevaluated.map((r) => `'${r.budget.name}'`).join(', ')} could not be evaluated\n`);
        } else {
          writeBaseline(baselineFile, baselineShown, results.map((r) => ({ name: r.budget.name, model: r.budget.model, ...(r.input ? { input: r.input } : {}), convention: r.budget.convention, dtype: r.budget.dtype, values: r.values! })));
          written = baselineShown;
        }
      }
      const run: CheckRun = {
        results,
        configShown: displayPath(config.file, cwd),
        ...(baseline ? { baselineShown } : {}),
        ...(written ? { baselineWritten: written } : {}),
        exitCode,
        cwd,
      };
      let output = { table: checkTable, json: (r: CheckRun) => jsonText(checkJson(r)), markdown: checkMarkdown, junit: checkJunit }[flags.format](run);
      if (flags.chartsDir !== undefined) output += await (await import('../pictures.js')).budgetCharts(checkJson(run), flags.chartsDir, cwd);
      stdout.write(output);
      const github = flags.annotations ? flags.annotations === 'github' : env.GITHUB_ACTIONS === 'true';
      if (github) {
        // Machine-readable output stays clean: annotations then go to stderr (the runner reads both).
        const lines = githubAnnotations(run, env.GITHUB_WORKSPACE ?? cwd);
        (flags.format === 'json' || flags.format === 'junit' ? stderr : stdout).write(lines);
      }
      if (env.GITHUB_STEP_SUMMARY) appendStepSummary(env.GITHUB_STEP_SUMMARY, checkMarkdown(run));
      ctx.exitCode = exitCode;
    });
}
