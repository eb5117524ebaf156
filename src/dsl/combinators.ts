import { entriesOf, type Children, type DeferredModule, type InputInfo, type Module, type ResidualModule, type ConcatModule, type ScaleModule, type SeqModule, type TagModule } from './module.js';
import { callError, callSite } from './site.js';
import { received } from '../ops/attrs.js';

/** Children one after another, named by index (array) or by key (object). */
export function seq(children: Children): SeqModule {
  return { kind: 'seq', children: entriesOf(children), site: callSite() };
}

export interface ResidualOptions {
  /** Projection on the identity path; by default the identity itself. */
  shortcut?: Module;
  /** Scope name of the shortcut (torchvision: 'downsample'). */
  shortcutName?: string;
  /** Layers after the sum, in the block's scope (typically `{ relu: relu() }`). */
  after?: Children;
}

/** out = after(body(x) + shortcut(x)). */
export function residual(body: Children, options: ResidualOptions = {}): ResidualModule {
  const entries = entriesOf(body);
  const after = entriesOf(options.after ?? []);
  const site = callSite();
  // Two literals rather than a spread: this runs once per block per build.
  return options.shortcut
    ? { kind: 'residual', body: entries, shortcut: [options.shortcutName ?? 'downsample', options.shortcut], after, site }
    : { kind: 'residual', body: entries, after, site };
}

export interface ConcatOptions {
  /** Cut the input into this many channel chunks; branch i then sees chunk i. */
  split?: number;
  /** Layers after the concatenation, in the block's scope. */
  after?: Children;
  /**
   * The block opens no scope: its branches' layers and its `after` layers are named beside it in
   * the enclosing scope, and the block's own name goes to the concatenation (Caffe-converted
   * models such as BN-Inception name every layer flat: inception_3a_1x1, inception_3a_output).
   */
  flat?: boolean;
}

/** Branches side by side on the same input (or on channel chunks), concatenated on channels. */
export function concat(branches: Children, options: ConcatOptions = {}): ConcatModule {
  const entries = entriesOf(branches);
  return {
    kind: 'concat',
    // An unnamed child opens no scope of its own.
    branches: options.flat ? entries.map(([, m]) => ['', m] as const) : entries,
    ...(options.split !== undefined ? { split: options.split } : {}),
    ...(options.flat ? { flat: true } : {}),
    after: entriesOf(options.after ?? []),
    site: callSite(),
  };
}

/** x * gate(x), broadcasting the gate's N x C x 1 x 1 over H and W. */
export function scale(gate: Children): ScaleModule {
  return { kind: 'scale', gate: entriesOf(gate), site: callSite() };
}

/** The most modules one repeat() makes: far past any network (a 20,000-layer net is 20,000), short of a hang. */
export const MAX_REPEAT = 100_000;

/** n modules made by `make(i)`, for use as seq children. */
export function repeat(n: number, make: (index: number) => Module): Module[] {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_REPEAT) {
    throw callError('bad-attribute', 'repeat()', `the count must be an integer from 0 to ${MAX_REPEAT}, received ${received(n)}`);
  }
  if (typeof make !== 'function') throw callError('bad-attribute', 'repeat()', `expects a function (index) => module after the count, received ${received(make)}`);
  return Array.from({ length: n }, (_, i) => make(i));
}

/**
 * A module that depends on the channel count of its input. A `key` promises that `build` makes
 * the same module (with fresh layers) for the same channel count: give it only when that holds.
 */
export function withChannels(build: (input: InputInfo) => Module, key?: string): DeferredModule {
  const m: { -readonly [K in keyof DeferredModule]: DeferredModule[K] } = { kind: 'deferred', build, site: callSite() };
  if (key !== undefined) m.key = key;
  return m;
}

/** Marks the layers inside, e.g. tag(['se'], ...) or stage('layer1', ...). */
export function tag(tags: readonly string[], body: Module): TagModule {
  return { kind: 'tag', tags, body };
}

/** Groups the layers inside under a stage name for per-stage totals. */
export function stage(name: string, body: Module): TagModule {
  return tag([`stage:${name}`], body);
}
