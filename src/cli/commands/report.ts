import type { Command } from 'commander';
import { NEEDS_DEVICE, REPORT_CHARTS } from '../../report/charts/names.js';
import { FlopscopeError } from '../../errors.js';
import { reportJson, reportTable } from '../../report/report-view.js';
import type { Grouping } from '../../report/rows.js';
import { predictLatency } from '../../device/roofline.js';
import { withLatencyColumns, withLatencyJson } from '../../report/latency-view.js';
import { analyzeRef } from '../analysis.js';
import { DEVICE_OPTION_HELP, loadDeviceFlag } from '../device.js';
import type { CommandContext } from '../context.js';
import { addAnalysisOptions, addColumnsOption, addGroupingOptions, FORMATS, grouping, type AnalysisFlags, MODEL_ARGUMENT } from '../options.js';
import { addPictureOptions, checkOutput, emit, isPicture, PICTURE_FORMATS, type OutputFlags } from '../picture-output.js';
import { render, tableLayout } from '../render.js';

export function registerReport(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('report')
    .description('per-layer cost of one model: params, MACs, FLOPs, activations, memory traffic')
    .argument('<model>', MODEL_ARGUMENT)
    .option('--show-source', 'add the file:line:column of the DSL call that made each layer (architectures from files)')
    .option('--device <file>', DEVICE_OPTION_HELP);
  addColumnsOption(addPictureOptions(addGroupingOptions(addAnalysisOptions(cmd, [...FORMATS, ...PICTURE_FORMATS])), REPORT_CHARTS))
    .addHelpText('after', `
Examples:
  flopscope report resnet50 --convention macs
  flopscope report se_resnet50 --by stage --format markdown
  flopscope report mobilenet_v2 --input Nx3xHxW --by op
  flopscope report se_resnet50 --set reduction=8 --set se_stages=1,2,3 --format json
  flopscope report models/mynet.ts#tiny --show-source
  flopscope report se_resnet50 --device device.json
  flopscope report se_resnet50 --format html -o se_resnet50.html
  flopscope report resnet50 --format svg --chart memory -o memory.svg
  flopscope report se_resnet50 --device device.json --format svg --chart time -o time.svg
  flopscope report resnet50 --columns params,flops,share

When the terminal is narrower than the table, its least important columns are left out (a note says
which); --columns chooses them (layer, op, output, params, macs, flops, activations, traffic,
intensity, share, source; the first column always stays).`)
    .action(async (model: string, flags: AnalysisFlags & OutputFlags & { by?: Grouping; depth?: number; showSource?: boolean; device?: string; columns?: string[] }) => {
      checkOutput(flags, ctx.io);
      if (flags.chart === 'time' && flags.device === undefined) throw new FlopscopeError('usage', NEEDS_DEVICE);
      if (isPicture(flags.format)) {
        emit(await (await import('../pictures.js')).reportPicture(model, flags, ctx.io), flags, ctx.io);
        return;
      }
      const view = { ...grouping(flags), showSource: flags.showSource === true, readable: flags.format !== 'csv' };
      const { graph, report: analyzed } = await analyzeRef(model, flags, ctx.io);
      const latency = flags.device === undefined ? undefined : predictLatency(graph, analyzed, loadDeviceFlag(flags.device, ctx.io));
      // Locating calls loads ts-morph and source maps: only when locations are shown.
      const locate = flags.showSource || (flags.format === 'json' && analyzed.layers.some((l) => l.site));
      const report = locate ? (await import('../../source/locate.js')).locateReport(analyzed, ctx.io.cwd) : analyzed;
      const table = () => (latency ? withLatencyColumns(reportTable(report, view), report, latency, view.by, view.depth, flags.format === 'csv') : reportTable(report, view));
      const json = () => (latency ? withLatencyJson(reportJson(report), report, latency) : reportJson(report));
      emit(render(flags.format, table, json, tableLayout(flags, ctx.io)), flags, ctx.io);
    });
}
