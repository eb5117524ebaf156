// The binary's hold on its own process. Architecture files are code that runs inside flopscope,
// and nothing they do may change what a run prints or how it ends:
// - process.exit() is refused: one line naming the file:line that called it, exit 2 (even when
//   the code that called it catches the refusal);
// - what user code writes to stdout goes to stderr: stdout carries flopscope's output only (a
//   JSON report stays JSON), and that output is held until the run is over;
// - an error thrown from a user timer or a promise nobody awaited is one line naming where it was
//   thrown, exit 2, while the run is on (an error with no user frame is a bug: exit 3);
// - the run ends the process itself with its own exit code once its output is flushed, so a
//   pending timer cannot keep it alive and an 'exit' handler cannot change the code.
import { FlopscopeError } from '../errors.js';
import { asFlopscopeError, strayText, userPlace } from '../load/load-error.js';
import { strayError } from '../load/strays.js';
import { displayPath } from '../paths.js';
import { loadedUserFiles } from '../source/transformed.js';

export const USAGE_EXIT = 2;
/** Exit code of a bug in flopscope itself, kept apart from a bad input (2) and a budget not met (1). */
export const INTERNAL_EXIT = 3;

/** One line for an error a bug in flopscope raised (the stack only with FLOPSCOPE_DEBUG=1). */
export function internalErrorText(e: unknown, env: NodeJS.ProcessEnv): string {
  const text = e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
  const debug = env.FLOPSCOPE_DEBUG && e instanceof Error && e.stack ? `\n${e.stack}` : '';
  return `flopscope: internal error: ${text} (a bug in flopscope; FLOPSCOPE_DEBUG=1 shows the stack)${debug}\n`;
}

export interface ProcessGuard {
  /** flopscope's own stdout: held until `finish` writes it. */
  readonly stdout: { write(text: string): boolean; readonly isTTY?: boolean; readonly columns?: number };
  /** Ends the process with `code` once stdout is flushed (a refused process.exit that was swallowed makes it 2). */
  finish(code: number, beforeExit?: () => void): Promise<never>;
}

/** Takes hold of the process: to be called before any user code runs. */
export function guardProcess(cwd: () => string | undefined): ProcessGuard {
  const exit = process.exit.bind(process);
  const writeStdout = process.stdout.write.bind(process.stdout) as (text: string, done: (e?: Error | null) => void) => boolean;
  const held: string[] = [];
  let refused: FlopscopeError | undefined;
  let over = false;
  // 'exit' handlers there before any user code ran (Node's, a module preloaded with --import): kept.
  const before = new Set(process.listeners('exit'));

  /** Ends now: stdout as it is (nothing held is printed), every 'exit' handler of user code removed. */
  const end = (code: number): never => {
    over = true;
    for (const listener of process.listeners('exit')) if (!before.has(listener)) process.removeListener('exit', listener);
    return exit(code);
  };
  const fail = (line: string, code: number): never => {
    process.stderr.write(line);
    return end(code);
  };

  process.exit = function refusedExit(code?: string | number | null): never {
    const where = userPlace(new Error(), cwd() ?? '/');
    const error = new FlopscopeError('user-code', `${where ? `${where}: ` : ''}process.exit(${code === undefined ? '' : JSON.stringify(code)}) called while flopscope runs the architecture file${where ? '' : `s (${loadedUserFiles().map((f) => displayPath(f, cwd() ?? '/')).join(', ') || 'none loaded'})`}; an architecture file cannot end the run (throw an Error to stop with a message)`);
    refused ??= error;
    throw error;
  } as typeof process.exit;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => (process.stderr.write as (...a: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stdout.write;

  const uncaught = (e: unknown): void => {
    if (over) return;
    const ours = asFlopscopeError(e);
    const here = cwd() ?? '/';
    const where = userPlace(e, here);
    const files = loadedUserFiles();
    // A value with no stack (a rejected promise's 5, a thrown Symbol) while user files are loaded is theirs.
    if (!ours && !where && !(files.length && !(e instanceof Error))) fail(internalErrorText(e, process.env), INTERNAL_EXIT);
    // While a file loads, what its timers throw fails that load; later, the run.
    if (strayError(e)) return;
    fail(`flopscope: ${ours ? ours.message : strayText(e, where ?? files.map((f) => displayPath(f, here)).join(', '))}\n`, USAGE_EXIT);
  };
  process.on('uncaughtException', uncaught);
  process.on('unhandledRejection', uncaught);
  // `flopscope report ... | head` closes the pipe early: stop quietly instead of a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') end(Number(process.exitCode ?? 0));
      uncaught(e);
    });
  }

  return {
    stdout: {
      write: (text) => {
        held.push(text);
        return true;
      },
      isTTY: process.stdout.isTTY,
      columns: process.stdout.columns,
    },
    async finish(code, beforeExit) {
      // A zero-delay timer or a promise user code left behind settles now, while the run is on.
      await new Promise((r) => setTimeout(r, 0));
      over = true;
      if (refused && code !== USAGE_EXIT) {
        // User code caught the refusal and carried on: the run is not what was asked.
        process.stderr.write(`flopscope: ${refused.message}\n`);
        code = USAGE_EXIT;
      } else if (held.length) {
        await new Promise<void>((r) => writeStdout(held.join(''), () => r()));
      }
      beforeExit?.();
      return end(code);
    },
  };
}
