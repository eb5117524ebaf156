// The CLI: `run` takes the arguments and an IO object and returns the exit code, so tests run it
// in-process. User mistakes print one line and exit 2; anything else is a bug: `run` rethrows it
// and the binary prints it as one line and exits 3.
import { Command, CommanderError } from 'commander';
import { FlopscopeError } from '../errors.js';
import { VERSION } from '../version.js';
import { commandsFor } from './commands/index.js';
import type { CommandContext } from './context.js';
import type { CliIO } from './io.js';

export const USAGE_EXIT = 2;

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

/** Exit code of a bug in flopscope itself, kept apart from a bad input (2) and a budget not met (1). */
export const INTERNAL_EXIT = 3;

/** A bug reaching the top: one line (the stack only with FLOPSCOPE_DEBUG=1), exit 3. */
function internalError(e: unknown, env: NodeJS.ProcessEnv): void {
  const text = e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
  const debug = env.FLOPSCOPE_DEBUG && e instanceof Error && e.stack ? `\n${e.stack}` : '';
  process.stderr.write(`flopscope: internal error: ${text} (a bug in flopscope; FLOPSCOPE_DEBUG=1 shows the stack)${debug}\n`);
  process.exitCode = INTERNAL_EXIT;
}

/** The working folder; a deleted one is a user's situation, not a crash. */
function workingFolder(): string {
  try {
    return process.cwd();
  } catch (e) {
    throw new FlopscopeError('usage', `the working folder no longer exists (${(e as NodeJS.ErrnoException).code ?? 'unknown'}); cd into an existing folder and run flopscope again`);
  }
}

/** Entry point of the `flopscope` binary. */
export async function main(): Promise<void> {
  // `flopscope report ... | head` closes the pipe early: stop quietly instead of a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  process.on('uncaughtException', (e) => {
    internalError(e, process.env);
    process.exit();
  });
  try {
    const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: workingFolder() };
    process.exitCode = await run(process.argv.slice(2), io);
  } catch (e) {
    if (e instanceof FlopscopeError) {
      process.stderr.write(`flopscope: ${e.message}\n`);
      process.exitCode = USAGE_EXIT;
    } else internalError(e, process.env);
  }
}
