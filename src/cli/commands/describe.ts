import { Option, type Command } from 'commander';
import { describeArchitecture } from '../../dsl/describe.js';
import { describeJson, describeTable } from '../../report/describe-view.js';
import type { CommandContext } from '../context.js';
import { collect, parseSets, MODEL_ARGUMENT } from '../options.js';
import { render, terminalWidth } from '../render.js';
import { resolveArchitecture } from '../resolve.js';

interface DescribeFlags {
  set: string[];
  format: 'table' | 'json' | 'markdown';
}

export function registerDescribe(program: Command, ctx: CommandContext): void {
  program
    .command('describe')
    .description("a model's family, default input and every option: type, value, default, allowed values, what it depends on")
    .argument('<model>', MODEL_ARGUMENT)
    .option('--set <key=value>', 'show the values with these overrides (repeatable)', collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .addHelpText('after', `
Examples:
  flopscope describe se_resnet50
  flopscope describe mobilenet_v3_large --format json
  flopscope describe models/mynet.ts#tiny --set width=64`)
    .action(async (model: string, flags: DescribeFlags) => {
      const arch = await resolveArchitecture(model, ctx.io.cwd);
      const description = describeArchitecture(arch, parseSets(flags.set));
      // A model without options (an imported ONNX file) has no table to show: its lines say it all.
      const table = describeTable(description);
      const plain = description.options.length === 0 && flags.format !== 'json';
      ctx.io.stdout.write(plain ? [...table.title, ...(table.notes ?? [])].join('\n') + '\n' : render(flags.format, () => table, () => describeJson(description), { width: terminalWidth(ctx.io) }));
    });
}
