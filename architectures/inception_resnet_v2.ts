// Inception-ResNet-v2 (Szegedy et al. 2017) as Cadene's pretrainedmodels ports it from TF-slim,
// with its module names (conv2d_1a.conv, mixed_5b.branch1.0.conv, repeat.0.conv2d, last_linear).
// Each residual block concatenates its branches, projects them back up with a 1x1 conv (with
// bias), scales the result by a constant (0.17, 0.1, 0.2; 1.0 in the last block, which the
// reference still multiplies by) and adds the input: layers of the forward without a module of
// their own, named cat, scale and add. SE-Inception-ResNet-v2 (SENet) puts squeeze-and-excitation
// on the up-projection's output, before the scaling and the add: a block's `se`, with Cadene
// SEModule's layers (avg_pool, fc1, relu, fc2, sigmoid).
import { avgpool, bn, cadeneSE, concat, conv, defineFamily, flatten, globalAvgPool, linear, maxpool, relu, repeat, residual, scaleBy, seOptions, seq, stage, type Module, NUM_CLASSES } from '../src/dsl/index.js';

type Pair = number | readonly [number, number];

/** TF-slim's conv, BN (eps 0.001), ReLU: BasicConv2d with children conv, bn, relu. */
function basic(out: number, kernel: Pair, options: { stride?: number; padding?: Pair } = {}): Module {
  return seq({
    conv: conv(out, kernel, { stride: options.stride ?? 1, padding: options.padding ?? 0, bias: false }),
    bn: bn({ eps: 0.001 }),
    relu: relu(),
  });
}

/** Block35 (35x35 grid, 320 channels). */
const block35Branches = (): Record<string, Module> => ({
  branch0: basic(32, 1),
  branch1: seq([basic(32, 1), basic(32, 3, { padding: 1 })]),
  branch2: seq([basic(32, 1), basic(48, 3, { padding: 1 }), basic(64, 3, { padding: 1 })]),
});

/** Block17 (17x17 grid, 1088 channels). */
const block17Branches = (): Record<string, Module> => ({
  branch0: basic(192, 1),
  branch1: seq([basic(128, 1), basic(160, [1, 7], { padding: [0, 3] }), basic(192, [7, 1], { padding: [3, 0] })]),
});

/** Block8 (8x8 grid, 2080 channels). */
const block8Branches = (): Record<string, Module> => ({
  branch0: basic(192, 1),
  branch1: seq([basic(192, 1), basic(224, [1, 3], { padding: [0, 1] }), basic(256, [3, 1], { padding: [1, 0] })]),
});

export const inceptionResnetV2Family = defineFamily({
  name: 'inception_resnet_v2',
  doc: 'Inception-ResNet-v2 (Szegedy et al. 2017) as in Cadene pretrainedmodels, with SE-Inception-ResNet-v2 (Hu et al. 2018)',
  options: {
    ...seOptions({ enabled: false, where: "on each residual branch's up-projection, before the scaling and the add", reduction: 16 }),
    num_classes: NUM_CLASSES,
  },
  build(o) {
    const seBlock = (): Module => cadeneSE(o);
    const block = (branches: Record<string, Module>, channels: number, factor: number, withRelu = true): Module => residual({
      '': concat(branches),
      conv2d: conv(channels, 1),
      ...(o.se ? { se: seBlock() } : {}),
      scale: scaleBy(factor),
    }, withRelu ? { after: { relu: relu() } } : {});

    return seq({
      conv2d_1a: stage('stem', basic(32, 3, { stride: 2 })),
      conv2d_2a: stage('stem', basic(32, 3)),
      conv2d_2b: stage('stem', basic(64, 3, { padding: 1 })),
      maxpool_3a: stage('stem', maxpool(3, { stride: 2 })),
      conv2d_3b: stage('stem', basic(80, 1)),
      conv2d_4a: stage('stem', basic(192, 3)),
      maxpool_5a: stage('stem', maxpool(3, { stride: 2 })),
      mixed_5b: concat({
        branch0: basic(96, 1),
        branch1: seq([basic(48, 1), basic(64, 5, { padding: 2 })]),
        branch2: seq([basic(64, 1), basic(96, 3, { padding: 1 }), basic(96, 3, { padding: 1 })]),
        branch3: seq([avgpool(3, { stride: 1, padding: 1, countIncludePad: false }), basic(64, 1)]),
      }),
      repeat: seq(repeat(10, () => block(block35Branches(), 320, 0.17))),
      mixed_6a: concat({
        branch0: basic(384, 3, { stride: 2 }),
        branch1: seq([basic(256, 1), basic(256, 3, { padding: 1 }), basic(384, 3, { stride: 2 })]),
        branch2: maxpool(3, { stride: 2 }),
      }),
      repeat_1: seq(repeat(20, () => block(block17Branches(), 1088, 0.1))),
      mixed_7a: concat({
        branch0: seq([basic(256, 1), basic(384, 3, { stride: 2 })]),
        branch1: seq([basic(256, 1), basic(288, 3, { stride: 2 })]),
        branch2: seq([basic(256, 1), basic(288, 3, { padding: 1 }), basic(320, 3, { stride: 2 })]),
        branch3: maxpool(3, { stride: 2 }),
      }),
      repeat_2: seq(repeat(9, () => block(block8Branches(), 2080, 0.2))),
      block8: block(block8Branches(), 2080, 1, false),
      conv2d_7b: stage('head', basic(1536, 1)),
      // Cadene pools with AvgPool2d(8) (count_include_pad false): the global average at 299x299
      // (an 8x8 map); a global pool keeps the classifier's 1536 inputs at any input size.
      avgpool_1a: stage('head', globalAvgPool()),
      flatten: stage('head', flatten()),
      last_linear: stage('head', linear(o.num_classes)),
    });
  },
});
