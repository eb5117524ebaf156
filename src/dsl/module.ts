// The DSL's vocabulary: plain, immutable descriptions. Building an architecture only creates these
// objects; shapes, parameters and costs are worked out later by the IR builder.
import type { SourceSite } from '../errors.js';
import { received } from '../ops/attrs.js';

/** Named children: an array names them 0, 1, 2, ... (like nn.Sequential); an object by its keys. */
export type Children = readonly Module[] | Readonly<Record<string, Module>>;
export type Entry = readonly [name: string, module: Module];

export interface LayerModule {
  readonly kind: 'layer';
  readonly op: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly site?: SourceSite;
  /**
   * What was wrong with the constructor's arguments (a tuple of the wrong length, say). Reported
   * when the graph is built, where the layer's path is known.
   */
  readonly problem?: string;
}

/** Children applied one after another, each in its own named scope. */
export interface SeqModule {
  readonly kind: 'seq';
  readonly children: readonly Entry[];
  readonly site?: SourceSite;
}

/** body(x) + shortcut(x), then `after`; body and after layers sit in the block's own scope. */
export interface ResidualModule {
  readonly kind: 'residual';
  readonly body: readonly Entry[];
  readonly shortcut?: Entry;
  readonly after: readonly Entry[];
  readonly site?: SourceSite;
}

/** Branches side by side, concatenated on channels. With `split`, branch i sees channel chunk i. */
export interface ConcatModule {
  readonly kind: 'concat';
  readonly branches: readonly Entry[];
  readonly split?: number;
  /** Opens no scope: its layers are named beside it, and its name is the concatenation's. */
  readonly flat?: boolean;
  readonly after: readonly Entry[];
  readonly site?: SourceSite;
}

/** x * gate(x) with broadcasting: the channel scaling of squeeze-and-excitation. */
export interface ScaleModule {
  readonly kind: 'scale';
  readonly gate: readonly Entry[];
  readonly site?: SourceSite;
}

/** Marks every layer inside (for example 'se', or 'stage:layer1' for per-stage totals). */
export interface TagModule {
  readonly kind: 'tag';
  readonly tags: readonly string[];
  readonly body: Module;
}

/** What a deferred module learns about its input when the graph is built. */
export interface InputInfo {
  readonly channels: number;
  /** The layer path the module will occupy, for error messages. */
  readonly path: string;
}

/** A module that depends on its input's channel count (depthwise convs, SE widths). */
export interface DeferredModule {
  readonly kind: 'deferred';
  readonly build: (input: InputInfo) => Module;
  /**
   * Set when `build` makes the same module (fresh layers, nothing shared with other modules) for
   * the same channel count, whatever the path: sweeps then analyse it once per input shape.
   */
  readonly key?: string;
  readonly site?: SourceSite;
}

export type Module = LayerModule | SeqModule | ResidualModule | ConcatModule | ScaleModule | TagModule | DeferredModule;
export type ModuleKind = Module['kind'];
export type ModuleOf<K extends ModuleKind> = Extract<Module, { kind: K }>;

/**
 * One handler per module kind. Everything that walks a module tree (the IR builder, source
 * locations, the loader's copy with user sites) is written as a visitor, so adding a kind is a
 * compile error in each of them until it is handled.
 */
export type ModuleVisitor<R, A extends unknown[] = []> = { readonly [K in ModuleKind]: (m: ModuleOf<K>, ...args: A) => R };

export function visitModule<R, A extends unknown[]>(m: Module, visitor: ModuleVisitor<R, A>, ...args: A): R {
  return (visitor[m.kind] as (m: Module, ...args: A) => R)(m, ...args);
}

const MODULE_KINDS: Readonly<Record<ModuleKind, true>> = { layer: true, seq: true, residual: true, concat: true, scale: true, tag: true, deferred: true };

/** An object of a module kind (its own `kind`: one inherited from a prototype does not count). */
export function isModule(x: unknown): x is Module {
  if (typeof x !== 'object' || x === null || !Object.hasOwn(x, 'kind')) return false;
  const kind = (x as { kind?: unknown }).kind;
  return typeof kind === 'string' && Object.hasOwn(MODULE_KINDS, kind);
}

export const EXPECTED_MODULE = 'expected a DSL module (a layer, seq, residual, concat, ...)';

function entriesProblem(kind: string, field: string, v: unknown): string | undefined {
  if (!Array.isArray(v)) return `a '${kind}' module needs "${field}": a list of [name, module] entries, received ${received(v)}`;
  for (let i = 0; i < v.length; i++) {
    const e: unknown = v[i];
    if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string') return `a '${kind}' module's "${field}" entry ${i} must be [name, module], received ${received(e)}`;
  }
  return undefined;
}

/**
 * What is wrong with `x` as a module, checked field by field for its kind (an object made by hand,
 * say `{ kind: 'seq' }` without children); undefined when it is well formed. The modules inside
 * are checked when they are reached, where their path is known.
 */
export function moduleProblem(x: unknown): string | undefined {
  if (!isModule(x)) {
    const kind = typeof x === 'object' && x !== null && Object.hasOwn(x, 'kind') ? (x as { kind: unknown }).kind : undefined;
    return kind === undefined ? `${EXPECTED_MODULE}, received ${received(x)}` : `${EXPECTED_MODULE}, received an object of kind ${received(kind)}; module kinds: ${Object.keys(MODULE_KINDS).join(', ')}`;
  }
  const m = x as unknown as Record<string, unknown>;
  switch (x.kind) {
    case 'layer':
      if (typeof m.op !== 'string') return `a 'layer' module needs "op": an op name, received ${received(m.op)}`;
      if (typeof m.attrs !== 'object' || m.attrs === null || Array.isArray(m.attrs)) return `a 'layer' module needs "attrs": an object of attributes, received ${received(m.attrs)}`;
      return undefined;
    case 'seq':
      return entriesProblem('seq', 'children', m.children);
    case 'residual':
      if (m.shortcut !== undefined && (!Array.isArray(m.shortcut) || m.shortcut.length !== 2 || typeof m.shortcut[0] !== 'string')) return `a 'residual' module's "shortcut" must be [name, module], received ${received(m.shortcut)}`;
      return entriesProblem('residual', 'body', m.body) ?? entriesProblem('residual', 'after', m.after);
    case 'concat':
      if (m.split !== undefined && !(Number.isSafeInteger(m.split) && (m.split as number) >= 1)) return `a 'concat' module's "split" must be a positive integer, received ${received(m.split)}`;
      return entriesProblem('concat', 'branches', m.branches) ?? entriesProblem('concat', 'after', m.after);
    case 'scale':
      return entriesProblem('scale', 'gate', m.gate);
    case 'tag':
      if (!Array.isArray(m.tags) || !m.tags.every((t) => typeof t === 'string')) return `a 'tag' module needs "tags": a list of tag names, received ${received(m.tags)}`;
      return undefined;
    case 'deferred':
      return typeof m.build === 'function' ? undefined : `a 'deferred' module needs "build": a function of its input, received ${received(m.build)}`;
  }
}

/** The call that made a module, where it has one of its own (a tag wraps another module and has none). */
export function siteOf(m: Module): SourceSite | undefined {
  return m.kind === 'tag' ? undefined : m.site;
}

/**
 * The module with each child replaced by `f(child)`, a deferred module's future output included;
 * `runBuild` wraps the call of a deferred module's builder (user code), told what it is built for.
 */
export function mapChildren(m: Module, f: (child: Module) => Module, runBuild: (build: () => Module, input: InputInfo) => Module = (b) => b()): Module {
  const each = (list: readonly Entry[]): Entry[] => list.map(([name, child]) => [name, f(child)] as const);
  return visitModule<Module, []>(m, {
    layer: (x) => x,
    seq: (x) => ({ ...x, children: each(x.children) }),
    residual: (x) => ({ ...x, body: each(x.body), after: each(x.after), ...(x.shortcut ? { shortcut: [x.shortcut[0], f(x.shortcut[1])] as const } : {}) }),
    concat: (x) => ({ ...x, branches: each(x.branches), after: each(x.after) }),
    scale: (x) => ({ ...x, gate: each(x.gate) }),
    tag: (x) => ({ ...x, body: f(x.body) }),
    // The copy builds something else than the original, so it does not keep the original's key.
    deferred: ({ key: _key, ...x }) => ({ ...x, build: (input) => f(runBuild(() => x.build(input), input)) }),
  });
}

// Index names made once: the same string objects every build (their hashes are cached too).
const INDEX_NAMES = Array.from({ length: 256 }, (_, i) => String(i));

export function entriesOf(children: Children): Entry[] {
  if (Array.isArray(children)) return children.map((m, i) => [INDEX_NAMES[i] ?? String(i), m] as const);
  return Object.entries(children);
}
