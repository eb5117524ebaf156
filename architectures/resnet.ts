// ResNet family: torchvision's ResNet (v1.5: stride on the 3x3 conv), the original v1 layout
// (stride on the first 1x1), ResNeXt (grouped 3x3) and SENet's SE variants, with torchvision's
// module names (conv1, layer1.0.conv1, layer1.0.downsample.0, fc; SE under layer1.0.se).
import { bn, conv, defineFamily, flatten, globalAvgPool, linear, maxpool, relu, residual, se, seq, stage, type Module, seOptions, WHEN_SE, NUM_CLASSES } from '../src/dsl/index.js';

const DEPTHS = {
  '18': { block: 'basic', layers: [2, 2, 2, 2] },
  '34': { block: 'basic', layers: [3, 4, 6, 3] },
  '50': { block: 'bottleneck', layers: [3, 4, 6, 3] },
  '101': { block: 'bottleneck', layers: [3, 4, 23, 3] },
  '152': { block: 'bottleneck', layers: [3, 8, 36, 3] },
} as const;

export const resnetFamily = defineFamily({
  name: 'resnet',
  doc: 'ResNet / ResNeXt / SE-ResNet (He et al. 2016; Xie et al. 2017; Hu et al. 2018)',
  options: {
    depth: { type: 'enum', values: ['18', '34', '50', '101', '152'], default: '50', doc: 'number of layers' },
    stride_on: { type: 'enum', values: ['3x3', '1x1'], default: '3x3', doc: "where a bottleneck downsamples: '3x3' (torchvision, v1.5) or '1x1' (original v1, SENet)" },
    groups: { type: 'int', default: 1, min: 1, doc: 'cardinality of the 3x3 conv (ResNeXt)' },
    width_per_group: { type: 'int', default: 64, min: 1, doc: 'channels per group of the 3x3 conv at the first stage (ResNeXt)' },
    width: { type: 'number', default: 1, min: 0.01, max: 16, doc: 'multiplier on every stage width' },
    stem_pool: { type: 'enum', values: ['pad', 'ceil'], default: 'pad', doc: "stem max pool: 'pad' (torchvision: padding 1) or 'ceil' (the Caffe SENet models: ceil_mode, no padding)" },
    ...seOptions({ enabled: false, where: 'before the residual add (see se_position)', reduction: 16 }),
    se_stages: { type: 'intList', default: [1, 2, 3, 4], min: 1, max: 4, doc: 'stages (layer1..layer4) that get SE blocks', when: WHEN_SE },
    se_position: { type: 'enum', values: ['standard', 'pre', 'post', 'identity'], default: 'standard', doc: 'SE placement (SENet Table 14): before the add, before the block, after the add, or on the identity path', when: WHEN_SE },
    num_classes: NUM_CLASSES,
  },
  build(o) {
    const { block, layers } = DEPTHS[o.depth];
    const expansion = block === 'basic' ? 1 : 4;
    const seBlock = (): Module => se({ reduction: o.reduction, squeeze: o.squeeze, gate: o.gate });
    let inplanes = Math.round(64 * o.width);

    const makeBlock = (planes: number, stride: number, stageIndex: number): Module => {
      const outChannels = planes * expansion;
      const withSE = o.se && o.se_stages.includes(stageIndex);
      const projection = stride !== 1 || inplanes !== outChannels
        ? seq([conv(outChannels, 1, { stride, bias: false }), bn()])
        : undefined;
      let body: Record<string, Module>;
      if (block === 'basic') {
        body = {
          conv1: conv(planes, 3, { stride, padding: 1, bias: false }), bn1: bn(), relu: relu(),
          conv2: conv(planes, 3, { padding: 1, bias: false }), bn2: bn(),
        };
      } else {
        const width = Math.floor(planes * (o.width_per_group / 64)) * o.groups;
        const [s1, s3] = o.stride_on === '1x1' ? [stride, 1] : [1, stride];
        body = {
          conv1: conv(width, 1, { stride: s1, bias: false }), bn1: bn(), relu: relu(),
          conv2: conv(width, 3, { stride: s3, padding: 1, groups: o.groups, bias: false }), bn2: bn(), relu_1: relu(),
          conv3: conv(outChannels, 1, { bias: false }), bn3: bn(),
        };
      }
      inplanes = outChannels;
      if (!withSE) return residual(body, { ...(projection ? { shortcut: projection } : {}), after: { relu: relu() } });
      switch (o.se_position) {
        case 'standard':
          return residual({ ...body, se: seBlock() }, { ...(projection ? { shortcut: projection } : {}), after: { relu: relu() } });
        case 'pre':
          return residual({ se: seBlock(), ...body }, { ...(projection ? { shortcut: projection } : {}), after: { relu: relu() } });
        case 'post':
          return residual(body, { ...(projection ? { shortcut: projection } : {}), after: { relu: relu(), se: seBlock() } });
        case 'identity':
          return residual(body, {
            shortcut: seq(projection ? { downsample: projection, se: seBlock() } : { se: seBlock() }),
            shortcutName: '',
            after: { relu: relu() },
          });
        default:
          throw new Error(`unknown se_position ${String(o.se_position)}`);
      }
    };

    const stageModule = (index: number, planes: number, blocks: number, stride: number): Module =>
      stage(`layer${index}`, seq(Array.from({ length: blocks }, (_, i) => makeBlock(planes, i === 0 ? stride : 1, index))));

    const base = [64, 128, 256, 512].map((c) => Math.round(c * o.width));
    const stem = (m: Module): Module => stage('stem', m);
    const head = (m: Module): Module => stage('head', m);
    return seq({
      conv1: stem(conv(inplanes, 7, { stride: 2, padding: 3, bias: false })),
      bn1: stem(bn()),
      relu: stem(relu()),
      maxpool: stem(o.stem_pool === 'ceil' ? maxpool(3, { stride: 2, ceilMode: true }) : maxpool(3, { stride: 2, padding: 1 })),
      layer1: stageModule(1, base[0], layers[0], 1),
      layer2: stageModule(2, base[1], layers[1], 2),
      layer3: stageModule(3, base[2], layers[2], 2),
      layer4: stageModule(4, base[3], layers[3], 2),
      avgpool: head(globalAvgPool()),
      flatten: head(flatten()),
      fc: head(linear(o.num_classes)),
    });
  },
});
