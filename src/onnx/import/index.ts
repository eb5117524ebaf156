// ONNX import: `loadOnnx` for the library, and the architecture a `*.onnx` model reference
// resolves to on the command line (report, compare, check, validate, profile, formula, export).
import { defineFamily } from '../../dsl/family.js';
import { FlopscopeError } from '../../errors.js';
import type { Graph, GraphOrigin, ParamRef } from '../../ir/graph.js';
import { formatShape, type Shape } from '../../shape/dim.js';
import type { GraphArchitecture } from '../../zoo.js';
import { bindInput } from './input.js';
import { importGraph, type ImportOptions, type ImportResult } from './import-graph.js';
import { readOnnx, type ParsedModel, type ReadOptions } from './model.js';
import { modelProto, type ModelMsg } from './proto.js';
import { floatValues } from './tensor-data.js';

export { readOnnx, type ParsedModel } from './model.js';

export interface LoadOnnxOptions extends ReadOptions {
  /** Input shape, e.g. '1x3x224x224' or 'Nx3xHxW': binds the file's symbolic sizes. */
  readonly input?: string | Shape;
  /** List nodes outside the op catalogue as not counted instead of failing. */
  readonly allowUnknown?: boolean;
}

/** How an architecture from a file treats nodes outside the catalogue. */
export interface UnknownOpOptions {
  readonly allowUnknown?: boolean;
  /** What the error for such a node suggests, when the caller cannot take --allow-unknown. */
  readonly unknownRemedy?: string;
}

/** The model with these tensors added as graph outputs, its input sized, external data inlined, for a runtime. */
async function withOutputs(model: ParsedModel, tensors: readonly string[], input: readonly number[]): Promise<Uint8Array> {
  const type = await modelProto();
  const msg = type.decode(model.bytes()) as ModelMsg;
  const graph = msg.graph!;
  const have = new Set(graph.output.map((o) => o.name));
  for (const t of tensors) if (!have.has(t)) graph.output.push({ name: t });
  // The input the run feeds (--input may replace the file's sizes or name its symbols).
  const declared = graph.input.find((i) => i.name === model.input.name);
  const tensorType = declared?.type?.tensor_type;
  if (tensorType) tensorType.shape = { dim: input.map((d) => ({ dim_value: d })) };
  for (const t of graph.initializer) {
    if (t.data_location !== 1) continue;
    const count = t.dims.reduce((a: number, d) => a * Number(d), 1);
    const bytes = t.data_type === 1 ? new Uint8Array(floatValues(t, count, model.source).buffer) : undefined;
    if (!bytes) throw new FlopscopeError('load', `${model.source.shown}: external tensor '${t.name}' is not float32; running it is not supported`);
    t.raw_data = bytes;
    t.data_location = 0;
    t.external_data = [];
  }
  return type.encode(msg).finish();
}

function originOf(model: ParsedModel, result: ImportResult, options: ImportOptions): GraphOrigin {
  return {
    format: 'onnx',
    inputName: model.input.name,
    tensorOf: result.tensorOf,
    withOutputs: (tensors, input) => withOutputs(model, tensors, input),
    async weights() {
      const full = importGraph(model, { ...options, weights: true });
      return (param: ParamRef): Float32Array => {
        const c = full.tensors.get(param.key);
        const v = c?.values();
        if (!v) throw new FlopscopeError('load', `${model.source.shown}: no values for tensor '${param.key}'`);
        return v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>, Number);
      };
    },
  };
}

/** The graph of a parsed model for an input (the file's own when undefined). */
export function onnxGraph(model: ParsedModel, options: ImportOptions = {}): Graph {
  const result = importGraph(model, options);
  return { ...result.graph, origin: originOf(model, result, options) };
}

/** Reads an ONNX file (a path, or the bytes) and returns its graph, the type the DSL builds. */
export async function loadOnnx(pathOrBytes: string | Uint8Array, options: LoadOnnxOptions = {}): Promise<Graph> {
  const model = await readOnnx(pathOrBytes, options);
  return onnxGraph(model, { ...(options.input !== undefined ? { input: options.input } : {}), ...(options.allowUnknown ? { allowUnknown: true } : { unknownRemedy: 'the option allowUnknown: true reports the rest of the model and lists it as not counted' }) });
}

const ONNX_FAMILY = defineFamily({
  name: 'onnx',
  doc: 'a model imported from an ONNX file',
  options: {},
  build: () => {
    throw new Error('an imported ONNX model is a graph, not a module tree');
  },
});

function inputText(model: ParsedModel): string {
  try {
    return formatShape(bindInput(model, undefined).shape);
  } catch {
    return (model.input.dims ?? []).map((d) => (d === undefined ? '?' : String(d))).join('x') || '?';
  }
}

/** One line about the file for `flopscope list`. */
export function describeOnnx(model: ParsedModel): string {
  const by = model.producer ? `, from ${model.producer}` : '';
  return `ONNX model, input ${inputText(model)}, opset ${model.opset}, ${model.graph.node.length} nodes${by}`;
}

/** What describe says about the file: versions, producer, the input and the sizes --input binds, the ops. */
function sourceOf(model: ParsedModel): Record<string, string | number> {
  const ops = new Map<string, number>();
  for (const n of model.graph.node) {
    const op = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}:${n.op_type}` : n.op_type;
    ops.set(op, (ops.get(op) ?? 0) + 1);
  }
  const symbols = [...new Set((model.input.dims ?? []).filter((d): d is string => typeof d === 'string'))];
  return {
    format: 'onnx',
    file: model.source.shown,
    irVersion: model.irVersion,
    opset: model.opset,
    ...(model.producer ? { producer: model.producer } : {}),
    input: `${model.input.name} (${inputText(model)})`,
    ...(symbols.length ? { symbols: `${symbols.join(', ')} (--input gives them values, e.g. --input ${(model.input.dims ?? []).map((d) => (typeof d === 'number' ? d : /batch|^n$/i.test(d ?? '') ? 1 : 224)).join('x')})` } : {}),
    nodes: model.graph.node.length,
    ops: [...ops].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([op, n]) => `${op} ${n}`).join(', '),
  };
}

/** The architecture a `*.onnx` reference names: its graph is the file's, bound to an input on demand. */
export async function onnxArchitecture(file: string, cwd: string, options: UnknownOpOptions = {}): Promise<GraphArchitecture> {
  const model = await readOnnx(file, { cwd });
  return {
    kind: 'architecture',
    name: model.name,
    description: describeOnnx(model),
    family: ONNX_FAMILY,
    options: {},
    input: inputText(model),
    source: sourceOf(model),
    graphFor: (input) => onnxGraph(model, {
      ...(input !== undefined ? { input } : {}),
      ...(options.allowUnknown ? { allowUnknown: true } : {}),
      ...(options.unknownRemedy !== undefined ? { unknownRemedy: options.unknownRemedy } : {}),
    }),
  };
}
