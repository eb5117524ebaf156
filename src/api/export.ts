// exportOnnx(model): what `flopscope export` does, as a function: the ONNX file's bytes (node
// names are layer names; symbolic N, H, W become dim_params), for the caller to write.
import { FlopscopeError } from '../errors.js';
import { fileWeights, seededWeights, type WeightMode } from '../ir/weights.js';
import { exportOnnx as exportGraph } from '../onnx/export.js';
import { OPSET } from '../onnx/schema.js';
import { graphOf, type ModelInput, type ModelOptions } from './model.js';

export interface ExportOnnxOptions extends ModelOptions {
  /** Initializer values: 'random' (seeded), 'zeros', or 'file' (an imported model's own: its default). */
  readonly weights?: WeightMode | 'file';
  readonly seed?: number;
}

export interface OnnxFile {
  /** The serialised ModelProto. */
  readonly bytes: Uint8Array;
  readonly opset: number;
  readonly nodeCount: number;
  readonly initializerCount: number;
}

export async function exportOnnx(model: ModelInput, options: ExportOnnxOptions = {}): Promise<OnnxFile> {
  const graph = graphOf(model, options);
  const mode = options.weights ?? (graph.origin ? 'file' : 'random');
  if (mode === 'file' && !graph.origin) throw new FlopscopeError('usage', `weights 'file' keeps the weights of a model loaded with loadOnnx; ${graph.name} is not one (use 'random' or 'zeros')`);
  const weights = mode === 'file' ? fileWeights(await graph.origin!.weights()) : seededWeights(options.seed ?? 0, mode);
  const exported = await exportGraph(graph, { weights });
  return { bytes: exported.bytes, opset: OPSET, nodeCount: exported.nodeCount, initializerCount: exported.initializerCount };
}
