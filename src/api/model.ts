// What the library functions accept as a model: a zoo name, an architecture (the DSL's, or one
// loaded from a file with loadArchitecture) or a graph already built for one input.
import type { Architecture } from '../dsl/family.js';
import { FlopscopeError } from '../errors.js';
import type { Graph } from '../ir/graph.js';
import type { Shape } from '../shape/dim.js';
import { buildArchitecture, lookupArchitecture, type ZooName } from '../zoo.js';

export type ModelInput = ZooName | Architecture | Graph;

export interface ModelOptions {
  /** Input shape, e.g. '1x3x224x224' or 'Nx3xHxW'; default: the architecture's own. */
  readonly input?: string | Shape;
  /** Option overrides, as with --set: { reduction: 8 }. */
  readonly set?: Readonly<Record<string, unknown>>;
}

function isGraph(model: ModelInput): model is Graph {
  return typeof model === 'object' && model !== null && Array.isArray((model as Graph).nodes);
}

/** The graph of a model for these options. */
export function graphOf(model: ModelInput, options: ModelOptions = {}): Graph {
  if (isGraph(model)) {
    const given = [options.input !== undefined ? 'input' : '', Object.keys(options.set ?? {}).length ? 'set' : ''].filter(Boolean);
    if (given.length) throw new FlopscopeError('usage', `${model.name} is a graph built for one input and one set of options; pass its architecture to change ${given.join(' and ')}`);
    return model;
  }
  const arch = typeof model === 'string' ? lookupArchitecture(model) : model;
  return buildArchitecture(arch, { ...(options.set ? { set: options.set } : {}), ...(options.input !== undefined ? { input: options.input } : {}) });
}

/**
 * An architecture from a user file: `models/mynet.ts#tiny`, or the file's default export, relative
 * to `baseDir`. The TypeScript loader is imported only when this is called.
 */
export async function loadArchitecture(ref: string, baseDir: string = process.cwd()): Promise<Architecture> {
  const { loadArchitecture: load } = await import('../load/index.js');
  return load(ref, baseDir);
}
