// Shared by the zoo tests: build a zoo model, analyse it, find a layer.
import { analyze, type CostReport } from '../../src/cost/analyze.js';
import type { Graph, Node } from '../../src/ir/graph.js';
import type { ConventionName } from '../../src/cost/conventions/index.js';
import { buildArchitecture, lookupArchitecture } from '../../src/zoo.js';

export interface ZooRun {
  set?: Record<string, unknown>;
  input?: string;
  convention?: ConventionName;
}

export const graph = (name: string, set: Record<string, unknown> = {}, input?: string): Graph =>
  buildArchitecture(lookupArchitecture(name), { set, ...(input ? { input } : {}) });

export const report = (name: string, options: ZooRun = {}): CostReport =>
  analyze(graph(name, options.set, options.input), { convention: options.convention ?? 'macs' });

export const n = (d: unknown): number => Number(d);

export const node = (g: Graph, name: string): Node => {
  const found = g.nodes.find((x) => x.name === name);
  if (!found) throw new Error(`no layer ${name} in ${g.name}`);
  return found;
};

export const shape = (x: Node): string => x.outputShape.join('x');

/** Parameters of the batchnorm layers (gamma and beta). */
export const bnParams = (r: CostReport): number => r.layers.filter((l) => l.op === 'batchnorm').reduce((s, l) => s + n(l.params), 0);
