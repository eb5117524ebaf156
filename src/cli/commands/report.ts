import type { Command } from 'commander';
import { reportJson, reportTable } from '../../report/report-view.js';
import type { Grouping } from '../../report/rows.js';
import { analyzeRef } from '../analysis.js';
import type { CommandContext } from '../context.js';
import { addAnalysisOptions, addGroupingOptions, grouping, type AnalysisFlags } from '../options.js';
import { render } from '../render.js';

export function registerReport(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('report')
    .description('per-layer cost of one model: params, MACs, FLOPs, activations, memory traffic')
    .argument('<model>', 'a built-in model name (see flopscope list)');
  addGroupingOptions(addAnalysisOptions(cmd))
    .addHelpText('after', `
Examples:
  flopscope report resnet50 --convention macs
  flopscope report se_resnet50 --by stage --format markdown
  flopscope report mobilenet_v2 --input Nx3xHxW --by op
  flopscope report se_resnet50 --set reduction=8 --set se_stages=1,2,3 --format json`)
    .action(async (model: string, flags: AnalysisFlags & { by?: Grouping; depth?: number }) => {
      const report = await analyzeRef(model, flags, ctx.io.cwd);
      const view = grouping(flags);
      ctx.io.stdout.write(render(flags.format, () => reportTable(report, view), () => reportJson(report)));
    });
}
