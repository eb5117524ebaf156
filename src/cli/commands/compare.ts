import type { Command } from 'commander';
import type { CostReport } from '../../cost/analyze.js';
import { FlopscopeError } from '../../errors.js';
import { compareExactTable, compareGroupsJson, compareGroupsTable, compareJson, compareTable } from '../../report/compare-view.js';
import type { Grouping } from '../../report/rows.js';
import { predictLatency, type LatencyPrediction } from '../../device/roofline.js';
import { withLatencyCompareJson, withLatencyRow, withPredictedColumn } from '../../report/latency-view.js';
import type { Tabular } from '../../report/tabular.js';
import { analyzeRefWithGraph } from '../analysis.js';
import { DEVICE_OPTION_HELP, loadDeviceFlag } from '../device.js';
import type { CommandContext } from '../context.js';
import { addAnalysisOptions, addGroupingOptions, grouping, type AnalysisFlags } from '../options.js';
import { render } from '../render.js';

export function registerCompare(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('compare')
    .description('totals of several models side by side, with deltas against the first; --by adds where the cost sits')
    .argument('<models...>', 'two or more models: built-in names (see flopscope list) or files: models/mynet.ts#exportName')
    .option('--device <file>', DEVICE_OPTION_HELP);
  addGroupingOptions(addAnalysisOptions(cmd))
    .addHelpText('after', `
Examples:
  flopscope compare resnet50_v1 se_resnet50 --convention paper
  flopscope compare resnet50_v1 se_resnet50 --convention paper --by stage
  flopscope compare mobilenet_v1 se_mobilenet_v1 shufflenet_v1_g3 --format markdown
  flopscope compare resnet50_v1 se_resnet50 --device device.json`)
    .action(async (models: string[], flags: AnalysisFlags & { by?: Grouping; depth?: number; device?: string }) => {
      if (models.length < 2) throw new FlopscopeError('usage', `compare needs two or more models, received ${models.length} ('${models[0]}'); use flopscope report for one`);
      const reports: CostReport[] = [];
      const device = flags.device === undefined ? undefined : loadDeviceFlag(flags.device, ctx.io);
      const predictions: LatencyPrediction[] = [];
      for (const m of models) {
        const { graph, report } = await analyzeRefWithGraph(m, flags, ctx.io);
        reports.push(report);
        if (device) predictions.push(predictLatency(graph, report, device));
      }
      const timed = (t: Tabular): Tabular => (device ? withLatencyRow(t, predictions) : t);
      const timedJson = (j: Record<string, unknown>) => (device ? withLatencyCompareJson(j, predictions) : j);
      const grouped = flags.by !== undefined || flags.depth !== undefined;
      const { by, depth } = grouping(flags);
      if (!grouped) {
        // CSV is for machines: exact totals, one row per model.
        const csv = () => (device ? withPredictedColumn(compareExactTable(reports), predictions) : compareExactTable(reports));
        ctx.io.stdout.write(render(flags.format, () => (flags.format === 'csv' ? csv() : timed(compareTable(reports))), () => timedJson(compareJson(reports))));
        return;
      }
      const groups = () => compareGroupsTable(reports, by, depth);
      if (flags.format === 'json') ctx.io.stdout.write(render('json', groups, () => ({ ...timedJson(compareJson(reports)), ...compareGroupsJson(reports, by, depth) })));
      else if (flags.format === 'csv') ctx.io.stdout.write(render('csv', () => compareGroupsTable(reports, by, depth, true), () => undefined));
      else ctx.io.stdout.write(render(flags.format, () => timed(compareTable(reports)), () => undefined) + '\n' + render(flags.format, groups, () => undefined));
    });
}
