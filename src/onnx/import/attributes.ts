// Reading a node's attributes by name and type, with the ONNX defaults the caller gives.
import { num, type AttributeMsg, type NodeMsg, type TensorMsg } from './proto.js';

/** Whether a float attribute (stored as float32) is `b`: within 1e-6, relative when |b| > 1. */
export const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

const TYPE = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export class Attributes {
  private readonly byName = new Map<string, AttributeMsg>();

  constructor(node: NodeMsg) {
    for (const a of node.attribute) this.byName.set(a.name, a);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  int(name: string, fallback: number): number;
  int(name: string): number | undefined;
  int(name: string, fallback?: number): number | undefined {
    const a = this.byName.get(name);
    return a ? num(a.i) : fallback;
  }

  float(name: string, fallback: number): number;
  float(name: string): number | undefined;
  float(name: string, fallback?: number): number | undefined {
    const a = this.byName.get(name);
    return a ? (a.type === TYPE.INT ? num(a.i) : a.f) : fallback;
  }

  ints(name: string, fallback: readonly number[]): number[];
  ints(name: string): number[] | undefined;
  ints(name: string, fallback?: readonly number[]): number[] | undefined {
    const a = this.byName.get(name);
    return a ? a.ints.map(num) : fallback ? [...fallback] : undefined;
  }

  floats(name: string): number[] | undefined {
    return this.byName.get(name)?.floats.slice();
  }

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    const a = this.byName.get(name);
    return a ? Buffer.from(a.s).toString('utf8') : fallback;
  }

  tensor(name: string): TensorMsg | undefined {
    return this.byName.get(name)?.t;
  }

  /** True when an attribute holds a subgraph (If, Loop, Scan): flopscope does not count control flow. */
  hasGraph(): boolean {
    for (const a of this.byName.values()) if (a.g || a.graphs.length || a.type === TYPE.GRAPH) return true;
    return false;
  }
}
