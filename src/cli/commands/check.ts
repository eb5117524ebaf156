import { Option, type Command } from 'commander';
import { check, CHECK_FORMATS, renderCheck } from '../../api/check.js';
import { DEFAULT_BASELINE } from '../../budget/config.js';
import { appendStepSummary, githubAnnotations } from '../../budget/github.js';
import { checkJson } from '../../budget/report-json.js';
import { checkMarkdown } from '../../budget/report-text.js';
import { FlopscopeError } from '../../errors.js';
import type { CommandContext } from '../context.js';

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
      const run = await check({
        cwd,
        ...(flags.config !== undefined ? { config: flags.config } : {}),
        ...(flags.baseline !== undefined ? { baseline: flags.baseline } : {}),
        ...(flags.device !== undefined ? { device: flags.device } : {}),
        updateBaseline: flags.updateBaseline === true,
        // JUnit places every test case at its model's definition, met or not.
        definitions: flags.format === 'junit',
      });
      const broken = run.results.filter((r) => r.status === 'error').map((r) => `'${r.budget.name}'`);
      if (broken.length) {
        // Exit 2 says why on stderr in one line; the ERROR rows of the output say why each failed.
        const of = `${broken.length} of ${run.results.length} budget${run.results.length === 1 ? '' : 's'}`;
        stderr.write(`flopscope: ${of} could not be evaluated (${broken.join(', ')}; see the ERROR ${broken.length === 1 ? 'row' : 'rows'})${flags.updateBaseline ? '; the baseline was not written' : ''}\n`);
      } else {
        for (const note of run.notes) stderr.write(`flopscope: note: ${note}\n`);
      }
      let output = renderCheck(run, flags.format);
      if (flags.chartsDir !== undefined) output += await (await import('../pictures.js')).budgetCharts(checkJson(run), flags.chartsDir, cwd);
      stdout.write(output);
      const github = flags.annotations ? flags.annotations === 'github' : env.GITHUB_ACTIONS === 'true';
      if (github) {
        // Machine-readable output stays clean: annotations then go to stderr (the runner reads both).
        const lines = githubAnnotations(run, env.GITHUB_WORKSPACE ?? cwd);
        (flags.format === 'json' || flags.format === 'junit' ? stderr : stdout).write(lines);
      }
      if (env.GITHUB_STEP_SUMMARY) appendStepSummary(env.GITHUB_STEP_SUMMARY, checkMarkdown(run));
      ctx.exitCode = run.exitCode;
    });
}
