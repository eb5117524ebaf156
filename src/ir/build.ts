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

class GraphBuilder {
  readonly nodes: Node[] = [];
  private readonly names = new Set<string>();
  /** First node name of each layer object, so reusing a layer reuses its weights. */
  private readonly owners = new Map<LayerModule, { name: string; inputShapes: readonly Shape[] }>();
  private tags: string[] = [];
  private stage: string | undefined;

  private uniqueName(path: string): string {
    if (!this.names.has(path)) return path;
    let i = 1;
    while (this.names.has(`${path}_${i}`)) i++;
    return `${path}_${i}`;
  }

  addNode(op: string, attrs: Readonly<Record<string, unknown>>, path: string, inputs: readonly Value[], site: SourceSite | undefined, owner?: LayerModule): Value {
    const name = this.uniqueName(path);
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
    this.names.add(name);
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

  walkEntries(entries: readonly Entry[], path: string, x: Value): Value {
    for (const [name, child] of entries) x = this.walk(child, join(path, name), x);
    return x;
  }

  walk(m: Module, path: string, x: Value): Value {
    switch (m.kind) {
      case 'layer':
        return this.addNode(m.op, m.attrs, path, [x], m.site, m);
      case 'seq':
        return this.walkEntries(m.children, path, x);
      case 'residual': {
        const body = this.walkEntries(m.body, path, x);
        const shortcut = m.shortcut ? this.walk(m.shortcut[1], join(path, m.shortcut[0]), x) : x;
        if (!shapeEquals(body.shape, shortcut.shape)) {
          const hint = m.shortcut ? 'make the shortcut produce the same shape' : 'add a projection shortcut (residual(..., { shortcut }))';
          throw layerError('channel-mismatch', join(path, 'add'), m.site, `residual branch gives ${formatShape(body.shape)} but the shortcut gives ${formatShape(shortcut.shape)}; ${hint}`);
        }
        const sum = this.addNode('add', {}, join(path, 'add'), [body, shortcut], m.site);
        return this.walkEntries(m.after, path, sum);
      }
      case 'concat': {
        const outs = m.branches.map(([name, branch], i) => {
          const input = m.split !== undefined ? this.addNode('split', { chunks: m.split, index: i }, join(path, `chunk${i}`), [x], m.site) : x;
          return this.walk(branch, join(path, name), input);
        });
        if (m.split !== undefined && m.split !== m.branches.length) {
          throw layerError('bad-attribute', path, m.site, `split into ${m.split} chunks needs ${m.split} branches, received ${m.branches.length}`);
        }
        const joined = this.addNode('concat', {}, join(path, 'cat'), outs, m.site);
        return this.walkEntries(m.after, path, joined);
      }
      case 'scale': {
        const gate = this.walkEntries(m.gate, path, x);
        return this.addNode('mul', {}, join(path, 'scale'), [x, gate], m.site);
      }
      case 'tag': {
        const savedTags = this.tags;
        const savedStage = this.stage;
        this.tags = [...savedTags, ...m.tags];
        for (const t of m.tags) if (t.startsWith('stage:')) this.stage = t.slice(6);
        try {
          return this.walk(m.body, path, x);
        } finally {
          this.tags = savedTags;
          this.stage = savedStage;
        }
      }
      case 'deferred': {
        const channels = x.shape[1];
        if (typeof channels !== 'number') {
          throw layerError('shape', path, m.site, `needs a concrete channel count, received input ${formatShape(x.shape)}`);
        }
        return this.walk(m.build({ channels, path }), path, x);
      }
      default:
        throw layerError('unknown-op', path, undefined, `not a DSL module: ${JSON.stringify(m)?.slice(0, 80)}`);
    }
  }
}

/** The IR for `root` applied to an input of `inputShape`. */
export function buildGraph(root: Module, inputShape: Shape, name = 'model'): Graph {
  const builder = new GraphBuilder();
  const out = builder.walk(root, '', { id: GRAPH_INPUT, shape: inputShape });
  return { name, input: inputShape, nodes: builder.nodes, output: out.id };
}
