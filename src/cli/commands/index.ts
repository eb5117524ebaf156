// Every command, in the order `flopscope --help` lists them. Adding a command is one line here.
// Each is imported when needed: a plain `report` does not load the executor, the budget checker
// or the what-if engine.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

export const COMMANDS: Readonly<Record<string, () => Promise<RegisterCommand>>> = {
  list: async () => (await import('./list.js')).registerList,
  report: async () => (await import('./report.js')).registerReport,
  compare: async () => (await import('./compare.js')).registerCompare,
  whatif: async () => (await import('./whatif.js')).registerWhatIf,
  formula: async () => (await import('./formula.js')).registerFormula,
  validate: async () => (await import('./validate.js')).registerValidate,
  profile: async () => (await import('./profile.js')).registerProfile,
  export: async () => (await import('./export.js')).registerExport,
  calibrate: async () => (await import('./calibrate.js')).registerCalibrate,
  check: async () => (await import('./check.js')).registerCheck,
  ops: async () => (await import('./ops.js')).registerOps,
};

/** The commands to register for these arguments: the one named, or all (for help and hints). */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const named = argv[0] !== undefined ? COMMANDS[argv[0]] : undefined;
  if (named && Object.hasOwn(COMMANDS, argv[0])) return [await named()];
  return Promise.all(Object.values(COMMANDS).map((load) => load()));
}
