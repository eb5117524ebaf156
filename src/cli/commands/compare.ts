import type { Command } from 'commander';
import type { CostReport } from '../../cost/analyze.js';
import { FlopscopeError } from '../../errors.js';
import { compareExactTable, compareGroupsJson, compareGroupsTable, compareJson, compareTable } from '../../report/compare-view.js';
import type { Grouping } from '../../report/rows.js';
import { analyzeRef } from '../analysis.js';
import type { CommandContext } from '../context.js';
import { COMPARE_CHARTS } from '../../report/charts/names.js';
import { addAnalysisOptions, addGroupingOptions, FORMATS, grouping, type AnalysisFlags } from '../options.js';
import { addPictureOptions, checkOutput, emit, isPicture, PICTURE_FORMATS, type OutputFlags } from '../picture-output.js';
import { render } from '../render.js';

export function registerCompare(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('compare')
    .description('totals of several models side by side, with deltas against the first; --by adds where the cost sits')
    .argument('<models...>', 'two or more models: built-in names (see flopscope list) or files: models/mynet.ts#exportName');
  addPictureOptions(addGroupingOptions(addAnalysisOptions(cmd, [...FORMATS, ...PICTURE_FORMATS])), COMPARE_CHARTS)
    .addHelpText('after', `
Examples:
  flopscope compare resnet50_v1 se_resnet50 --convention paper
  flopscope compare resnet50_v1 se_resnet50 --convention paper --by stage
  flopscope compare mobilenet_v1 se_mobilenet_v1 shufflenet_v1_g3 --format markdown
  flopscope compare resnet50_v1 se_resnet50 --convention paper --format html -o compare.html`)
    .action(async (models: string[], flags: AnalysisFlags & OutputFlags & { by?: Grouping; depth?: number }) => {
      checkOutput(flags, ctx.io);
      if (models.length < 2) throw new FlopscopeError('usage', `compare needs two or more models, received ${models.length} ('${models[0]}'); use flopscope report for one`);
      const reports: CostReport[] = [];
      for (const m of models) reports.push(await analyzeRef(m, flags, ctx.io));
      const grouped = flags.by !== undefined || flags.depth !== undefined;
      const { by, depth } = grouping(flags);
      if (isPicture(flags.format)) {
        // Pictures always show where the cost sits: by stage unless --by says otherwise.
        emit(await (await import('../pictures.js')).comparePicture(reports, grouped ? by : 'stage', depth, flags), flags, ctx.io);
        return;
      }
      if (!grouped) {
        // CSV is for machines: exact totals, one row per model.
        emit(render(flags.format, () => (flags.format === 'csv' ? compareExactTable(reports) : compareTable(reports)), () => compareJson(reports)), flags, ctx.io);
        return;
      }
      const groups = () => compareGroupsTable(reports, by, depth);
      if (flags.format === 'json') emit(render('json', groups, () => ({ ...compareJson(reports), ...compareGroupsJson(reports, by, depth) })), flags, ctx.io);
      else if (flags.format === 'csv') emit(render('csv', () => compareGroupsTable(reports, by, depth, true), () => undefined), flags, ctx.io);
      else emit(render(flags.format, () => compareTable(reports), () => undefined) + '\n' + render(flags.format, groups, () => undefined), flags, ctx.io);
    });
}
