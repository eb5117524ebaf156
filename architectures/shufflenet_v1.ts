// ShuffleNet V1 (Zhang et al. 2018) as the megvii reference implementation builds it
// (megvii-model/ShuffleNet-Series, ShuffleNetV1): first_conv, maxpool, 16 ShuffleV1Blocks in
// features, a global pool and a bias-free classifier. A block is a grouped 1x1 conv (plain for the
// very first block), channel shuffle, 3x3 depthwise conv, grouped 1x1 conv; stride 1 adds the
// input then ReLU, stride 2 concatenates a 3x3 average pool of the input with ReLU(branch).
// The SE variant puts SENet's block after the branch's last BN, before the add/concat.
import { FlopscopeError } from '../src/errors.js';
import { avgpool, bn, concat, conv, defineFamily, flatten, globalAvgPool, linear, maxpool, relu, residual, se, seq, shuffle, stage, type Module, seOptions, NUM_CLASSES } from '../src/dsl/index.js';

/** Output channels of stage2-4 at 1x by group count (paper Table 1; megvii for g=3 and g=8). */
const STAGE_CHANNELS: Readonly<Record<number, readonly [number, number, number]>> = {
  1: [144, 288, 576],
  2: [200, 400, 800],
  3: [240, 480, 960],
  4: [272, 544, 1088],
  8: [384, 768, 1536],
};
const REPEATS = [4, 8, 4] as const;

/** First conv width of the megvii models where it is not int(24 * width). */
const MEGVII_STEM: Readonly<Record<string, number>> = { '8:0.5': 16, '3:1.5': 24, '8:1.5': 24 };

export const shufflenetV1Family = defineFamily({
  name: 'shufflenet_v1',
  doc: 'ShuffleNet V1 (Zhang et al. 2018), megvii reference layout, with optional SE blocks',
  options: {
    groups: { type: 'int', default: 3, min: 1, max: 8, doc: 'groups of the 1x1 convs: 1, 2, 3, 4 or 8 (paper Table 1)' },
    width: { type: 'number', default: 1, min: 0.25, max: 4, doc: 'scale factor s of "ShuffleNet s x": stage channels are int(channels * s)' },
    ...seOptions({ enabled: false, where: 'on the residual branch, before the add/concat', reduction: 16 }),
    num_classes: NUM_CLASSES,
  },
  build(o) {
    const g = o.groups;
    const base = STAGE_CHANNELS[g];
    if (!base) {
      throw new FlopscopeError('bad-option', `option 'groups' must be one of ${Object.keys(STAGE_CHANNELS).join(', ')} for shufflenet_v1 (paper Table 1), received ${g}`);
    }
    const stageChannels = base.map((c) => Math.floor(c * o.width));
    const stem = MEGVII_STEM[`${g}:${o.width}`] ?? Math.floor(24 * o.width);
    for (const c of stageChannels) {
      // The bottleneck is a quarter of the output, and grouped 1x1 convs need it divisible by g.
      if (c % 4 !== 0 || (c / 4) % g !== 0) {
        throw new FlopscopeError('bad-option', `option 'width' ${o.width} gives ${c} channels with groups ${g}; the bottleneck (${c} / 4) must be a whole multiple of the groups`);
      }
    }

    const block = (channelsIn: number, channelsOut: number, stride: number, firstGroup: boolean): Module => {
      const mid = channelsOut / 4;
      // A stride-2 block concatenates its input, so its branch only makes the missing channels.
      const branchOut = stride === 2 ? channelsOut - channelsIn : channelsOut;
      const branch: Record<string, Module> = {
        branch_main_1: seq([
          conv(mid, 1, { groups: firstGroup ? 1 : g, bias: false }), bn(), relu(),
          conv(mid, 3, { stride, padding: 1, groups: mid, bias: false }), bn(),
        ]),
        ...(g > 1 ? { channel_shuffle: shuffle(g) } : {}),
        branch_main_2: seq([conv(branchOut, 1, { groups: g, bias: false }), bn()]),
        ...(o.se ? { se: se({ reduction: o.reduction, squeeze: o.squeeze, gate: o.gate }) } : {}),
      };
      if (stride === 1) return residual(branch, { after: { relu: relu() } });
      // cat(branch_proj(x), relu(branch(x))); the branch's layers keep the block's own scope.
      return concat({ branch_proj: avgpool(3, { stride: 2, padding: 1 }), '': seq({ ...branch, relu: relu() }) });
    };

    const features: Module[] = [];
    let channelsIn = stem;
    REPEATS.forEach((repeats, s) => {
      const out = stageChannels[s];
      for (let i = 0; i < repeats; i++) {
        features.push(stage(`stage${s + 2}`, block(channelsIn, out, i === 0 ? 2 : 1, s === 0 && i === 0)));
        channelsIn = out;
      }
    });
    const head = (m: Module): Module => stage('head', m);
    return seq({
      first_conv: stage('stem', seq([conv(stem, 3, { stride: 2, padding: 1, bias: false }), bn(), relu()])),
      maxpool: stage('stem', maxpool(3, { stride: 2, padding: 1 })),
      features: seq(features),
      // megvii: AvgPool2d(7), the same as a global pool at 224.
      globalpool: head(globalAvgPool()),
      flatten: head(flatten()),
      classifier: head(seq([linear(o.num_classes, { bias: false })])),
    });
  },
});
