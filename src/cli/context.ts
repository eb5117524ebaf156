import type { CliIO } from './io.js';

/** What every command receives. */
export interface CommandContext {
  readonly io: CliIO;
  /** Exit code the command wants (for commands whose verdict is not an error, e.g. a failed check). */
  exitCode: number;
}
