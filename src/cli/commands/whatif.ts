import { Option, type Command } from 'commander';
import { conventionNames, type ConventionName } from '../../cost/conventions/index.js';
import { dtypeNames, type DtypeName } from '../../cost/dtype.js';
import { inertOverrides, resolveOptions } from '../../dsl/family.js';
import { parseSweep } from '../../whatif/sweep.js';
import { whatIf } from '../../whatif/what-if.js';
import { whatIfJson, whatIfTable } from '../../whatif/what-if-view.js';
import { whatIfLatency } from '../../whatif/latency.js';
import { withWhatIfLatency, withWhatIfLatencyJson } from '../../whatif/latency-view.js';
import { describeDevice } from '../../device/describe.js';
import { DEVICE_OPTION_HELP, loadDeviceFlag } from '../device.js';
import type { CommandContext } from '../context.js';
import { uncountedLine } from '../../report/report-view.js';
import { addColumnsOption, FORMATS, parseSets, type Format, collect, MODEL_ARGUMENT } from '../options.js';
import { render, tableLayout } from '../render.js';
import { FlopscopeError } from '../../errors.js';
import { tooManyPoints, WHATIF_CHARTS, WHATIF_MAX_POINTS } from '../../report/charts/names.js';
import { addPictureOptions, checkOutput, emit, isPicture, PICTURE_FORMATS, type OutputFlags, type PictureFormat } from '../picture-output.js';
import { resolveArchitecture } from '../resolve.js';

interface WhatIfFlags {
  sweep: string[];
  set: string[];
  baseline?: string;
  input?: string;
  convention: ConventionName;
  dtype: DtypeName;
  format: Format | PictureFormat;
  columns?: string[];
  device?: string;
  allowUnknown?: boolean;
}

export function registerWhatIf(program: Command, ctx: CommandContext): void {
  const cmd = addColumnsOption(program
    .command('whatif')
    .description('cost of every configuration of a sweep over model options, with deltas against a baseline')
    .argument('<model>', MODEL_ARGUMENT)
    .option('--sweep <key=values>', "values to try for one option (repeatable; several sweeps form their product): key=v1,v2,... ; list options separate lists with '/' (se_stages=1,2,3/4/none); input=160,192,224 or full shapes", collect, [])
    .option('--set <key=value>', 'fix an option for every configuration (repeatable); the baseline keeps its own options', collect, [])
    .option('--baseline <model>', 'model to compare against (default: the model with its own options)')
    .option('--input <shape>', "input of the baseline and of every configuration that does not sweep input (default: the model's own)")
    .addOption(new Option('--convention <name>', 'what the headline FLOPs count').choices(conventionNames()).default('macs'))
    .addOption(new Option('--dtype <type>', 'bytes per element for memory figures').choices(dtypeNames()).default('fp32'))
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS, ...PICTURE_FORMATS]).default('table')))
    .option('--device <file>', `${DEVICE_OPTION_HELP} of every configuration, beside its FLOPs`)
    .option('--allow-unknown', 'ONNX models: leave ops outside the catalogue out of every configuration, listed as not counted, instead of stopping');
  addPictureOptions(cmd, WHATIF_CHARTS)
    .addHelpText('after', `
Sweep values: ',' separates the values of an option (reduction=2,4,8); for list-valued options
such as se_stages, ',' separates the items of one list and '/' separates the lists, and 'none'
is the empty list (se_stages=1,2,3/1,2,3,4/none). input=R means 1x3xRxR (the model's own N and
C); full shapes such as 2x3x160x192 are accepted too. At most 100,000 configurations.

Examples:
  flopscope whatif se_resnet50 --sweep reduction=2,4,8,16,32 --baseline resnet50_v1
  flopscope whatif se_resnet50 --set se_stages=1,2,3 --baseline resnet50_v1
  flopscope whatif se_resnet50 --sweep se_stages=1/2/3/4/1,2,3,4 --convention paper
  flopscope whatif se_resnet50 --sweep squeeze=avg,none --convention paper --format markdown
  flopscope whatif resnet50 --sweep input=160,192,224 --sweep width=0.5,0.75,1 --format csv
  flopscope whatif se_resnet50 --sweep se_stages=1/2/3/4/1,2,3,4/none --device device.json
  flopscope whatif se_resnet50 --sweep reduction=2,4,8,16,32 --sweep se_stages=1/2/3/4/1,2,3,4 --format html -o sweep.html
  flopscope whatif se_resnet50 --sweep se_stages=1/2/3/4/1,2,3,4/none --device device.json --format html -o time.html`)
    .action(async (model: string, flags: WhatIfFlags & OutputFlags) => {
      checkOutput(flags, ctx.io);
      const unknown = { allowUnknown: flags.allowUnknown === true };
      const arch = await resolveArchitecture(model, ctx.io.cwd, unknown);
      const baseline = flags.baseline === undefined ? undefined : await resolveArchitecture(flags.baseline, ctx.io.cwd, unknown);
      const sweep = flags.sweep.map((s) => parseSweep(arch, s));
      const count = sweep.reduce((n, axis) => n * axis.values.length, 1);
      if (isPicture(flags.format) && count > WHATIF_MAX_POINTS) throw new FlopscopeError('usage', tooManyPoints(count));
      const set = parseSets(flags.set);
      // A swept or fixed option that changes nothing (reduction while se=false) gives identical
      // rows: say so. An option whose dependency is itself swept is left alone.
      const swept = new Set(sweep.map((a) => a.key));
      const touched = Object.fromEntries([...Object.keys(set), ...swept].filter((k) => k !== 'input').map((k) => [k, true]));
      const resolved = resolveOptions(arch, set);
      for (const note of inertOverrides(arch, touched, resolved)) {
        if (!swept.has(note.dependsOn)) ctx.io.stderr.write(`flopscope: note: ${note.text}\n`);
      }
      const result = whatIf(arch, {
        sweep,
        set,
        ...(baseline ? { baseline } : {}),
        ...(flags.input !== undefined ? { input: flags.input } : {}),
        convention: flags.convention,
        dtype: flags.dtype,
      });
      for (const u of [result.uncounted, result.baseline.model !== result.model ? result.baseline.uncounted : undefined]) {
        if (u?.length) ctx.io.stderr.write(`flopscope: warning: ${uncountedLine(u)}\n`);
      }
      const device = flags.device === undefined ? undefined : loadDeviceFlag(flags.device, ctx.io);
      const timed = device ? whatIfLatency(arch, baseline ?? arch, result, device) : undefined;
      if (isPicture(flags.format)) {
        const json = timed ? withWhatIfLatencyJson(whatIfJson(result), timed) : whatIfJson(result);
        emit(await (await import('../pictures.js')).whatIfPicture(json, flags, device ? describeDevice(device) : undefined), flags, ctx.io);
        return;
      }
      const table = (exact: boolean) => (timed ? withWhatIfLatency(whatIfTable(result, { exact }), timed, exact) : whatIfTable(result, { exact }));
      const json = () => (timed ? withWhatIfLatencyJson(whatIfJson(result), timed) : whatIfJson(result));
      const format = flags.format as Format;
      emit(render(format, () => table(format === 'csv'), json, tableLayout(flags, ctx.io)), flags, ctx.io);
    });
}
