// Layer constructors. Each normalises its arguments into the op's attributes and returns a plain
// description; nothing is computed until the graph is built. A mistake in the arguments (a tuple
// of the wrong length, an unknown option) is kept with the layer and reported when the graph is
// built, where the layer's path (`blocks.0.conv1`) and the call's file:line are known.
import { received } from '../ops/attrs.js';
import type { LayerModule } from './module.js';
import { callSite } from './site.js';

type Pair = number | readonly [number] | readonly [number, number];
/** One number for all sides, [vertical, horizontal], or [top, left, bottom, right]. */
export type Padding = number | readonly [number, number] | readonly [number, number, number, number];

/** The first problem found in a constructor's arguments. */
class Problems {
  first: string | undefined;
  note(problem: string): void {
    this.first ??= problem;
  }
  /** Option keys the constructor does not know. */
  options(what: string, options: object, known: readonly string[]): void {
    if (typeof options !== 'object' || options === null) {
      this.note(`${what} options must be an object, received ${received(options)}`);
      return;
    }
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) this.note(`unknown ${what} option '${key}'; known options: ${known.join(', ')}`);
    }
  }
}

function count(v: unknown): string {
  return Array.isArray(v) ? String(v.length) : received(v);
}

/** Each value must be an integer of at least `min` (1 for sizes, 0 for padding). */
function integers<T extends number[]>(name: string, values: T, min: number, problems: Problems): T {
  for (const v of values) {
    if (!(typeof v === 'number' && Number.isSafeInteger(v) && v >= min)) {
      problems.note(`${name} must be ${min === 1 ? 'a positive' : 'a non-negative'} integer, received ${received(v)}`);
    }
  }
  return values;
}

function pair(name: string, v: Pair, problems: Problems): [number, number] {
  if (typeof v === 'number') return integers(name, [v, v], 1, problems);
  if (Array.isArray(v) && v.length === 1) return integers(name, [v[0], v[0]], 1, problems);
  if (Array.isArray(v) && v.length === 2) return integers(name, [v[0], v[1]], 1, problems);
  problems.note(`${name} takes 1 or 2 values, received ${count(v)}`);
  return [NaN, NaN];
}

function sides(p: Padding, problems: Problems): [number, number, number, number] {
  if (typeof p === 'number') return integers('padding', [p, p, p, p], 0, problems);
  if (Array.isArray(p) && p.length === 2) return integers('padding', [p[0], p[1], p[0], p[1]], 0, problems);
  if (Array.isArray(p) && p.length === 4) return integers('padding', [p[0], p[1], p[2], p[3]], 0, problems);
  problems.note(`padding takes 1, 2 or 4 values, received ${count(p)}`);
  return [NaN, NaN, NaN, NaN];
}

// Constructors run once per layer per build (thousands of builds in a sweep): optional fields are
// assigned rather than spread in, which keeps V8 on its fast path for object literals.
function makeLayer(op: string, attrs: Readonly<Record<string, unknown>>, problems?: Problems): LayerModule {
  const site = callSite();
  const problem = problems?.first;
  const m: { -readonly [K in keyof LayerModule]: LayerModule[K] } = { kind: 'layer', op, attrs };
  if (site) m.site = site;
  if (problem !== undefined) m.problem = problem;
  return m;
}

/** A layer of any op in the catalogue; the named constructors below are the usual way in. */
export function layer(op: string, attrs: Readonly<Record<string, unknown>> = {}): LayerModule {
  return makeLayer(op, attrs);
}

export interface ConvOptions {
  stride?: Pair;
  /** Zero padding, or 'same' (stride 1 only: output size equals input size). */
  padding?: Padding | 'same';
  dilation?: Pair;
  groups?: number;
  /** As in PyTorch, a convolution has a bias unless told otherwise. */
  bias?: boolean;
  /** Expected input channels; a mismatch is reported with the layer's name. */
  in?: number;
}
const CONV_OPTIONS = ['stride', 'padding', 'dilation', 'groups', 'bias', 'in'];

/** 2-D convolution with `outChannels` filters of size `kernel`. */
export function conv(outChannels: number, kernel: Pair, options: ConvOptions = {}): LayerModule {
  const problems = new Problems();
  problems.options('conv', options, CONV_OPTIONS);
  const k = pair('kernel', kernel, problems);
  const dilation = pair('dilation', options.dilation ?? 1, problems);
  const stride = pair('stride', options.stride ?? 1, problems);
  let padding: [number, number, number, number];
  if (options.padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) problems.note(`padding 'same' needs stride 1, received stride ${stride.join('x')}`);
    const total = [dilation[0] * (k[0] - 1), dilation[1] * (k[1] - 1)];
    padding = [Math.floor(total[0] / 2), Math.floor(total[1] / 2), total[0] - Math.floor(total[0] / 2), total[1] - Math.floor(total[1] / 2)];
  } else {
    padding = sides(options.padding ?? 0, problems);
  }
  const attrs: Record<string, unknown> = { outChannels, kernel: k, stride, padding, dilation, groups: options.groups ?? 1, bias: options.bias ?? true };
  if (options.in !== undefined) attrs.inChannels = options.in;
  return makeLayer('conv2d', attrs, problems);
}

export function bn(options: { channels?: number; eps?: number } = {}): LayerModule {
  const problems = new Problems();
  problems.options('bn', options, ['channels', 'eps']);
  const attrs: Record<string, unknown> = { eps: options.eps ?? 1e-5 };
  if (options.channels !== undefined) attrs.channels = options.channels;
  return makeLayer('batchnorm', attrs, problems);
}

export function linear(outFeatures: number, options: { bias?: boolean; in?: number } = {}): LayerModule {
  const problems = new Problems();
  problems.options('linear', options, ['bias', 'in']);
  const attrs: Record<string, unknown> = { outFeatures, bias: options.bias ?? true };
  if (options.in !== undefined) attrs.inFeatures = options.in;
  return makeLayer('linear', attrs, problems);
}

export const relu = (): LayerModule => makeLayer('relu', {});
export const relu6 = (): LayerModule => makeLayer('relu6', {});
export const sigmoid = (): LayerModule => makeLayer('sigmoid', {});
export const hardsigmoid = (): LayerModule => makeLayer('hardsigmoid', {});
export const hardswish = (): LayerModule => makeLayer('hardswish', {});
export const silu = (): LayerModule => makeLayer('silu', {});
export const tanh = (): LayerModule => makeLayer('tanh', {});

export interface PoolOptions {
  /** Defaults to the kernel size, as in PyTorch. */
  stride?: Pair;
  padding?: Padding;
  ceilMode?: boolean;
  countIncludePad?: boolean;
}

function pool(op: 'maxpool' | 'avgpool', kernel: Pair, o: PoolOptions): LayerModule {
  const problems = new Problems();
  problems.options(op, o, op === 'avgpool' ? ['stride', 'padding', 'ceilMode', 'countIncludePad'] : ['stride', 'padding', 'ceilMode']);
  const attrs: Record<string, unknown> = {
    kernel: pair('kernel', kernel, problems),
    stride: pair('stride', o.stride ?? kernel, problems),
    padding: sides(o.padding ?? 0, problems),
    ceilMode: o.ceilMode ?? false,
  };
  if (op === 'avgpool') attrs.countIncludePad = o.countIncludePad ?? true;
  return makeLayer(op, attrs, problems);
}

export const maxpool = (kernel: Pair, options: PoolOptions = {}): LayerModule => pool('maxpool', kernel, options);
export const avgpool = (kernel: Pair, options: PoolOptions = {}): LayerModule => pool('avgpool', kernel, options);
/** Adaptive average pooling to 1x1 (nn.AdaptiveAvgPool2d(1)). */
export const globalAvgPool = (): LayerModule => makeLayer('globalavgpool', {});
export const globalMaxPool = (): LayerModule => makeLayer('globalmaxpool', {});
/** Adaptive average pooling to `outputSize` (nn.AdaptiveAvgPool2d(outputSize)): Oh x Ow, or one number for both. */
export const adaptiveAvgPool = (outputSize: Pair): LayerModule => {
  const problems = new Problems();
  return makeLayer('adaptiveavgpool', { outputSize: pair('outputSize', outputSize, problems) }, problems);
};
export const flatten = (): LayerModule => makeLayer('flatten', {});
export const identity = (): LayerModule => makeLayer('identity', {});
export const dropout = (p = 0.5): LayerModule => makeLayer('dropout', { p });
/** x times a constant (Inception-ResNet's residual scaling); the factor is not a learned weight. */
export const scaleBy = (factor: number): LayerModule => makeLayer('mul', { scalar: factor });
/** ShuffleNet's channel shuffle. */
export const shuffle = (groups: number): LayerModule => makeLayer('shuffle', { groups });
