import { Option, type Command } from 'commander';
import { writeFileWholeAsync } from '../../files.js';
import { checkExportFits } from '../../exec/memory.js';
import { exportOnnx } from '../../onnx/export.js';
import { OPSET } from '../../onnx/schema.js';
import { WEIGHT_MODES, seededWeights, type WeightMode } from '../../ir/weights.js';
import { formatShape } from '../../shape/dim.js';
import { human } from '../../units.js';
import { buildArchitecture } from '../../zoo.js';
import type { CommandContext } from '../context.js';
import { parseSets, collect, parseCount } from '../options.js';
import { resolveArchitecture } from '../resolve.js';

interface ExportFlags {
  output: string;
  input?: string;
  set: string[];
  weights: WeightMode;
  seed: string;
}

export function registerExport(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description('write the model as an ONNX file (node names = layer names; symbolic N, H, W become dim_params)')
    .argument('<model>', 'a built-in model name (see flopscope list) or a file: models/mynet.ts#exportName')
    .requiredOption('-o, --output <file>', 'the .onnx file to write')
    .option('--input <shape>', "input shape NxCxHxW, e.g. 1x3x224x224 or Nx3xHxW (default: the model's own)")
    .option('--set <key=value>', 'override a model option (repeatable)', collect, [])
    .addOption(new Option('--weights <mode>', 'initializer values').choices([...WEIGHT_MODES]).default('random'))
    .option('--seed <n>', 'seed of the random weights', '0')
    .addHelpText('after', `
Examples:
  flopscope export resnet50 -o resnet50.onnx
  flopscope export se_resnet50 -o se.onnx --input Nx3xHxW --weights zeros`)
    .action(async (model: string, flags: ExportFlags) => {
      const seed = parseCount('--seed', flags.seed);
      const arch = await resolveArchitecture(model, ctx.io.cwd);
      const graph = buildArchitecture(arch, { set: parseSets(flags.set), ...(flags.input !== undefined ? { input: flags.input } : {}) });
      checkExportFits(graph, ctx.io.env);
      const exported = await exportOnnx(graph, { weights: seededWeights(seed, flags.weights) });
      await writeFileWholeAsync({ file: flags.output, cwd: ctx.io.cwd, what: 'the ONNX file' }, exported.bytes);
      ctx.io.stdout.write(`wrote ${flags.output}: ${graph.name}, input ${formatShape(graph.input)}, opset ${OPSET}, ${exported.nodeCount} nodes, ${exported.initializerCount} initializers, ${human(exported.bytes.length, 'B')}, ${flags.weights} weights\n`);
    });
}
