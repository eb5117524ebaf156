// Lowers a DSL module tree to the flat IR, running each op's shape rule as nodes are added (a
// deferred module needs its input's channel count before it can say what it contains).
import { FlopscopeError, layerError, type SourceSite } from '../errors.js';
import { received } from '../ops/attrs.js';
import { getOp, type OpName } from '../ops/catalogue.js';
import { checkOpAttrs } from '../ops/define.js';
import type { LayerContext, OpDef, ParamSpec } from '../ops/types.js';
import { formatShape, shapeEquals, type Shape } from '../shape/dim.js';
import { EXPECTED_MODULE, isModule, moduleProblem, siteOf, visitModule, type Entry, type LayerModule, type Module, type ModuleVisitor } from '../dsl/module.js';
import { GRAPH_INPUT, type Graph, type Node, type ParamRef } from './graph.js';
import { UniqueNames } from './unique-names.js';

/**
 * How deep modules may nest. PyTorch modules cannot nest deeper than Python's default recursion
 * limit (1000) either; a net of any number of layers fits in a flat seq.
 */
export const MAX_DEPTH = 1000;

interface Value {
  readonly id: number;
  readonly shape: Shape;
}

function firstComponent(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

function join(path: string, name: string): string {
  return !name ? path : !path ? name : `${path}.${name}`;
}

/**
 * A naming scope: its path and the layer names already used in it. Two layers can only clash
 * inside one scope, so uniqueness is checked on short local names (cheap) rather than on every
 * full path; scopes with the same path share one set.
 */
interface Scope {
  readonly path: string;
  readonly names: UniqueNames;
}

/** An op applied to inputs of known shapes: its definition, output shape and parameter tensors. */
export interface ResolvedNode {
  readonly def: OpDef;
  readonly outputShape: Shape;
  readonly specs: readonly ParamSpec[];
}

/**
 * Looks the op up and runs its checks and shape rule: the part of adding a node that depends only
 * on the op, its attributes and its input shapes. `layer` is the module the author wrote (its
 * constructor's problems and its attributes are checked here, where its path is known); nodes the
 * builder adds itself (add, concat, split, mul) have none.
 */
export function resolveNode(op: string, attrs: Readonly<Record<string, unknown>>, inputShapes: readonly Shape[], ctx: LayerContext, layer?: LayerModule): ResolvedNode {
  let def: OpDef;
  try {
    def = getOp(op, ctx.layer);
  } catch (e) {
    if (e instanceof FlopscopeError && ctx.site) throw layerError('unknown-op', ctx.layer, ctx.site, e.message.replace(`layer '${ctx.layer}': `, ''));
    throw e;
  }
  if (layer) {
    if (layer.problem !== undefined) throw layerError('bad-attribute', ctx.layer, ctx.site, layer.problem);
    checkOpAttrs(def, attrs, ctx);
  }
  const outputShape = def.outputShape(inputShapes, attrs, ctx);
  return { def, outputShape, specs: def.params(inputShapes, attrs) };
}

class GraphBuilder {
  readonly nodes: Node[] = [];
  private readonly scopes = new Map<string, Scope>();
  /** First node name of each layer object, so reusing a layer reuses its weights. */
  private readonly owners = new Map<LayerModule, { name: string; inputShapes: readonly Shape[] }>();
  private tags: string[] = [];
  private stage: string | undefined;
  /** The modules being walked, from the root down: a module met again contains itself. */
  private readonly active = new Set<Module>();

  scope(path: string): Scope {
    let scope = this.scopes.get(path);
    if (!scope) this.scopes.set(path, (scope = { path, names: new UniqueNames() }));
    return scope;
  }

  /** The scope a named child opens (an unnamed child stays in its parent's scope). */
  private child(scope: Scope, name: string, site: SourceSite | undefined): Scope {
    if (!name) return scope;
    if (name.includes('.')) throw layerError('bad-attribute', join(scope.path, name), site, `a layer or block name cannot contain '.', received '${name}'`);
    return this.scope(join(scope.path, name));
  }

  /** A name not yet used in the scope: `relu`, then `relu_1`, `relu_2`, ... */
  private uniqueName(scope: Scope, local: string): string {
    return join(scope.path, scope.names.fresh(local));
  }

  /** A layer the author wrote: its constructor's problems and its attributes are checked here, where its path is known. */
  private addLayer(m: LayerModule, scope: Scope, local: string, x: Value): Value {
    return this.addNode(m.op, m.attrs, scope, local, [x], m.site, m);
  }

  addNode(op: string, attrs: Readonly<Record<string, unknown>>, scope: Scope, local: string, inputs: readonly Value[], site: SourceSite | undefined, layer?: LayerModule): Value {
    if (local.includes('.')) throw layerError('bad-attribute', join(scope.path, local), site, `a layer or block name cannot contain '.', received '${local}'`);
    // A layer given no name (an unnamed root, or '' as a key) is named after its op.
    const name = this.uniqueName(scope, local || op);
    const inputShapes = inputs.length === 1 ? [inputs[0].shape] : inputs.map((v) => v.shape);
    const { outputShape, specs } = resolveNode(op, attrs, inputShapes, { layer: name, site }, layer);
    let params: ParamRef[] = [];
    let sharedParams = false;
    if (specs.length) {
      const first = layer ? this.owners.get(layer) : undefined;
      if (first) {
        if (!first.inputShapes.every((s, i) => s[1] === inputShapes[i][1])) {
          throw layerError('channel-mismatch', name, site, `reuses the weights of '${first.name}', which saw ${first.inputShapes.map(formatShape).join(', ')}, but receives ${inputShapes.map(formatShape).join(', ')}`);
        }
        sharedParams = true;
      }
      const ownerName = first ? first.name : name;
      params = specs.map((p) => ({ name: p.name, shape: p.shape, role: p.role, init: p.init, key: ownerName + '.' + p.name }));
      if (layer && !first) this.owners.set(layer, { name, inputShapes });
    }
    const id = this.nodes.length;
    this.nodes.push({
      id,
      name,
      op: op as OpName,
      attrs,
      inputs: inputs.length === 1 ? [inputs[0].id] : inputs.map((v) => v.id),
      inputShapes,
      outputShape,
      params,
      sharedParams,
      tags: this.tags,
      stage: this.stage ?? firstComponent(name),
      site,
    });
    return { id, shape: outputShape };
  }

  /** The children of a module written at `site`, one after another. */
  walkEntries(entries: readonly Entry[], scope: Scope, x: Value, site: SourceSite | undefined): Value {
    for (const [name, child] of entries) x = this.walk(child, scope, name, x, site);
    return x;
  }

  /** Adds module `m`, named `name` inside `scope`, applied to `x`; `parentSite` is where its container was written. */
  walk(m: Module, scope: Scope, name: string, x: Value, parentSite?: SourceSite): Value {
    const problem = moduleProblem(m);
    if (problem !== undefined) throw layerError('bad-module', join(scope.path, name), (isModule(m) ? siteOf(m) : undefined) ?? parentSite, problem);
    // A module inside itself would be walked forever; a tree nested past MAX_DEPTH would overflow the stack.
    if (this.active.has(m)) throw layerError('bad-module', join(scope.path, name), siteOf(m), 'the module contains itself');
    if (this.active.size >= MAX_DEPTH) {
      throw layerError('bad-module', join(scope.path, name), siteOf(m), `modules nest more than ${MAX_DEPTH} levels deep; flatten the nesting (a seq can hold any number of layers)`);
    }
    this.active.add(m);
    try {
      return visitModule(m, this.visitor, scope, name, x);
    } finally {
      this.active.delete(m);
    }
  }

  private readonly visitor: ModuleVisitor<Value, [Scope, string, Value]> = {
    layer: (m, scope, name, x) => this.addLayer(m, scope, name, x),
    tag: (m, scope, name, x) => this.walkTagged(m.tags, m.body, scope, name, x),
    deferred: (m, scope, name, x) => {
      const path = join(scope.path, name);
      const channels = x.shape[1];
      if (typeof channels === 'bigint') {
        throw layerError('shape', path, m.site, `input has ${channels} channels, above ${Number.MAX_SAFE_INTEGER} (2^53 - 1), more than a layer can be counted exactly with`);
      }
      if (typeof channels !== 'number') {
        throw layerError('shape', path, m.site, `needs a concrete channel count, received input ${formatShape(x.shape)}`);
      }
      // The built module takes this module's place (and name) in the parent scope.
      const built = m.build({ channels, path });
      if (!isModule(built)) throw layerError('bad-module', path, m.site, `the withChannels callback returned ${received(built)}; ${EXPECTED_MODULE}`);
      return this.walk(built, scope, name, x);
    },
    seq: (m, scope, name, x) => this.walkEntries(m.children, this.child(scope, name, m.site), x, m.site),
    residual: (m, scope, name, x) => {
      const own = this.child(scope, name, m.site);
      const body = this.walkEntries(m.body, own, x, m.site);
      const shortcut = m.shortcut ? this.walk(m.shortcut[1], own, m.shortcut[0], x, m.site) : x;
      if (!shapeEquals(body.shape, shortcut.shape)) {
        const hint = m.shortcut ? 'make the shortcut produce the same shape' : 'add a projection shortcut (residual(..., { shortcut }))';
        throw layerError('channel-mismatch', join(own.path, 'add'), m.site, `residual branch gives ${formatShape(body.shape)} but the shortcut gives ${formatShape(shortcut.shape)}; ${hint}`);
      }
      const sum = this.addNode('add', {}, own, 'add', [body, shortcut], m.site);
      return this.walkEntries(m.after, own, sum, m.site);
    },
    concat: (m, scope, name, x) => {
      const own = m.flat ? scope : this.child(scope, name, m.site);
      if (m.split !== undefined && m.split !== m.branches.length) {
        throw layerError('bad-attribute', join(scope.path, name), m.site, `split into ${m.split} chunks needs ${m.split} branches, received ${m.branches.length}`);
      }
      const outs = m.branches.map(([branchName, branch], i) => {
        const input = m.split !== undefined ? this.addNode('split', { chunks: m.split, index: i }, own, `chunk${i}`, [x], m.site) : x;
        return this.walk(branch, own, branchName, input, m.site);
      });
      const joined = this.addNode('concat', {}, own, m.flat && name ? name : 'cat', outs, m.site);
      return this.walkEntries(m.after, own, joined, m.site);
    },
    scale: (m, scope, name, x) => {
      const own = this.child(scope, name, m.site);
      const gate = this.walkEntries(m.gate, own, x, m.site);
      return this.addNode('mul', {}, own, 'scale', [x, gate], m.site);
    },
  };

  private walkTagged(tags: readonly string[], body: Module, scope: Scope, name: string, x: Value): Value {
    const savedTags = this.tags;
    const savedStage = this.stage;
    this.tags = [...savedTags, ...tags];
    for (const t of tags) if (t.startsWith('stage:')) this.stage = t.slice(6);
    try {
      return this.walk(body, scope, name, x);
    } finally {
      this.tags = savedTags;
      this.stage = savedStage;
    }
  }
}

/** The IR for `root` applied to an input of `inputShape`. */
export function buildGraph(root: Module, inputShape: Shape, name = 'model'): Graph {
  const builder = new GraphBuilder();
  const out = builder.walk(root, builder.scope(''), '', { id: GRAPH_INPUT, shape: inputShape });
  return { name, input: inputShape, nodes: builder.nodes, output: out.id };
}
