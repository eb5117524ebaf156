import { Option, type Command } from 'commander';
import { conventionNames, type ConventionName } from '../../cost/conventions/index.js';
import { formula, formulaJson, formulaText } from '../../whatif/formula.js';
import type { CommandContext } from '../context.js';
import { parseSets, collect, MODEL_ARGUMENT } from '../options.js';
import { resolveArchitecture } from '../resolve.js';
import { jsonText } from '../../units.js';
import { uncountedLine } from '../../report/report-view.js';

interface FormulaFlags {
  input?: string;
  allowUnknown?: boolean;
  set: string[];
  convention: ConventionName;
  format: 'text' | 'json';
  check: boolean;
}

export function registerFormula(program: Command, ctx: CommandContext): void {
  program
    .command('formula')
    .description('params, MACs, FLOPs and activation elements as exact formulas in the input size (N, H, W)')
    .argument('<model>', MODEL_ARGUMENT)
    .option('--input <shape>', "input shape with symbols, e.g. Nx3xHxW or 1x3xHxW (default: Nx3xHxW; an ONNX model's own input, its named dimensions as symbols)")
    .option('--set <key=value>', 'override a model option (repeatable)', collect, [])
    .addOption(new Option('--convention <name>', 'what the headline FLOPs count').choices(conventionNames()).default('macs'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--allow-unknown', 'ONNX models: leave ops outside the catalogue out of the formulas, listed as not counted, instead of stopping')
    .option('--no-check', 'skip evaluating the printed formulas with mathjs (saves loading it, about half a second)')
    .addHelpText('after', `
The exact formulas hold for every input size the network accepts (floor comes from strides);
the simplified ones are plain polynomials under the stated assumption (e.g. H and W multiples
of 32, written (H/32)). Every printed formula is mathjs syntax and is checked with mathjs.

Examples:
  flopscope formula resnet50_v1 --input 1x3xHxW
  flopscope formula se_resnet50 --input Nx3xHxW --convention paper --format json`)
    .action(async (model: string, flags: FormulaFlags) => {
      const arch = await resolveArchitecture(model, ctx.io.cwd, { allowUnknown: flags.allowUnknown === true });
      const result = await formula(arch, { ...(flags.input !== undefined ? { input: flags.input } : {}), set: parseSets(flags.set), convention: flags.convention, check: flags.check });
      if (result.uncounted?.length) ctx.io.stderr.write(`flopscope: warning: ${uncountedLine(result.uncounted)}\n`);
      ctx.io.stdout.write(flags.format === 'json' ? jsonText(formulaJson(result)) : formulaText(result));
    });
}
