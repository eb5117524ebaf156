// What a mapping from an ONNX op to catalogue ops works with: the node's attributes and inputs,
// and a way to add layers. Each mapping returns one value per output of the node.
import type { Dim } from '../../../shape/dim.js';
import type { Attributes } from '../attributes.js';
import type { NodeMsg } from '../proto.js';
import type { Activation, Constant, Value } from '../values.js';

/** A node the catalogue cannot express (a 3-D Conv, a computed weight): not counted, never zero. */
export class Unsupported extends Error {}

export interface MapContext {
  readonly node: NodeMsg;
  readonly attrs: Attributes;
  /** Opset of the default domain. */
  readonly opset: number;
  /** The node's name and op type, for messages. */
  readonly label: string;
  readonly inputCount: number;
  /** Input i (undefined when absent or named ''). */
  input(i: number): Value | undefined;
  /** Input i as an activation; a constant there becomes a constant layer. */
  act(i: number): Activation;
  /** The values of a small constant input (shape data, scalars), or undefined when the input is absent. */
  ints(i: number, what: string): Dim[] | undefined;
  /** Like ints, for float values that must be concrete numbers. */
  floats(i: number, what: string): number[] | undefined;
  /** Adds a layer of a catalogue op; `part` numbers the layers one node becomes. */
  layer(op: string, attrs: Readonly<Record<string, unknown>>, inputs: readonly Activation[], params?: Readonly<Record<string, Constant>>, part?: number): Activation;
}

export type Mapping = (ctx: MapContext) => Value[];

export function unsupported(ctx: MapContext, why: string): never {
  throw new Unsupported(why);
}
