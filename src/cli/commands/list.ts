import type { Command } from 'commander';
import { ZOO } from '../../../architectures/index.js';
import type { CommandContext } from '../context.js';

export function registerList(program: Command, ctx: CommandContext): void {
  program
    .command('list')
    .description('list the built-in architectures')
    .addHelpText('after', '\nExample:\n  flopscope list')
    .action(() => {
      const width = Math.max(...ZOO.map((a) => a.name.length));
      for (const a of ZOO) ctx.io.stdout.write(`${a.name.padEnd(width)}  ${a.description}\n`);
    });
}
