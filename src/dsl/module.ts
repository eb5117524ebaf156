// The DSL's vocabulary: plain, immutable descriptions. Building an architecture only creates these
// objects; shapes, parameters and costs are worked out later by the IR builder.
import type { SourceSite } from '../errors.js';

/** Named children: an array names them 0, 1, 2, ... (like nn.Sequential); an object by its keys. */
export type Children = readonly Module[] | Readonly<Record<string, Module>>;
export type Entry = readonly [name: string, module: Module];

export interface LayerModule {
  readonly kind: 'layer';
  readonly op: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly site?: SourceSite;
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
  readonly site?: SourceSite;
}

export type Module = LayerModule | SeqModule | ResidualModule | ConcatModule | ScaleModule | TagModule | DeferredModule;

const MODULE_KINDS = new Set(['layer', 'seq', 'residual', 'concat', 'scale', 'tag', 'deferred']);

export function isModule(x: unknown): x is Module {
  return typeof x === 'object' && x !== null && MODULE_KINDS.has((x as { kind?: string }).kind ?? '');
}

// Index names made once: the same string objects every build (their hashes are cached too).
const INDEX_NAMES = Array.from({ length: 256 }, (_, i) => String(i));

export function entriesOf(children: Children): Entry[] {
  if (Array.isArray(children)) return children.map((m, i) => [INDEX_NAMES[i] ?? String(i), m] as const);
  return Object.entries(children);
}
