// Reads an ONNX file and checks what flopscope supports before anything is mapped: the IR version,
// the opset of the default domain, one graph input, and external data files that exist. Weights
// are not decoded here (only their dims are looked at).
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { FlopscopeError } from '../../errors.js';
import { displayPath } from '../../paths.js';
import { checkModel, decodeModel, has, num, type GraphMsg, type ModelMsg, type TensorMsg, type ValueInfoMsg } from './proto.js';
import { scanModel } from './scan.js';
import { checkExternal, dtypeName, isFloatType, type DataSource } from './tensor-data.js';

// IR 6 too: PyTorch writes IR version 6 for opsets 11 and 12.
export const IR_VERSIONS = { min: 6, max: 10 } as const;
export const OPSETS = { min: 11, max: 21 } as const;
export const DEFAULT_DOMAINS: readonly string[] = ['', 'ai.onnx'];

/** Whether a node is of the default ONNX domain. */
export const isDefaultDomain = (node: { readonly domain?: string }): boolean => DEFAULT_DOMAINS.includes(node.domain ?? '');

/** One input dimension as the file declares it: a size, a symbol name, or unknown. */
export type DeclaredDim = number | string | undefined;

export interface ParsedModel {
  /** The model's name in reports: the file's name, or what the caller gave. */
  readonly name: string;
  readonly msg: ModelMsg;
  readonly graph: GraphMsg;
  readonly irVersion: number;
  /** Opset of the default domain. */
  readonly opset: number;
  readonly producer: string;
  readonly input: { readonly name: string; readonly elemType: number; readonly dims: readonly DeclaredDim[] | undefined };
  readonly outputs: readonly string[];
  readonly initializers: ReadonlyMap<string, TensorMsg>;
  /** Shapes the file declares for tensors (value_info and outputs), used for ops outside the catalogue. */
  readonly declared: ReadonlyMap<string, ValueInfoMsg>;
  readonly source: DataSource;
  /** The whole file (read again on this call when it came from a path), for running the original model. */
  bytes(): Uint8Array;
  /** Local functions (custom ops defined in the file), by domain:name. */
  readonly functions: ReadonlySet<string>;
}

export interface ReadOptions {
  /** The model's name (default: the file name, or 'model' for bytes). */
  readonly name?: string;
  /** Folder of external data files when the model is given as bytes. */
  readonly baseDir?: string;
  /** Folder that messages show paths relative to. */
  readonly cwd?: string;
}

function declaredDims(v: ValueInfoMsg): DeclaredDim[] | undefined {
  const shape = v.type?.tensor_type?.shape;
  if (!shape) return undefined;
  return shape.dim.map((d) => (has(d, 'dim_value') && num(d.dim_value) > 0 ? num(d.dim_value) : has(d, 'dim_param') && d.dim_param ? d.dim_param : undefined));
}

export async function readOnnx(pathOrBytes: string | Uint8Array, options: ReadOptions = {}): Promise<ParsedModel> {
  let source: DataSource;
  let name: string;
  let msg: ModelMsg;
  let bytes: () => Uint8Array;
  if (typeof pathOrBytes === 'string') {
    const file = resolve(options.cwd ?? process.cwd(), pathOrBytes);
    const shown = displayPath(file, options.cwd ?? process.cwd());
    let isFile: boolean;
    try {
      isFile = statSync(file).isFile();
    } catch {
      throw new FlopscopeError('load', `model file ${shown} not found`);
    }
    if (!isFile) throw new FlopscopeError('load', `${shown} is a folder, not an ONNX file; name the .onnx file inside it (flopscope list ${shown} lists them)`);
    source = { dir: dirname(file), file, shown };
    name = options.name ?? basename(file);
    // The weights stay in the file: only the graph's framing and small tensors are read.
    const scanned = await scanModel(file, shown);
    msg = checkModel(scanned.msg, shown, scanned.size);
    bytes = () => readFileSync(file);
  } else {
    const given = pathOrBytes;
    name = options.name ?? 'model';
    source = { dir: options.baseDir, shown: name };
    msg = await decodeModel(given, name);
    bytes = () => given;
  }
  const shown = source.shown;
  const graph = msg.graph!;

  const irVersion = num(msg.ir_version);
  if (irVersion < IR_VERSIONS.min || irVersion > IR_VERSIONS.max) {
    throw new FlopscopeError('load', `${shown} has IR version ${irVersion}; flopscope reads IR versions ${IR_VERSIONS.min}-${IR_VERSIONS.max} (ONNX 1.6 to 1.16, and later files that keep IR 10)`);
  }
  const defaults = msg.opset_import.filter((o) => DEFAULT_DOMAINS.includes(o.domain ?? ''));
  if (!defaults.length) throw new FlopscopeError('load', `${shown} imports no opset of the default ONNX domain (opset_import is ${msg.opset_import.map((o) => `${o.domain || 'ai.onnx'} ${num(o.version)}`).join(', ') || 'empty'})`);
  const opset = Math.max(...defaults.map((o) => num(o.version)));
  if (opset < OPSETS.min || opset > OPSETS.max) {
    throw new FlopscopeError('load', `${shown} uses opset ${opset} of the default domain; flopscope maps opsets ${OPSETS.min}-${OPSETS.max} (re-export with opset_version between them)`);
  }

  const initializers = new Map<string, TensorMsg>();
  const sizes = new Map<string, number>();
  for (const t of graph.initializer) {
    initializers.set(t.name, t);
    if (t.data_location === 1) checkExternal(t, t.dims.reduce((a: number, d) => a * num(d), 1), source, sizes);
  }
  for (const s of graph.sparse_initializer) {
    // A sparse initializer counts by its dense shape; its contents are not read.
    const v = s.values;
    if (v?.name) initializers.set(v.name, { name: v.name, dims: s.dims, data_type: v.data_type, float_data: [], int32_data: [], int64_data: [], double_data: [], uint64_data: [], external_data: [], data_location: 0 });
  }

  const inputs = graph.input.filter((i) => !initializers.has(i.name));
  if (inputs.length !== 1) {
    const names = inputs.map((i) => `'${i.name}'`).join(', ');
    throw new FlopscopeError('load', inputs.length ? `${shown} has ${inputs.length} graph inputs (${names}); flopscope analyses models with one input` : `${shown} has no graph input`);
  }
  const [input] = inputs;
  if (!input.type?.tensor_type) throw new FlopscopeError('load', `${shown}: input '${input.name}' is not a tensor (a sequence or map); flopscope analyses tensor inputs`);
  const elemType = input.type.tensor_type.elem_type;
  if (!isFloatType(elemType)) throw new FlopscopeError('load', `${shown}: input '${input.name}' has element type ${dtypeName(elemType)}; flopscope analyses networks with a floating-point input`);

  const declared = new Map<string, ValueInfoMsg>();
  for (const v of [...graph.value_info, ...graph.output]) declared.set(v.name, v);
  const outputs = graph.output.map((o) => o.name);
  if (!outputs.length) throw new FlopscopeError('load', `${shown} declares no graph output`);

  return {
    name,
    msg,
    graph,
    irVersion,
    opset,
    producer: [msg.producer_name, msg.producer_version].filter(Boolean).join(' '),
    input: { name: input.name, elemType, dims: declaredDims(input) },
    outputs,
    initializers,
    declared,
    source,
    bytes,
    functions: new Set(msg.functions.map((f) => `${f.domain}:${f.name}`)),
  };
}

/** The declared shape of a tensor (value_info or a graph output), when the file gives one in full. */
export function declaredShape(model: ParsedModel, tensor: string): DeclaredDim[] | undefined {
  const v = model.declared.get(tensor);
  return v ? declaredDims(v) : undefined;
}
