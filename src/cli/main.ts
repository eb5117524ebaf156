// The CLI: `run` takes the arguments and an IO object and returns the exit code, so tests run it
// in-process. User mistakes print one line and exit 2; anything else is a bug: `run` rethrows it
// and the binary (`main`) prints it as one line and exits 3.
import { Command, CommanderError } from 'commander';
import { FlopscopeError } from '../errors.js';
import { VERSION } from '../version.js';
import { commandsFor } from './commands/index.js';
import type { CommandContext } from './context.js';
import { guardProcess, internalErrorText, INTERNAL_EXIT, USAGE_EXIT } from './guard.js';
import type { CliIO } from './io.js';

export { INTERNAL_EXIT, USAGE_EXIT };

/** Commander's message (and its "Did you mean" hint) as one line. */
function oneLine(text: string): string {
  return text.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const ctx: CommandContext = { io, exitCode: 0 };
  let commanderError = '';
  const program = new Command('flopscope')
    .description('exact cost analysis (MACs, FLOPs, params, memory) of convolutional networks')
    .version(VERSION)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => { commanderError += s; },
    });
  for (const register of await commandsFor(argv)) register(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      if (e.code === 'commander.help') {
        io.stderr.write(commanderError);
        return USAGE_EXIT;
      }
      io.stderr.write(`flopscope: ${oneLine(commanderError || e.message)} (see flopscope --help)\n`);
      return USAGE_EXIT;
    }
    if (e instanceof FlopscopeError) {
      // A layer in a user file is named at the start of the DSL call that made it.
      const shown = e.site ? (await import('../source/locate.js')).locateError(e, false) : e;
      io.stderr.write(`flopscope: ${shown.message}\n`);
      return USAGE_EXIT;
    }
    throw e;
  }
}

/** The working folder; a deleted one is a user's situation, not a crash. */
function workingFolder(): string {
  try {
    return process.cwd();
  } catch (e) {
    throw new FlopscopeError('usage', `the working folder no longer exists (${(e as NodeJS.ErrnoException).code ?? 'unknown'}); cd into an existing folder and run flopscope again`);
  }
}

/**
 * Entry point of the `flopscope` binary: runs the command and ends the process with its exit code
 * (guard.ts: user code can neither end the run nor keep it alive). `beforeExit` runs once the
 * output is flushed, just before the end (the binary saves its code cache there).
 */
export async function main(options: { beforeExit?: () => void } = {}): Promise<never> {
  let cwd: string | undefined;
  const guard = guardProcess(() => cwd);
  let code: number;
  try {
    cwd = workingFolder();
    code = await run(process.argv.slice(2), { stdout: guard.stdout, stderr: process.stderr, env: process.env, cwd });
  } catch (e) {
    if (e instanceof FlopscopeError) {
      process.stderr.write(`flopscope: ${e.message}\n`);
      code = USAGE_EXIT;
    } else {
      process.stderr.write(internalErrorText(e, process.env));
      code = INTERNAL_EXIT;
    }
  }
  return guard.finish(code, options.beforeExit);
}
