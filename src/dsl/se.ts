// Squeeze-and-excitation as a composite of ordinary layers:
// x * gate(fc2(act(fc1(squeeze(x))))), with the FCs written as 1x1 convolutions.
import { layerError } from '../errors.js';
import { received } from '../ops/attrs.js';
import { callError } from './site.js';
import { scale, tag, withChannels } from './combinators.js';
import { conv, globalAvgPool, globalMaxPool, hardsigmoid, relu, sigmoid, silu, tanh } from './layers.js';
import type { Module } from './module.js';
import { SE_TAG } from './se-marker.js';

export const SQUEEZES = ['avg', 'max', 'none'] as const;
export const GATES = ['sigmoid', 'hardsigmoid', 'tanh', 'relu'] as const;
export type Squeeze = (typeof SQUEEZES)[number];
export type Gate = (typeof GATES)[number];

export interface SEOptions {
  /** Squeeze width is basis / reduction (then rounded when `divisor` is set). */
  reduction?: number;
  /** avg or max global pooling; 'none' applies the excitation at full resolution (SENet's NoSqueeze). */
  squeeze?: Squeeze;
  gate?: Gate;
  /** Activation between the two FCs. */
  activation?: 'relu' | 'silu';
  bias?: boolean;
  /** Round the squeeze width to a multiple of this (make-divisible, as MobileNetV3 does). */
  divisor?: number;
  /** Channels the squeeze width is computed from; defaults to the SE input (the expanded width). */
  basisChannels?: number;
  /** What the block calls its squeeze pool and its gate (the FCs are always fc1 and fc2). */
  names?: SENames;
}

/**
 * Names of the layers inside an SE block, so a model can follow its reference implementation.
 * The defaults: `avgpool` (or `maxpool`), fc1, relu (or silu), fc2, `gate`, and `scale` for x * gate.
 */
export interface SENames {
  readonly pool?: string;
  readonly gate?: string;
}

/**
 * Cadene's SEModule (pretrainedmodels senet.py) names its layers after what they are: avg_pool,
 * fc1, relu, fc2, sigmoid. With other squeeze or gate options the names follow them (max_pool,
 * hardsigmoid), as the module would be written.
 */
export function cadeneSENames(squeeze: Squeeze = 'avg', gate: Gate = 'sigmoid'): SENames {
  return { pool: `${squeeze}_pool`, gate };
}

/** An SE block named as Cadene's SEModule, with the squeeze, gate and reduction a family's options chose. */
export function cadeneSE(options: { reduction: number; squeeze: Squeeze; gate: Gate }): Module {
  return se({ reduction: options.reduction, squeeze: options.squeeze, gate: options.gate, names: cadeneSENames(options.squeeze, options.gate) });
}

/** torchvision's _make_divisible: round to the nearest multiple, never more than 10% down. */
export function makeDivisible(value: number, divisor: number, minValue = divisor): number {
  let v = Math.max(minValue, Math.floor((value + divisor / 2) / divisor) * divisor);
  if (v < 0.9 * value) v += divisor;
  return v;
}

const gateLayer = { sigmoid, hardsigmoid, tanh, relu } as const;

const ACTIVATIONS = ['relu', 'silu'] as const;

/** The first option of se() that is not what it must be, in the author's words. */
function seProblem(o: SEOptions): string | undefined {
  const isPositiveInt = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
  const oneOf = (key: string, v: unknown, values: readonly string[]): string | undefined =>
    v === undefined || (typeof v === 'string' && values.includes(v)) ? undefined : `${key} must be one of ${values.join(', ')}, received ${received(v)}`;
  if (o.reduction !== undefined && !(typeof o.reduction === 'number' && Number.isFinite(o.reduction) && o.reduction > 0)) return `reduction must be a positive number (the squeeze width is channels / reduction), received ${received(o.reduction)}`;
  if (o.divisor !== undefined && !isPositiveInt(o.divisor)) return `divisor must be a positive integer, received ${received(o.divisor)}`;
  if (o.basisChannels !== undefined && !isPositiveInt(o.basisChannels)) return `basisChannels must be a positive integer, received ${received(o.basisChannels)}`;
  if (o.bias !== undefined && typeof o.bias !== 'boolean') return `bias must be true or false, received ${received(o.bias)}`;
  if (o.names !== undefined) {
    if (typeof o.names !== 'object' || o.names === null) return `names must be an object { pool, gate }, received ${received(o.names)}`;
    for (const [key, v] of Object.entries(o.names)) {
      if (key !== 'pool' && key !== 'gate') return `names.${key} is not a name se() gives (it names its pool and gate)`;
      if (typeof v !== 'string' || v === '') return `names.${key} must be a non-empty string, received ${received(v)}`;
    }
  }
  return oneOf('squeeze', o.squeeze, SQUEEZES) ?? oneOf('gate', o.gate, GATES) ?? oneOf('activation', o.activation, ACTIVATIONS);
}

export function se(options: SEOptions = {}): Module {
  const problem = typeof options === 'object' && options !== null ? seProblem(options) : `expects an object of options, received ${received(options)}`;
  if (problem) throw callError('bad-attribute', 'se()', problem);
  const { reduction = 16, squeeze = 'avg', gate = 'sigmoid', activation = 'relu', bias = true, divisor, basisChannels, names = {} } = options;
  return tag([SE_TAG], withChannels(({ channels, path }) => {
    const basis = basisChannels ?? channels;
    const squeezed = divisor ? makeDivisible(basis / reduction, divisor) : Math.floor(basis / reduction);
    if (!(squeezed >= 1)) {
      throw layerError('bad-option', `${path}.fc1`, undefined, `reduction ${reduction} leaves no channels: ${basis} channels / ${reduction} < 1; use a reduction of at most ${basis}`);
    }
    // Built as entries, not an object with a spread and a computed key: this runs once per SE
    // block per graph build, and such literals take V8's slow path.
    const gateModules: Array<readonly [string, Module]> = [];
    if (squeeze === 'avg') gateModules.push([names.pool ?? 'avgpool', globalAvgPool()]);
    else if (squeeze === 'max') gateModules.push([names.pool ?? 'maxpool', globalMaxPool()]);
    gateModules.push(['fc1', conv(squeezed, 1, { bias })], [activation, activation === 'relu' ? relu() : silu()], ['fc2', conv(channels, 1, { bias })], [names.gate ?? 'gate', gateLayer[gate]()]);
    return scale(Object.fromEntries(gateModules));
    // The block depends only on these options and the channel count: sweeps analyse it once per input.
  }, `se:${reduction}:${squeeze}:${gate}:${activation}:${bias}:${divisor}:${basisChannels}:${names.pool}:${names.gate}`));
}

/** The `--set` options every family with squeeze-and-excitation variants shares. */
type WhenSE = { readonly when: { readonly option: 'se'; readonly is: true } };

export interface SEOptionSpecs {
  readonly se: { readonly type: 'bool'; readonly default: boolean; readonly doc: string };
  readonly reduction: { readonly type: 'int'; readonly default: number; readonly min: number; readonly doc: string } & WhenSE;
  readonly squeeze: { readonly type: 'enum'; readonly default: Squeeze; readonly values: typeof SQUEEZES; readonly doc: string } & WhenSE;
  readonly gate: { readonly type: 'enum'; readonly default: Gate; readonly values: typeof GATES; readonly doc: string } & WhenSE;
}

/** For a family's own SE options: they only matter while se=true. */
export const WHEN_SE: WhenSE['when'] = { option: 'se', is: true };

export function seOptions(defaults: {
  /** Whether the family has SE blocks unless told otherwise. */
  enabled: boolean;
  /** Where the family puts its SE blocks, for the option's help text. */
  where: string;
  reduction: number;
  /** How the squeeze width follows from r, when it is not simply C / r. */
  reductionDoc?: string;
  gate?: Gate;
}): SEOptionSpecs {
  return {
    se: { type: 'bool', default: defaults.enabled, doc: `squeeze-and-excitation blocks ${defaults.where}` },
    reduction: { type: 'int', default: defaults.reduction, min: 1, doc: defaults.reductionDoc ?? 'SE reduction ratio r (squeeze width C / r)', when: WHEN_SE },
    squeeze: { type: 'enum', values: SQUEEZES, default: 'avg', doc: "SE squeeze: global avg or max pooling, or 'none' (excitation at full resolution)", when: WHEN_SE },
    gate: { type: 'enum', values: GATES, default: defaults.gate ?? 'sigmoid', doc: 'SE gate activation', when: WHEN_SE },
  };
}
