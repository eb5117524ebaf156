// Counting conventions: each maps the raw buckets (MACs, and element-wise add, mul, cmp, div, exp)
// to the one "FLOPs" number a report headlines. The raw buckets are always reported too.
import { FlopscopeError, nearestNames } from '../errors.js';
import { add, mul, type Dim } from '../shape/dim.js';
import type { ElementwiseWork } from '../ops/types.js';

export interface CountedLayer {
  readonly op: string;
  readonly macs: Dim;
  readonly work: ElementwiseWork;
  /** Elements of all inputs together (some tools count pooling by input size). */
  readonly inputElements: Dim;
  /** Elements of the output. */
  readonly outputElements: Dim;
}

export interface Convention {
  readonly name: string;
  /** The headline in words, printed in every report header. */
  readonly title: string;
  /** What is counted, one sentence. */
  readonly rule: string;
  /** Which published figures it reproduces. */
  readonly reproduces: string;
  flops(layer: CountedLayer): Dim;
}

function allElementwise(w: ElementwiseWork): Dim {
  return add(add(add(w.add, w.mul), add(w.cmp, w.div)), w.exp);
}

export const CONVENTIONS: readonly Convention[] = [
  {
    name: 'macs',
    title: 'multiply-accumulates of convolutions and fully connected layers',
    rule: 'conv + linear MACs; normalization, activations, pooling, adds and scaling are not counted',
    reproduces: 'torchvision metadata (resnet50: 4.089 GFLOPS)',
    flops: (l) => l.macs,
  },
  {
    name: 'paper',
    title: 'multiply-adds as in the SENet paper: conv + linear MACs plus channel-scale multiplies',
    rule: 'conv + linear MACs, plus the multiplies of channel-scaling (mul) layers such as the SE scale',
    reproduces: 'SENet Table 2/3 (ResNet-50 3.86, SE-ResNet-50 3.87 GFLOPs; MobileNet 569, SE-MobileNet 572 MFLOPs)',
    flops: (l) => (l.op === 'mul' ? add(l.macs, l.work.mul) : l.macs),
  },
  {
    name: 'flops',
    title: 'floating-point operations: 2 per MAC plus 1 per element-wise operation',
    rule: '2 x MACs, plus every element-wise add, multiply, compare, divide and exp (BN 2/element, ReLU 1/element, bias 1/output, pooling per window)',
    reproduces: 'hardware FLOPs as calflops / torch-scan print them (resnet50: about 8.2 G)',
    flops: (l) => add(mul(l.macs, 2), allElementwise(l.work)),
  },
  {
    name: 'fvcore',
    title: 'fvcore-style FLOPs: conv + linear MACs, plus 2 per batch-norm element and 1 per globally pooled element',
    rule: 'conv + linear MACs, plus 2 per batch-norm output element (affine, inference) and 1 per input element of global and adaptive average pooling (the aten::adaptive_avg_pool2d handle); activations, max pooling and adds ignored',
    reproduces: 'fvcore FlopCountAnalysis (resnet50: about 4.11 G)',
    flops: (l) => (l.op === 'batchnorm' ? add(l.work.mul, l.work.add) : l.op === 'globalavgpool' || l.op === 'adaptiveavgpool' ? l.inputElements : l.macs),
  },
  {
    name: 'ptflops',
    title: 'ptflops-style MACs: conv + linear MACs and biases, batch norm, ReLU-family activations and pooling',
    rule: 'conv + linear MACs plus 1 per bias output, 2 per batch-norm element, 1 per relu/relu6 output, 1 per pooling input element; sigmoid-type activations, adds and multiplies ignored (ptflops pytorch backend)',
    reproduces: 'ptflops get_model_complexity_info (resnet50: 4.12 GMac)',
    flops: (l) => {
      switch (l.op) {
        case 'conv2d':
        case 'linear':
          return add(l.macs, l.work.add);
        case 'batchnorm':
          return add(l.work.mul, l.work.add);
        case 'relu':
        case 'relu6':
          return l.outputElements;
        case 'maxpool':
        case 'avgpool':
        case 'globalavgpool':
        case 'globalmaxpool':
        case 'adaptiveavgpool':
          return l.inputElements;
        default:
          return l.macs;
      }
    },
  },
];

export function conventionNames(): string[] {
  return CONVENTIONS.map((c) => c.name);
}

export function getConvention(name: string): Convention {
  const c = CONVENTIONS.find((x) => x.name === name);
  if (c) return c;
  const near = nearestNames(name, conventionNames());
  throw new FlopscopeError('usage', `unknown convention '${name}'${near.length ? ` (did you mean '${near[0]}'?)` : ''}; known conventions: ${conventionNames().join(', ')}`);
}
