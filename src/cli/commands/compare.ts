import type { Command } from 'commander';
import type { CostReport } from '../../cost/analyze.js';
import { FlopscopeError } from '../../errors.js';
import { compareExactTable, compareGroupsJson, compareGroupsTable, compareJson, compareTable } from '../../report/compare-view.js';
import type { Grouping } from '../../report/rows.js';
import { analyzeRef } from '../analysis.js';
import type { CommandContext } from '../context.js';
import { addAnalysisOptions, addColumnsOption, addGroupingOptions, grouping, type AnalysisFlags } from '../options.js';
import { render, terminalWidth } from '../render.js';

export function registerCompare(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('compare')
    .description('totals of several models side by side, with deltas against the first; --by adds where the cost sits')
    .argument('<models...>', 'two or more models: built-in names (see flopscope list) or files: models/mynet.ts#exportName');
  addColumnsOption(addGroupingOptions(addAnalysisOptions(cmd)))
    .addHelpText('after', `
Examples:
  flopscope compare resnet50_v1 se_resnet50 --convention paper
  flopscope compare resnet50_v1 se_resnet50 --convention paper --by stage
  flopscope compare mobilenet_v1 se_mobilenet_v1 shufflenet_v1_g3 --format markdown`)
    .action(async (models: string[], flags: AnalysisFlags & { by?: Grouping; depth?: number; columns?: string[] }) => {
      const width = terminalWidth(ctx.io);
      if (models.length < 2) throw new FlopscopeError('usage', `compare needs two or more models, received ${models.length} ('${models[0]}'); use flopscope report for one`);
      const reports: CostReport[] = [];
      for (const m of models) reports.push(await analyzeRef(m, flags, ctx.io));
      const grouped = flags.by !== undefined || flags.depth !== undefined;
      const { by, depth } = grouping(flags);
      if (!grouped) {
        // CSV is for machines: exact totals, one row per model.
        ctx.io.stdout.write(render(flags.format, () => (flags.format === 'csv' ? compareExactTable(reports) : compareTable(reports)), () => compareJson(reports), { ...(flags.columns ? { columns: flags.columns } : {}), width }));
        return;
      }
      const groups = () => compareGroupsTable(reports, by, depth);
      // --columns picks among the per-group columns (the totals table has one column per model).
      const layout = { ...(flags.columns ? { columns: flags.columns } : {}), width };
      if (flags.format === 'json') ctx.io.stdout.write(render('json', groups, () => ({ ...compareJson(reports), ...compareGroupsJson(reports, by, depth) })));
      else if (flags.format === 'csv') ctx.io.stdout.write(render('csv', () => compareGroupsTable(reports, by, depth, true), () => undefined, layout));
      else ctx.io.stdout.write(render(flags.format, () => compareTable(reports), () => undefined, { width }) + '\n' + render(flags.format, groups, () => undefined, layout));
    });
}
