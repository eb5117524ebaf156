// exportOnnx(model): what `flopscope export` does, as a function: the ONNX file's bytes (node
// names are layer names; symbolic N, H, W become dim_params), for the caller to write.
import { seededWeights, type WeightMode } from '../ir/weights.js';
import { exportOnnx as exportGraph } from '../onnx/export.js';
import { OPSET } from '../onnx/schema.js';
import { graphOf, type ModelInput, type ModelOptions } from './model.js';

export interface ExportOnnxOptions extends ModelOptions {
  /** Initializer values: 'random' (seeded, the default) or 'zeros'. */
  readonly weights?: WeightMode;
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
  const exported = await exportGraph(graph, { weights: seededWeights(options.seed ?? 0, options.weights ?? 'random') });
  return { bytes: exported.bytes, opset: OPSET, nodeCount: exported.nodeCount, initializerCount: exported.initializerCount };
}
