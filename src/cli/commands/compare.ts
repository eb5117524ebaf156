import type { Command } from 'commander';
import type { CostReport } from '../../cost/analyze.js';
import { FlopscopeError } from '../../errors.js';
import { compareExactTable, compareGroupsJson, compareGroupsTable, compareJson, compareTable } from '../../report/compare-view.js';
import type { Grouping } from '../../report/rows.js';
import { predictLatency, type LatencyPrediction } from '../../device/roofline.js';
import { withLatencyCompareJson, withLatencyGroupsJson, withLatencyRow, withPredictedColumn } from '../../report/latency-view.js';
import type { Tabular } from '../../report/tabular.js';
import { analyzeRef } from '../analysis.js';
import { DEVICE_OPTION_HELP, loadDeviceFlag } from '../device.js';
import type { CommandContext } from '../context.js';
import { COMPARE_CHARTS } from '../../report/charts/names.js';
import { addAnalysisOptions, addColumnsOption, addGroupingOptions, FORMATS, grouping, type AnalysisFlags } from '../options.js';
import { addPictureOptions, checkOutput, emit, isPicture, PICTURE_FORMATS, type OutputFlags } from '../picture-output.js';
import { render, tableLayout } from '../render.js';

export function registerCompare(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('compare')
    .description('totals of several models side by side, with deltas against the first; --by adds where the cost sits')
    .argument('<models...>', 'two or more models: built-in names (see flopscope list), DSL files (models/mynet.ts#exportName) or ONNX files (model.onnx)')
    .option('--device <file>', DEVICE_OPTION_HELP);
  addColumnsOption(addPictureOptions(addGroupingOptions(addAnalysisOptions(cmd, [...FORMATS, ...PICTURE_FORMATS])), COMPARE_CHARTS))
    .addHelpText('after', `
Examples:
  flopscope compare resnet50_v1 se_resnet50 --convention paper
  flopscope compare resnet50_v1 se_resnet50 --convention paper --by stage
  flopscope compare mobilenet_v1 se_mobilenet_v1 shufflenet_v1_g3 --format markdown
  flopscope compare resnet50_v1 se_resnet50 --device device.json
  flopscope compare resnet50_v1 se_resnet50 --convention paper --format html -o compare.html`)
    .action(async (models: string[], flags: AnalysisFlags & OutputFlags & { by?: Grouping; depth?: number; device?: string; columns?: string[] }) => {
      checkOutput(flags, ctx.io);
      const layout = tableLayout(flags, ctx.io);
      if (models.length < 2) throw new FlopscopeError('usage', `compare needs two or more models, received ${models.length} ('${models[0]}'); use flopscope report for one`);
      const reports: CostReport[] = [];
      const device = flags.device === undefined ? undefined : loadDeviceFlag(flags.device, ctx.io);
      const predictions: LatencyPrediction[] = [];
      for (const m of models) {
        const { graph, report } = await analyzeRef(m, flags, ctx.io);
        reports.push(report);
        if (device) predictions.push(predictLatency(graph, report, device));
      }
      const timed = (t: Tabular): Tabular => (device ? withLatencyRow(t, predictions) : t);
      const timedJson = (j: Record<string, unknown>) => (device ? withLatencyCompareJson(j, predictions) : j);
      const groupsJson = (b: Grouping, d: number) => (device ? withLatencyGroupsJson(compareGroupsJson(reports, b, d), reports, predictions, b, d) : compareGroupsJson(reports, b, d));
      const grouped = flags.by !== undefined || flags.depth !== undefined;
      const { by, depth } = grouping(flags);
      if (isPicture(flags.format)) {
        // Pictures always show where the cost sits: by stage unless --by says otherwise.
        const doc = { ...timedJson(compareJson(reports)), ...groupsJson(grouped ? by : 'stage', depth) };
        emit(await (await import('../pictures.js')).comparePicture(doc, flags), flags, ctx.io);
        return;
      }
      if (!grouped) {
        // CSV is for machines: exact totals, one row per model.
        const csv = () => (device ? withPredictedColumn(compareExactTable(reports), predictions) : compareExactTable(reports));
        emit(render(flags.format, () => (flags.format === 'csv' ? csv() : timed(compareTable(reports))), () => timedJson(compareJson(reports)), layout), flags, ctx.io);
        return;
      }
      const groups = () => compareGroupsTable(reports, by, depth);
      // --columns picks among the per-group columns (the totals table has one column per model).
      if (flags.format === 'json') emit(render('json', groups, () => ({ ...timedJson(compareJson(reports)), ...groupsJson(by, depth) })), flags, ctx.io);
      else if (flags.format === 'csv') emit(render('csv', () => compareGroupsTable(reports, by, depth, true), () => undefined, layout), flags, ctx.io);
      else emit(render(flags.format, () => timed(compareTable(reports)), () => undefined, { width: layout.width }) + '\n' + render(flags.format, groups, () => undefined, layout), flags, ctx.io);
    });
}
