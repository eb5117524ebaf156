import type { Command } from 'commander';
import type { CostReport } from '../../cost/analyze.js';
import { compareJson, compareTable } from '../../report/compare-view.js';
import { analyzeRef } from '../analysis.js';
import type { CommandContext } from '../context.js';
import { addAnalysisOptions, type AnalysisFlags } from '../options.js';
import { render } from '../render.js';

export function registerCompare(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('compare')
    .description('totals of several models side by side, with deltas against the first')
    .argument('<models...>', 'two or more built-in model names');
  addAnalysisOptions(cmd)
    .addHelpText('after', `
Examples:
  flopscope compare resnet50_v1 se_resnet50 --convention paper
  flopscope compare mobilenet_v1 se_mobilenet_v1 shufflenet_v1_g3 --format markdown`)
    .action(async (models: string[], flags: AnalysisFlags) => {
      const reports: CostReport[] = [];
      for (const m of models) reports.push(await analyzeRef(m, flags, ctx.io.cwd));
      ctx.io.stdout.write(render(flags.format, () => compareTable(reports), () => compareJson(reports)));
    });
}
