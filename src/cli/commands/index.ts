// Every command, in the order `flopscope --help` lists them. Adding a command is one line here.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { registerCheck } from './check.js';
import { registerCompare } from './compare.js';
import { registerExport } from './export.js';
import { registerFormula } from './formula.js';
import { registerList } from './list.js';
import { registerProfile } from './profile.js';
import { registerReport } from './report.js';
import { registerValidate } from './validate.js';
import { registerWhatIf } from './whatif.js';

export const COMMANDS: ReadonlyArray<(program: Command, ctx: CommandContext) => void> = [
  registerList,
  registerReport,
  registerCompare,
  registerWhatIf,
  registerFormula,
  registerValidate,
  registerProfile,
  registerExport,
  registerCheck,
];
