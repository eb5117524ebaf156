import { Option, type Command } from 'commander';
import { opsJson, opsTable } from '../../report/ops-view.js';
import type { CommandContext } from '../context.js';
import type { Format } from '../options.js';
import { render } from '../render.js';

export function registerOps(program: Command, ctx: CommandContext): void {
  program
    .command('ops')
    .description('the op catalogue: what each op counts, its parameters and its rule in every convention')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'markdown']).default('table'))
    .addHelpText('after', '\nExamples:\n  flopscope ops\n  flopscope ops --format markdown')
    .action((flags: { format: Format }) => {
      ctx.io.stdout.write(render(flags.format, opsTable, opsJson));
    });
}
