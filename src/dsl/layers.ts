// Layer constructors. Each checks its attributes when it is called (so a mistake points at the
// call), and returns a plain description; nothing is computed until the graph is built.
import { getOp } from '../ops/registry.js';
import '../ops/index.js';
import type { LayerModule } from './module.js';
import { callSite } from './site.js';
import { FlopscopeError, formatSite } from '../errors.js';

type Pair = number | readonly [number, number];
/** One number for all sides, [vertical, horizontal], or [top, left, bottom, right]. */
export type Padding = number | readonly [number, number] | readonly [number, number, number, number];

function pair(v: Pair): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

function sides(p: Padding): [number, number, number, number] {
  if (typeof p === 'number') return [p, p, p, p];
  if (p.length === 2) return [p[0], p[1], p[0], p[1]];
  return [p[0], p[1], p[2], p[3]];
}

/** A layer of any registered op; the named constructors below are the usual way in. */
export function layer(op: string, attrs: Readonly<Record<string, unknown>> = {}): LayerModule {
  const site = callSite();
  return makeLayer(op, attrs, site);
}

function makeLayer(op: string, attrs: Readonly<Record<string, unknown>>, site = callSite()): LayerModule {
  let def;
  try {
    def = getOp(op);
  } catch (e) {
    // Unknown ops are reported when the graph is built, where the layer's path is known.
    if (e instanceof FlopscopeError) return { kind: 'layer', op, attrs, site };
    throw e;
  }
  // The layer has no path yet: name the call, and its file:line when sites are captured.
  def.checkAttrs(attrs, site ? { layer: `${op}()`, site } : { layer: `${op}()` });
  return { kind: 'layer', op, attrs, site };
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

/** 2-D convolution with `outChannels` filters of size `kernel`. */
export function conv(outChannels: number, kernel: Pair, options: ConvOptions = {}): LayerModule {
  const k = pair(kernel);
  const dilation = pair(options.dilation ?? 1);
  const stride = pair(options.stride ?? 1);
  let padding: [number, number, number, number];
  if (options.padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new FlopscopeError('bad-attribute', `conv at ${formatSite(callSite()) || 'conv()'}: padding 'same' needs stride 1, received stride ${stride.join('x')}`);
    }
    const total = [dilation[0] * (k[0] - 1), dilation[1] * (k[1] - 1)];
    padding = [Math.floor(total[0] / 2), Math.floor(total[1] / 2), total[0] - Math.floor(total[0] / 2), total[1] - Math.floor(total[1] / 2)];
  } else {
    padding = sides(options.padding ?? 0);
  }
  return makeLayer('conv2d', {
    outChannels,
    kernel: k,
    stride,
    padding,
    dilation,
    groups: options.groups ?? 1,
    bias: options.bias ?? true,
    ...(options.in !== undefined ? { inChannels: options.in } : {}),
  });
}

export function bn(options: { channels?: number; eps?: number } = {}): LayerModule {
  return makeLayer('batchnorm', { eps: options.eps ?? 1e-5, ...(options.channels !== undefined ? { channels: options.channels } : {}) });
}

export function linear(outFeatures: number, options: { bias?: boolean; in?: number } = {}): LayerModule {
  return makeLayer('linear', { outFeatures, bias: options.bias ?? true, ...(options.in !== undefined ? { inFeatures: options.in } : {}) });
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
  const attrs: Record<string, unknown> = {
    kernel: pair(kernel),
    stride: pair(o.stride ?? kernel),
    padding: sides(o.padding ?? 0),
    ceilMode: o.ceilMode ?? false,
  };
  if (op === 'avgpool') attrs.countIncludePad = o.countIncludePad ?? true;
  return makeLayer(op, attrs);
}

export const maxpool = (kernel: Pair, options: PoolOptions = {}): LayerModule => pool('maxpool', kernel, options);
export const avgpool = (kernel: Pair, options: PoolOptions = {}): LayerModule => pool('avgpool', kernel, options);
/** Adaptive average pooling to 1x1 (nn.AdaptiveAvgPool2d(1)). */
export const globalAvgPool = (): LayerModule => makeLayer('globalavgpool', {});
export const globalMaxPool = (): LayerModule => makeLayer('globalmaxpool', {});
/** Adaptive average pooling to `outputSize` (nn.AdaptiveAvgPool2d(outputSize)): Oh x Ow, or one number for both. */
export const adaptiveAvgPool = (outputSize: Pair): LayerModule => makeLayer('adaptiveavgpool', { outputSize: pair(outputSize) });
export const flatten = (): LayerModule => makeLayer('flatten', {});
export const identity = (): LayerModule => makeLayer('identity', {});
export const dropout = (p = 0.5): LayerModule => makeLayer('dropout', { p });
/** x times a constant (Inception-ResNet's residual scaling); the factor is not a learned weight. */
export const scaleBy = (factor: number): LayerModule => makeLayer('scaleby', { factor });
/** ShuffleNet's channel shuffle. */
export const shuffle = (groups: number): LayerModule => makeLayer('shuffle', { groups });
