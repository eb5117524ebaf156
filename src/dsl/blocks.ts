// Blocks many families share, written once.
import { seq } from './combinators.js';
import { bn, conv } from './layers.js';
import type { Module } from './module.js';

export interface ConvNormActOptions {
  stride?: number;
  groups?: number;
  /** BatchNorm epsilon (torchvision's MobileNetV3 uses 0.001). */
  eps?: number;
}

/**
 * torchvision's Conv2dNormActivation: a bias-free conv with 'same'-style padding (k - 1) / 2,
 * BatchNorm, then the activation when one is given; children named 0, 1, 2.
 */
export function convNormAct(out: number, kernel: number, activation: (() => Module) | undefined, options: ConvNormActOptions = {}): Module {
  const layers: Module[] = [
    conv(out, kernel, { stride: options.stride ?? 1, padding: Math.floor((kernel - 1) / 2), groups: options.groups ?? 1, bias: false }),
    bn(options.eps !== undefined ? { eps: options.eps } : {}),
  ];
  if (activation) layers.push(activation());
  return seq(layers);
}
