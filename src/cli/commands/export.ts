import { Option, type Command } from 'commander';
import { writeFileWhole } from '../../files.js';
import { FlopscopeError } from '../../errors.js';
import { checkExportFits } from '../../exec/memory.js';
import { exportOnnx } from '../../onnx/export.js';
import { OPSET } from '../../onnx/schema.js';
import type { Graph } from '../../ir/graph.js';
import { WEIGHT_MODES, fileWeights, seededWeights, type WeightMode, type WeightStore } from '../../ir/weights.js';
import { formatShape } from '../../shape/dim.js';
import { human } from '../../units.js';
import { buildArchitecture } from '../../zoo.js';
import type { CommandContext } from '../context.js';
import { parseSets, collect, parseCount, MODEL_ARGUMENT } from '../options.js';
import { resolveArchitecture } from '../resolve.js';

interface ExportFlags {
  output: string;
  input?: string;
  set: string[];
  weights?: WeightMode | 'file';
  seed: string;
}

/** The initializer values: an imported model keeps its own unless another mode is asked for. */
async function exportWeights(graph: Graph, mode: WeightMode | 'file' | undefined, seed: number): Promise<WeightStore> {
  if (mode === 'file' || (mode === undefined && graph.origin)) {
    if (!graph.origin) throw new FlopscopeError('usage', `--weights file keeps the weights of an imported .onnx model; ${graph.name} is not one (use random or zeros)`);
    return fileWeights(await graph.origin.weights());
  }
  return seededWeights(seed, mode ?? 'random');
}

export function registerExport(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description('write the model as an ONNX file (node names = layer names; symbolic N, H, W become dim_params)')
    .argument('<model>', MODEL_ARGUMENT)
    .requiredOption('-o, --output <file>', 'the .onnx file to write')
    .option('--input <shape>', "input shape NxCxHxW, e.g. 1x3x224x224 or Nx3xHxW (default: the model's own)")
    .option('--set <key=value>', 'override a model option (repeatable)', collect, [])
    .addOption(new Option('--weights <mode>', "initializer values: seeded random, zeros, or an imported model's own (default: file for an .onnx model, else random)").choices([...WEIGHT_MODES, 'file']))
    .option('--seed <n>', 'seed of the random weights', '0')
    .addHelpText('after', `
Examples:
  flopscope export resnet50 -o resnet50.onnx
  flopscope export se_resnet50 -o se.onnx --input Nx3xHxW --weights zeros`)
    .action(async (model: string, flags: ExportFlags) => {
      const seed = parseCount('--seed', flags.seed);
      const arch = await resolveArchitecture(model, ctx.io.cwd, { unknownRemedy: 'export writes every node as an op of the catalogue, which has none for it, so this model cannot be exported' });
      const graph = buildArchitecture(arch, { set: parseSets(flags.set), ...(flags.input !== undefined ? { input: flags.input } : {}) });
      checkExportFits(graph, ctx.io.env);
      const weights = await exportWeights(graph, flags.weights, seed);
      let exported;
      try {
        exported = await exportOnnx(graph, { weights });
      } catch (e) {
        // A stripped file counts but has no weights to keep: say how to export it anyway.
        if (e instanceof FlopscopeError && weights.mode === 'file' && flags.weights === undefined) throw new FlopscopeError(e.code, `${e.message}; export it with --weights random or --weights zeros`);
        throw e;
      }
      writeFileWhole({ file: flags.output, cwd: ctx.io.cwd, what: 'the ONNX file' }, exported.bytes);
      ctx.io.stdout.write(`wrote ${flags.output}: ${graph.name}, input ${formatShape(graph.input)}, opset ${OPSET}, ${exported.nodeCount} nodes, ${exported.initializerCount} initializers, ${human(exported.bytes.length, 'B')}, ${weights.mode === 'file' ? "the file's" : weights.mode} weights\n`);
    });
}
