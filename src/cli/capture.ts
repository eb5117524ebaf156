import { bufferIO, type CapturedRun } from './io.js';
import { run } from './main.js';

/** Runs the CLI in-process with captured output (tests, and tools that embed flopscope). */
export async function runCaptured(argv: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CapturedRun> {
  const io = bufferIO(options.env ?? {}, options.cwd ?? process.cwd());
  const code = await run(argv, io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}
