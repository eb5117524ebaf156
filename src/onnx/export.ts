// Graph -> ONNX ModelProto. Each layer's op definition emits its own node(s) (OpDef.onnx); node
// and output names are flopscope's layer names, weights are initializers named by their key, and
// symbolic input sizes (N, H, W) become dim_params.
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { basename } from 'node:path';
import { FlopscopeError } from '../errors.js';
import { GRAPH_INPUT, type Graph, type Node } from '../ir/graph.js';
import { getOp } from '../ops/catalogue.js';
import type { OnnxAttr, OnnxBuilder } from '../ops/types.js';
import { isSymbolic, type Shape } from '../shape/dim.js';
import type { WeightStore } from '../ir/weights.js';
import { VERSION } from '../version.js';
import { modelProto } from './import/proto.js';
import { FLOAT, INT64, IR_VERSION, OPSET } from './schema.js';

export const INPUT_NAME = 'input';

export interface ExportOptions {
  readonly weights: WeightStore;
  /** Make every layer's output a graph output (for shape and value comparison). */
  readonly exposeIntermediates?: boolean;
  /**
   * Write the weights to this file (ONNX external data, located next to the model by its file
   * name) instead of into the model: the model stays small and the weights are written straight
   * from the weight store, never copied into one large buffer.
   */
  readonly externalData?: string;
}

export interface ExportedModel {
  readonly bytes: Uint8Array;
  readonly nodeCount: number;
  readonly initializerCount: number;
  /** Initializer elements each layer brought in, learned params apart from buffers. */
  readonly layerInitializers: ReadonlyMap<string, { params: number; buffers: number }>;
  /** Graph outputs, in order. */
  readonly outputs: readonly string[];
}

interface NodeMsg { name: string; op_type: string; input: string[]; output: string[]; attribute: object[] }
interface TensorMsg {
  name: string;
  dims: number[];
  data_type: number;
  raw_data?: Uint8Array;
  int64_data?: number[];
  data_location?: number;
  external_data?: Array<{ key: string; value: string }>;
}

/**
 * Appends tensors to an external data file, each at a 64-byte aligned offset (as onnx's own
 * writer). All-zero weights are not written: the file is extended over them (a sparse file reads
 * back as zeros), so a model exported with zero weights costs no time in writing them.
 */
class ExternalData {
  private readonly fd: number;
  private offset = 0;
  constructor(private readonly file: string, private readonly zeros: boolean) {
    this.fd = openSync(file, 'w');
  }
  write(bytes: Uint8Array): Array<{ key: string; value: string }> {
    const start = Math.ceil(this.offset / 64) * 64;
    if (!this.zeros) {
      if (start > this.offset) writeSync(this.fd, new Uint8Array(start - this.offset), 0, start - this.offset, this.offset);
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, start + done);
    }
    this.offset = start + bytes.length;
    return [{ key: 'location', value: basename(this.file) }, { key: 'offset', value: String(start) }, { key: 'length', value: String(bytes.length) }];
  }
  close(): void {
    try {
      ftruncateSync(this.fd, this.offset);
    } finally {
      closeSync(this.fd);
    }
  }
}

/** Tensor names of one graph: layer names are reserved first; any other name is made unique. */
class TensorNames {
  private readonly used: Set<string>;
  constructor(reserved: readonly string[]) {
    this.used = new Set(reserved);
  }
  /** `wanted` when it is free, else `wanted_<tag>`, `wanted_<tag>2`, ... */
  fresh(wanted: string, tag = 'tensor'): string {
    let name = wanted;
    for (let i = 1; this.used.has(name); i++) name = `${wanted}_${tag}${i === 1 ? '' : i}`;
    this.used.add(name);
    return name;
  }
}

function attribute(name: string, v: OnnxAttr): object {
  if (typeof v === 'string') return { name, type: 3, s: Buffer.from(v, 'utf8') };
  if (typeof v === 'number') return { name, type: 2, i: v };
  if ('float' in v) return { name, type: 1, f: (v as { float: number }).float };
  return { name, type: 7, ints: [...(v as readonly number[])] };
}

function valueInfo(name: string, shape?: Shape): object {
  const tensorType: Record<string, unknown> = { elem_type: FLOAT };
  if (shape) tensorType.shape = { dim: shape.map((d) => (isSymbolic(d) ? { dim_param: d.toString() } : { dim_value: Number(d) })) };
  return { name, type: { tensor_type: tensorType } };
}

function floatBytes(values: Float32Array): Uint8Array {
  if (endianness() !== 'LE') throw new Error('ONNX raw_data is little-endian; big-endian hosts are not supported');
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

export async function exportOnnx(graph: Graph, options: ExportOptions): Promise<ExportedModel> {
  if (graph.uncounted?.length) {
    // Their stand-ins hold zeros of the declared shape: written out, the model would compute something else.
    throw new FlopscopeError('unknown-op', `${graph.name} has nodes outside the op catalogue (${graph.uncounted.map((u) => `${u.name} (${u.opType})`).join(', ')}); they stand in as not counted and cannot be written to ONNX or run`);
  }
  const ModelProto = await modelProto();
  const nodes: NodeMsg[] = [];
  const initializers: TensorMsg[] = [];
  const layerInitializers = new Map<string, { params: number; buffers: number }>();
  const tensorOf = (id: number): string => (id === GRAPH_INPUT ? INPUT_NAME : graph.nodes[id].name);
  // ONNX wants every tensor name defined once (SSA): a layer's output is its name, so a weight
  // keyed like a layer (an imported class token, read by the constant layer named after it) or a
  // helper tensor that meets another name gets a name of its own.
  const names = new TensorNames([INPUT_NAME, ...graph.nodes.map((n) => n.name)]);
  const initializerOf = new Map<string, string>();
  const external = options.externalData !== undefined ? new ExternalData(options.externalData, options.weights.mode === 'zeros') : undefined;

  const builderFor = (node: Node): OnnxBuilder => {
    const own = { params: 0, buffers: 0 };
    layerInitializers.set(node.name, own);
    return {
      layer: node.name,
      node(opType, inputs, attrs = {}, suffix) {
        const name = suffix ? names.fresh(`${node.name}/${suffix}`) : node.name;
        nodes.push({ name, op_type: opType, input: [...inputs], output: [name], attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) });
        return name;
      },
      param(paramName) {
        const spec = node.params.find((p) => p.name === paramName);
        if (!spec) throw new Error(`op '${node.op}' maps parameter '${paramName}', which its params() does not declare (layer '${node.name}')`);
        const have = initializerOf.get(spec.key);
        if (have !== undefined) return have;
        const name = names.fresh(spec.key, 'weight');
        initializerOf.set(spec.key, name);
        const { values } = options.weights.get(spec);
        const bytes = floatBytes(values);
        initializers.push(external
          ? { name, dims: [...spec.shape], data_type: FLOAT, data_location: 1, external_data: external.write(bytes) }
          : { name, dims: [...spec.shape], data_type: FLOAT, raw_data: bytes });
        if (spec.role === 'buffer') own.buffers += values.length;
        else own.params += values.length;
        return name;
      },
      constant(suffix, values, type, dims = [values.length]) {
        const name = names.fresh(`${node.name}/${suffix}`);
        if (type === 'int64') initializers.push({ name, dims: [...dims], data_type: INT64, int64_data: [...values] });
        else initializers.push({ name, dims: [...dims], data_type: FLOAT, raw_data: floatBytes(Float32Array.from(values)) });
        return name;
      },
    };
  };

  try {
    for (const node of graph.nodes) {
      const out = getOp(node.op, node.name).onnx(node.inputs.map(tensorOf), node.attrs, builderFor(node), node.inputShapes);
      if (out !== node.name) throw new Error(`op '${node.op}' must name its output after the layer '${node.name}', received '${out}'`);
    }
  } finally {
    external?.close();
  }

  const finalName = tensorOf(graph.output);
  const finalShape = graph.output === GRAPH_INPUT ? graph.input : graph.nodes[graph.output].outputShape;
  const outputs = options.exposeIntermediates ? graph.nodes.map((n) => n.name) : [finalName];
  const model = ModelProto.fromObject({
    ir_version: IR_VERSION,
    opset_import: [{ domain: '', version: OPSET }],
    producer_name: 'flopscope',
    producer_version: VERSION,
    doc_string: `${graph.name}, weights: ${options.weights.mode} (seed ${options.weights.seed})`,
    metadata_props: [
      { key: 'flopscope.model', value: graph.name },
      { key: 'flopscope.weights', value: `${options.weights.mode}, seed ${options.weights.seed}` },
    ],
    graph: {
      name: graph.name,
      node: nodes,
      initializer: initializers,
      input: [valueInfo(INPUT_NAME, graph.input)],
      // The final output declares its predicted shape; exposed intermediates declare none, so the
      // shapes onnxruntime reports are its own.
      output: outputs.map((name) => valueInfo(name, name === finalName ? finalShape : undefined)),
    },
  });
  return {
    bytes: ModelProto.encode(model).finish(),
    nodeCount: nodes.length,
    initializerCount: initializers.length,
    layerInitializers,
    outputs,
  };
}
