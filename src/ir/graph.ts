import type { SourceSite } from '../errors.js';
import type { OpName } from '../ops/catalogue.js';
import type { ParamSpec } from '../ops/types.js';
import type { Shape } from '../shape/dim.js';

/** Producer id of the graph's input tensor. */
export const GRAPH_INPUT = -1;

/** A parameter tensor of a node; `key` identifies the weight, so a shared layer counts once. */
export interface ParamRef extends ParamSpec {
  readonly key: string;
}

export interface Node {
  readonly id: number;
  /** Hierarchical name, torchvision style: layer1.0.conv1 */
  readonly name: string;
  readonly op: OpName;
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Producer node ids; GRAPH_INPUT for the graph input. */
  readonly inputs: readonly number[];
  readonly inputShapes: readonly Shape[];
  readonly outputShape: Shape;
  readonly params: readonly ParamRef[];
  /** True when this node reuses weights first owned by an earlier node. */
  readonly sharedParams: boolean;
  /** Tags from enclosing tag() modules, e.g. 'se'. */
  readonly tags: readonly string[];
  /** Stage for per-stage totals: the innermost stage() tag, else the first name component. */
  readonly stage: string;
  readonly site: SourceSite | undefined;
}

/** A node of an imported file that no catalogue op covers (--allow-unknown): listed, never counted as zero. */
export interface UncountedNode {
  /** The node's name in the file (`/foo/Foo`), as the error without --allow-unknown names it. */
  readonly name: string;
  readonly opType: string;
  /** The layers standing in for its outputs (each with the shape the file declares), counting nothing. */
  readonly layers: readonly string[];
}

/** An imported graph's weights, by parameter. */
export type ParamValues = (param: ParamRef) => Float32Array;

/** Where an imported graph came from: what running the original model needs. */
export interface GraphOrigin {
  readonly format: 'onnx';
  /** The input tensor's name in the file. */
  readonly inputName: string;
  /** The file's tensor that each layer's output is; layers with none (constants) are absent. */
  readonly tensorOf: ReadonlyMap<string, string>;
  /**
   * The model with these tensors made graph outputs and its input declared with the graph's
   * (concrete) input shape, ready for a runtime (external data inlined).
   */
  withOutputs(tensors: readonly string[], input: readonly number[]): Promise<Uint8Array>;
  /** The file's weights (decoded on this call). */
  weights(): Promise<ParamValues>;
}

/** A flat DAG in topological order, with every tensor's shape for one input. */
export interface Graph {
  readonly name: string;
  readonly input: Shape;
  readonly nodes: readonly Node[];
  readonly output: number;
  /** The family the graph was built from, when it came from an architecture. */
  readonly family?: string;
  /** Every option of that family with the value in force (defaults, the architecture's, overrides). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Remarks on how an imported graph was read (one line each), shown with its reports. */
  readonly notes?: readonly string[];
  /** Nodes of an imported file that were not counted (--allow-unknown). */
  readonly uncounted?: readonly UncountedNode[];
  /** The file an imported graph came from. */
  readonly origin?: GraphOrigin;
}
