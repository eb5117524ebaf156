// Lowers a DSL module tree to the flat IR, running each op's shape rule as nodes are added (a
// deferred module needs its input's channel count before it can say what it contains).
import { FlopscopeError, layerError, type SourceSite } from '../errors.js';
import { getOp } from '../ops/registry.js';
import type { LayerContext } from '../ops/types.js';
import { formatShape, shapeEquals, type Shape } from '../shape/dim.js';
import type { Entry, LayerModule, Module } from '../dsl/module.js';
import { GRAPH_INPUT, type Graph, type Node, type ParamRef } from './graph.js';

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
  readonly names: Set<string>;
}

class GraphBuilder {
  readonly nodes: Node[] = [];
  private readonly scopes = new Map<string, Scope>();
  /** First node name of each layer object, so reusing a layer reuses its weights. */
  private readonly owners = new Map<LayerModule, { name: string; inputShapes: readonly Shape[] }>();
  private tags: string[] = [];
  private stage: string | undefined;

  scope(path: string): Scope {
    let scope = this.scopes.get(path);
    if (!scope) this.scopes.set(path, (scope = { path, names: new Set() }));
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
    let name = local;
    for (let i = 1; scope.names.has(name); i++) name = `${local}_${i}`;
    scope.names.add(name);
    return join(scope.path, name);
  }

  addNode(op: string, attrs: Readonly<Record<string, unknown>>, scope: Scope, local: string, inputs: readonly Value[], site: SourceSite | undefined, owner?: LayerModule): Value {
    if (local.includes('.')) throw layerError('bad-attribute', join(scope.path, local), site, `a layer or block name cannot contain '.', received '${local}'`);
    // A layer given no name (an unnamed root, or '' as a key) is named after its op.
    const name = this.uniqueName(scope, local || op);
    const ctx: LayerContext = { layer: name, site };
    let def;
    try {
      def = getOp(op, name);
    } catch (e) {
      if (e instanceof FlopscopeError && site) throw layerError('unknown-op', name, site, e.message.replace(`layer '${name}': `, ''));
      throw e;
    }
    const inputShapes = inputs.length === 1 ? [inputs[0].shape] : inputs.map((v) => v.shape);
    const outputShape = def.outputShape(inputShapes, attrs, ctx);
    let params: ParamRef[] = [];
    let sharedParams = false;
    const specs = def.params(inputShapes, attrs);
    if (specs.length) {
      const first = owner ? this.owners.get(owner) : undefined;
      if (first) {
        if (!first.inputShapes.every((s, i) => s[1] === inputShapes[i][1])) {
          throw layerError('channel-mismatch', name, site, `reuses the weights of '${first.name}', which saw ${first.inputShapes.map(formatShape).join(', ')}, but receives ${inputShapes.map(formatShape).join(', ')}`);
        }
        sharedParams = true;
      }
      const ownerName = first ? first.name : name;
      params = specs.map((p) => ({ name: p.name, shape: p.shape, role: p.role, key: ownerName + '.' + p.name }));
      if (owner && !first) this.owners.set(owner, { name, inputShapes });
    }
    const id = this.nodes.length;
    this.nodes.push({
      id,
      name,
      op,
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

  walkEntries(entries: readonly Entry[], scope: Scope, x: Value): Value {
    for (const [name, child] of entries) x = this.walk(child, scope, name, x);
    return x;
  }

  /** Adds module `m`, named `name` inside `scope`, applied to `x`. */
  walk(m: Module, scope: Scope, name: string, x: Value): Value {
    if (m.kind === 'layer') return this.addNode(m.op, m.attrs, scope, name, [x], m.site, m);
    if (m.kind === 'tag') return this.walkTagged(m.tags, m.body, scope, name, x);
    if (m.kind === 'deferred') {
      const path = join(scope.path, name);
      const channels = x.shape[1];
      if (typeof channels !== 'number') {
        throw layerError('shape', path, m.site, `needs a concrete channel count, received input ${formatShape(x.shape)}`);
      }
      // The built module takes this module's place (and name) in the parent scope.
      return this.walk(m.build({ channels, path }), scope, name, x);
    }
    const own = this.child(scope, name, m.site);
    switch (m.kind) {
      case 'seq':
        return this.walkEntries(m.children, own, x);
      case 'residual': {
        const body = this.walkEntries(m.body, own, x);
        const shortcut = m.shortcut ? this.walk(m.shortcut[1], own, m.shortcut[0], x) : x;
        if (!shapeEquals(body.shape, shortcut.shape)) {
          const hint = m.shortcut ? 'make the shortcut produce the same shape' : 'add a projection shortcut (residual(..., { shortcut }))';
          throw layerError('channel-mismatch', join(own.path, 'add'), m.site, `residual branch gives ${formatShape(body.shape)} but the shortcut gives ${formatShape(shortcut.shape)}; ${hint}`);
        }
        const sum = this.addNode('add', {}, own, 'add', [body, shortcut], m.site);
        return this.walkEntries(m.after, own, sum);
      }
      case 'concat': {
        const outs = m.branches.map(([branchName, branch], i) => {
          const input = m.split !== undefined ? this.addNode('split', { chunks: m.split, index: i }, own, `chunk${i}`, [x], m.site) : x;
          return this.walk(branch, own, branchName, input);
        });
        if (m.split !== undefined && m.split !== m.branches.length) {
          throw layerError('bad-attribute', own.path, m.site, `split into ${m.split} chunks needs ${m.split} branches, received ${m.branches.length}`);
        }
        const joined = this.addNode('concat', {}, own, 'cat', outs, m.site);
        return this.walkEntries(m.after, own, joined);
      }
      case 'scale': {
        const gate = this.walkEntries(m.gate, own, x);
        return this.addNode('mul', {}, own, 'scale', [x, gate], m.site);
      }
      default:
        throw layerError('unknown-op', own.path, undefined, `not a DSL module: ${JSON.stringify(m)?.slice(0, 80)}`);
    }
  }

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
