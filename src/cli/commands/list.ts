import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ZOO } from '../../../architectures/index.js';
import { listFolder } from '../../load/folder.js';
import type { CommandContext } from '../context.js';

export function registerList(program: Command, ctx: CommandContext): void {
  program
    .command('list')
    .description('list the built-in architectures, or those a folder of architecture files exports (and its ONNX files)')
    .argument('[folder]', 'a folder of .ts architecture files and .onnx models, e.g. ./models')
    .addHelpText('after', '\nExamples:\n  flopscope list\n  flopscope list ./models')
    .action(async (folder: string | undefined) => {
      // A broken file is named on stderr, one line each, and the run ends with exit 2 once the good ones are listed.
      let broken = 0;
      const rows = folder
        ? (await listFolder(resolve(ctx.io.cwd, folder), ctx.io.cwd, (e) => {
            broken++;
            ctx.io.stderr.write(`flopscope: ${e.message}\n`);
          })).map((a) => ({ name: a.ref, description: a.description }))
        : ZOO.map((a) => ({ name: a.name, description: a.description }));
      if (folder && !rows.length && !broken) ctx.io.stderr.write(`flopscope: no architectures exported under ${folder} (export defineArchitecture(...) from a .ts file, or add .onnx files)\n`);
      if (broken) ctx.exitCode = 2;
      const width = Math.max(0, ...rows.map((r) => r.name.length));
      for (const r of rows) ctx.io.stdout.write(`${r.name.padEnd(width)}  ${r.description}\n`);
    });
}
