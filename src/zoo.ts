// Finds architectures by name and turns (architecture, options, input) into a graph.
import { ZOO, type ZooName } from '../architectures/index.js';
import { didYouMean, FlopscopeError, layerError } from './errors.js';
import { EXPECTED_MODULE, isModule, moduleProblem, siteOf } from './dsl/module.js';
import { received } from './ops/attrs.js';
import { resolveOptions, type Architecture } from './dsl/family.js';
import { buildGraph } from './ir/build.js';
import type { Graph } from './ir/graph.js';
import { parseInputShape } from './shape/input.js';
import type { Shape } from './shape/dim.js';

export type { ZooName };

export function zooNames(): ZooName[] {
  return ZOO.map((a) => a.name);
}

/** The built-in architecture of that name (a name outside the zoo does not compile). */
export function zooArchitecture<N extends ZooName>(name: N): Architecture<N> {
  return lookupArchitecture(name) as Architecture<N>;
}

/** The built-in architecture of a name from the command line or a config: unknown names are an error with a hint. */
export function lookupArchitecture(name: string): Architecture {
  const arch = ZOO.find((a) => a.name === name);
  if (arch) return arch;
  const hint = didYouMean(name, zooNames());
  throw new FlopscopeError('unknown-model', `unknown model '${name}'${hint ? `; ${hint}` : ''} (flopscope list shows them all)`);
}

export interface BuildOptions {
  /** Option overrides, e.g. { reduction: 8 } or { reduction: '8' } from --set. */
  readonly set?: Readonly<Record<string, unknown>>;
  /** Input shape, e.g. '1x3x224x224' or 'Nx3xHxW'; defaults to the architecture's own. */
  readonly input?: string | Shape;
}

/**
 * An architecture that comes as a graph rather than a module tree (an imported ONNX file): it
 * builds its graph itself, for the input given (its own when undefined).
 */
export interface GraphArchitecture extends Architecture {
  readonly graphFor: (input: string | Shape | undefined) => Graph;
}

export function isGraphArchitecture(arch: Architecture): arch is GraphArchitecture {
  return typeof (arch as Partial<GraphArchitecture>).graphFor === 'function';
}

/** The IR of an architecture with its options resolved and checked. */
export function buildArchitecture(arch: Architecture, options: BuildOptions = {}): Graph {
  if (isGraphArchitecture(arch)) {
    const keys = Object.keys(options.set ?? {});
    if (keys.length) throw new FlopscopeError('bad-option', `${arch.name} is an imported model: it has no options to set (received ${keys.map((k) => `'${k}'`).join(', ')})`);
    return { ...arch.graphFor(options.input), family: arch.family.name, options: {} };
  }
  const resolved = resolveOptions(arch, options.set);
  const module = arch.family.build(resolved);
  // The root is named at the family's definition: a tree the builder walks names its own parts.
  if (!isModule(module)) {
    throw layerError('bad-module', '', arch.family.site, `build() of family '${arch.family.name}' returned ${received(module)}; ${EXPECTED_MODULE}`);
  }
  const problem = moduleProblem(module);
  if (problem !== undefined) throw layerError('bad-module', '', siteOf(module) ?? arch.family.site, `build() of family '${arch.family.name}' returned a malformed module: ${problem}`);
  const input = options.input === undefined ? parseInputShape(arch.input) : typeof options.input === 'string' ? parseInputShape(options.input) : options.input;
  return { ...buildGraph(module, input, arch.name), family: arch.family.name, options: resolved };
}
