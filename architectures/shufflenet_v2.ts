// ShuffleNet V2 (Ma et al. 2018) as torchvision builds it: conv1, maxpool, stage2-4 of
// InvertedResidual units, conv5, global mean, fc. A stride-1 unit splits the channels in two,
// transforms one half (branch2) and concatenates it with the untouched half; a stride-2 unit runs
// both branches on the whole input. Both end with a channel shuffle of 2 groups. The SE variant
// puts a squeeze-and-excitation block at the end of branch2, before the concatenation.
import { FlopscopeError } from '../src/errors.js';
import { bn, concat, conv, defineFamily, flatten, globalAvgPool, linear, maxpool, relu, se, seq, shuffle, stage, type Module, seOptions, NUM_CLASSES } from '../src/dsl/index.js';

/** torchvision's stages_out_channels per width (stage2, stage3, stage4, conv5). */
const CHANNELS: Readonly<Record<string, readonly [number, number, number, number]>> = {
  '0.5': [48, 96, 192, 1024],
  '1': [116, 232, 464, 1024],
  '1.5': [176, 352, 704, 1024],
  '2': [244, 488, 976, 2048],
};
const REPEATS = [4, 8, 4] as const;
const STEM = 24;

const depthwise = (channels: number, stride: number): Module => conv(channels, 3, { stride, padding: 1, groups: channels, bias: false });
const pointwise = (channels: number): Module => conv(channels, 1, { bias: false });

export const shufflenetV2Family = defineFamily({
  name: 'shufflenet_v2',
  doc: 'ShuffleNet V2 (Ma et al. 2018), torchvision layout, with an optional SE block per unit',
  options: {
    width: { type: 'number', default: 1, min: 0.5, max: 2, doc: "width multiplier: one of 0.5, 1, 1.5, 2 (torchvision's channel tables)" },
    ...seOptions({ enabled: false, where: 'at the end of branch2 of every unit', reduction: 16 }),
    num_classes: NUM_CLASSES,
  },
  build(o) {
    const channels = CHANNELS[String(o.width)];
    if (!channels) {
      throw new FlopscopeError('bad-option', `option 'width' must be one of ${Object.keys(CHANNELS).map(Number).sort((a, b) => a - b).join(', ')} for shufflenet_v2 (torchvision's channel tables), received ${o.width}`);
    }
    const seBlock = (): Record<string, Module> => (o.se ? { se: se({ reduction: o.reduction, squeeze: o.squeeze, gate: o.gate }) } : {});

    const unit = (channelsIn: number, channelsOut: number, stride: number): Module => {
      const half = channelsOut / 2;
      const branch2 = seq({
        0: pointwise(half), 1: bn(), 2: relu(),
        3: depthwise(half, stride), 4: bn(),
        5: pointwise(half), 6: bn(), 7: relu(),
        ...seBlock(),
      });
      if (stride === 1) {
        // x1, x2 = x.chunk(2); cat(x1, branch2(x2)): branch1 is the identity on the first half.
        return concat({ branch1: seq([]), branch2 }, { split: 2, after: { shuffle: shuffle(2) } });
      }
      const branch1 = seq([depthwise(channelsIn, stride), bn(), pointwise(half), bn(), relu()]);
      return concat({ branch1, branch2 }, { after: { shuffle: shuffle(2) } });
    };

    const stages: Record<string, Module> = {};
    let channelsIn = STEM;
    REPEATS.forEach((repeats, i) => {
      const name = `stage${i + 2}`;
      const out = channels[i];
      stages[name] = stage(name, seq(Array.from({ length: repeats }, (_, j) => unit(j === 0 ? channelsIn : out, out, j === 0 ? 2 : 1))));
      channelsIn = out;
    });
    const stem = (m: Module): Module => stage('stem', m);
    const head = (m: Module): Module => stage('head', m);
    return seq({
      conv1: stem(seq([conv(STEM, 3, { stride: 2, padding: 1, bias: false }), bn(), relu()])),
      maxpool: stem(maxpool(3, { stride: 2, padding: 1 })),
      ...stages,
      conv5: head(seq([pointwise(channels[3]), bn(), relu()])),
      // torchvision: x.mean([2, 3])
      mean: head(globalAvgPool()),
      flatten: head(flatten()),
      fc: head(linear(o.num_classes)),
    });
  },
});
