import { Option, type Command } from 'commander';
import { calibrate } from '../../device/calibrate.js';
import { describeDevice } from '../../device/describe.js';
import { writeFileWhole } from '../../files.js';
import { jsonText } from '../../units.js';
import type { CommandContext } from '../context.js';
import { parseCount } from '../options.js';
import { progressBar } from '../progress.js';

interface CalibrateFlags {
  output?: string;
  threads: string;
  optimization: 'all' | 'disabled';
  name?: string;
  quick?: boolean;
}

export function registerCalibrate(program: Command, ctx: CommandContext): void {
  program
    .command('calibrate')
    .description('measure this machine with onnxruntime (peak compute, memory bandwidth, per-kernel overhead, per-op-kind efficiency) and write a device profile for --device')
    .option('-o, --output <file>', 'the device profile to write (flopscope.device/1 JSON); without it the profile is printed')
    .option('--threads <n>', 'onnxruntime intra-op threads (1 gives stable figures on a shared machine)', '1')
    .addOption(new Option('--optimization <level>', "onnxruntime graph optimizations: 'all' fuses layers as a deployed engine does; 'disabled' runs every layer apart").choices(['all', 'disabled']).default('all'))
    .option('--name <text>', 'name of the device in the profile')
    .option('--quick', 'smaller probes and fewer runs: a valid profile in a few seconds, rougher figures (for tests)')
    .addHelpText('after', `
Every figure comes from synthetic one-op graphs timed by onnxruntime-node, never from a model
the predictions are checked on; the profile records how each was obtained.

Examples:
  flopscope calibrate -o device.json
  flopscope calibrate -o device-2t.json --threads 2
  flopscope report resnet50 --device device.json`)
    .action(async (flags: CalibrateFlags) => {
      const threads = parseCount('--threads', flags.threads, 1);
      const progress = await progressBar(ctx.io, false);
      let profile;
      try {
        profile = await calibrate({
          threads, graphOptimization: flags.optimization, quick: flags.quick === true,
          ...(flags.name !== undefined ? { name: flags.name } : {}),
          onProbe: (d, t) => progress.update(d, t, 'probes'),
        });
      } finally {
        progress.stop();
      }
      const json = jsonText(profile);
      if (flags.output === undefined) {
        ctx.io.stdout.write(json);
        return;
      }
      writeFileWhole({ file: flags.output, cwd: ctx.io.cwd, what: 'the device profile' }, json);
      ctx.io.stdout.write(`wrote ${flags.output}: ${describeDevice(profile)}\n`);
    });
}
