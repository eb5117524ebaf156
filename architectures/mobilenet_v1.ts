// MobileNet v1 (Howard et al. 2017) and SENet's SE-MobileNet. Not in torchvision: the layer list
// is the paper's Table 1 (3x3 stem, 13 depthwise-separable blocks, global pool, FC), no conv
// biases, BN + ReLU after every conv. Names follow the common PyTorch port: features.0 is the
// stem (conv, bn, relu), features.1-13 the blocks (0 dw conv, 1 bn, 2 relu, 3 pw conv, 4 bn,
// 5 relu, then `se` when enabled), fc the classifier.
import { bn, conv, defineFamily, flatten, globalAvgPool, linear, relu, se, seq, stage, type Module, seOptions, NUM_CLASSES } from '../src/dsl/index.js';

/** Pointwise output channels and depthwise stride of the 13 blocks (paper Table 1). */
const BLOCKS: readonly (readonly [channels: number, stride: number])[] = [
  [64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2],
  [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1],
];

export const mobilenetV1Family = defineFamily({
  name: 'mobilenet_v1',
  doc: 'MobileNet v1 (Howard et al. 2017) and SE-MobileNet (Hu et al. 2018)',
  options: {
    width: { type: 'number', default: 1, min: 0.01, max: 16, doc: 'width multiplier alpha: every layer has int(channels * alpha) channels' },
    ...seOptions({ enabled: false, where: 'after each pointwise conv (after its BN and ReLU)', reduction: 16 }),
    num_classes: NUM_CLASSES,
  },
  build(o) {
    // The paper's width multiplier truncates: int(channels * alpha).
    const width = (c: number): number => Math.max(1, Math.floor(c * o.width));
    const stem = width(32);
    const blocks: Module[] = [];
    let channelsIn = stem;
    let stageIndex = 1;
    BLOCKS.forEach(([channels, stride], i) => {
      if (stride === 2 && i > 0) stageIndex++;
      const out = width(channels);
      blocks.push(stage(`stage${stageIndex}`, seq({
        0: conv(channelsIn, 3, { stride, padding: 1, groups: channelsIn, bias: false }), 1: bn(), 2: relu(),
        3: conv(out, 1, { bias: false }), 4: bn(), 5: relu(),
        ...(o.se ? { se: se({ reduction: o.reduction, squeeze: o.squeeze, gate: o.gate }) } : {}),
      })));
      channelsIn = out;
    });
    const head = (m: Module): Module => stage('head', m);
    return seq({
      features: seq([
        stage('stem', seq([conv(stem, 3, { stride: 2, padding: 1, bias: false }), bn(), relu()])),
        ...blocks,
      ]),
      avgpool: head(globalAvgPool()),
      flatten: head(flatten()),
      fc: head(linear(o.num_classes)),
    });
  },
});
