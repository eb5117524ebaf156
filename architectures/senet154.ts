// Cadene's pretrainedmodels SENet class (senet.py), which builds SENet-154 (Hu et al. 2018, the
// ILSVRC 2017 winner), the SE-ResNets and the SE-ResNeXts, with its module names (layer0.conv1,
// layer1.0.se_module.fc1, layer2.0.downsample.0, avg_pool, last_linear). SENet-154: a stem of
// three 3x3 convs and a ceil_mode max pool, 64-group bottlenecks (widths 2p, 4p, 4p for planes
// p) with SE before the residual add, 3x3 stride-2 projections from layer2 on, and dropout before
// the classifier. The SE-ResNeXts: a 7x7 stem, ResNeXt bottlenecks, 1x1 projections, no dropout.
//
// The Bottleneck calls its one `relu` module three times (after bn1, after bn2, after the add);
// the zoo names the three layers relu, relu_1 and relu_2, as torch.onnx.export names the calls.
import { FlopscopeError } from '../src/errors.js';
import { bn, cadeneSE, conv, defineFamily, dropout, flatten, globalAvgPool, linear, maxpool, relu, residual, seOptions, seq, stage, type Module, NUM_CLASSES } from '../src/dsl/index.js';

/** Blocks per stage: the ResNet-50/101/152 layouts (SENet-154 is the 152 layout with a three-conv stem). */
const DEPTHS = { '50': [3, 4, 6, 3], '101': [3, 4, 23, 3], '152': [3, 8, 36, 3] } as const;

/** The widths of a bottleneck's three convs for `planes`, and which of the first two strides. */
type BlockKind = 'senet' | 'se_resnet' | 'se_resnext';
function widths(kind: BlockKind, planes: number, groups: number, baseWidth: number): { conv1: number; conv2: number; strideOnConv1: boolean } {
  switch (kind) {
    case 'senet': // SEBottleneck
      return { conv1: planes * 2, conv2: planes * 4, strideOnConv1: false };
    case 'se_resnet': // SEResNetBottleneck: the Caffe layout, stride on the first 1x1
      return { conv1: planes, conv2: planes, strideOnConv1: true };
    case 'se_resnext': { // SEResNeXtBottleneck
      const width = Math.floor(planes * (baseWidth / 64)) * groups;
      return { conv1: width, conv2: width, strideOnConv1: false };
    }
  }
}

export const senetFamily = defineFamily({
  name: 'senet',
  doc: "SENet-154, SE-ResNet and SE-ResNeXt (Hu et al. 2018) as Cadene pretrainedmodels' SENet class builds them",
  options: {
    block: { type: 'enum', values: ['senet', 'se_resnet', 'se_resnext'], default: 'senet', doc: "bottleneck: 'senet' (SENet-154: widths 2p, 4p, 4p), 'se_resnet' (p, p, 4p, stride on the first 1x1) or 'se_resnext' (grouped width, stride on the 3x3)" },
    depth: { type: 'enum', values: ['50', '101', '152'], default: '152', doc: 'blocks per stage as in ResNet-50/101/152' },
    ...seOptions({ enabled: true, where: 'before the residual add', reduction: 16 }),
    groups: { type: 'int', default: 64, min: 1, doc: 'cardinality of the 3x3 convs' },
    width_per_group: { type: 'int', default: 4, min: 1, doc: "channels per group of layer1's 3x3 convs (block=se_resnext)", when: { option: 'block', is: 'se_resnext' } },
    stem: { type: 'enum', values: ['3x3', '7x7'], default: '3x3', doc: "layer0: three 3x3 convs to 128 channels (SENet-154) or one 7x7 conv to 64 (the SE-ResNets and SE-ResNeXts)" },
    downsample: { type: 'enum', values: ['3x3', '1x1'], default: '3x3', doc: 'projection shortcut of layer2..4: a 3x3 conv with padding 1 (SENet-154) or a 1x1 conv' },
    dropout: { type: 'number', default: 0.2, min: 0, max: 0.99, doc: 'dropout before the classifier (0: no dropout layer)' },
    num_classes: NUM_CLASSES,
  },
  build(o) {
    const layers = DEPTHS[o.depth];
    let inplanes = o.stem === '3x3' ? 128 : 64;
    // The narrowest grouped conv is layer1's; the later stages' are multiples of it.
    const narrowest = widths(o.block, 64, o.groups, o.width_per_group).conv1;
    if (narrowest % o.groups !== 0) {
      throw new FlopscopeError('bad-option', `option 'groups' must divide ${narrowest} (the input channels of layer1's grouped 3x3 convs), received ${o.groups}`);
    }
    const seBlock = (): Module => cadeneSE(o);

    const block = (planes: number, stride: number, projection: { kernel: number; padding: number }): Module => {
      const out = planes * 4;
      const w = widths(o.block, planes, o.groups, o.width_per_group);
      const shortcut = stride !== 1 || inplanes !== out
        ? seq([conv(out, projection.kernel, { stride, padding: projection.padding, bias: false }), bn()])
        : undefined;
      inplanes = out;
      return residual({
        conv1: conv(w.conv1, 1, { stride: w.strideOnConv1 ? stride : 1, bias: false }), bn1: bn(), relu: relu(),
        conv2: conv(w.conv2, 3, { stride: w.strideOnConv1 ? 1 : stride, padding: 1, groups: o.groups, bias: false }), bn2: bn(), relu_1: relu(),
        conv3: conv(out, 1, { bias: false }), bn3: bn(),
        ...(o.se ? { se_module: seBlock() } : {}),
      }, { ...(shortcut ? { shortcut } : {}), after: { relu: relu() } });
    };

    // layer1 projects with a 1x1 conv; layer2..4 as the `downsample` option says.
    const later = o.downsample === '3x3' ? { kernel: 3, padding: 1 } : { kernel: 1, padding: 0 };
    const layer = (index: number, planes: number, stride: number): Module => stage(`layer${index}`, seq(
      Array.from({ length: layers[index - 1] }, (_, i) => block(planes, i === 0 ? stride : 1, index === 1 ? { kernel: 1, padding: 0 } : later)),
    ));
    const stem: Record<string, Module> = o.stem === '3x3'
      ? {
          conv1: conv(64, 3, { stride: 2, padding: 1, bias: false }), bn1: bn(), relu1: relu(),
          conv2: conv(64, 3, { padding: 1, bias: false }), bn2: bn(), relu2: relu(),
          conv3: conv(inplanes, 3, { padding: 1, bias: false }), bn3: bn(), relu3: relu(),
        }
      : { conv1: conv(inplanes, 7, { stride: 2, padding: 3, bias: false }), bn1: bn(), relu1: relu() };
    const head = (m: Module): Module => stage('head', m);
    return seq({
      // ceil_mode instead of padding, as the Caffe models have it.
      layer0: stage('layer0', seq({ ...stem, pool: maxpool(3, { stride: 2, ceilMode: true }) })),
      layer1: layer(1, 64, 1),
      layer2: layer(2, 128, 2),
      layer3: layer(3, 256, 2),
      layer4: layer(4, 512, 2),
      // Cadene pools with AvgPool2d(7, stride 1): the global average wherever its classifier runs
      // (a 7x7 final map, e.g. a 224 input); a global pool works at any input.
      avg_pool: head(globalAvgPool()),
      ...(o.dropout > 0 ? { dropout: head(dropout(o.dropout)) } : {}),
      flatten: head(flatten()),
      last_linear: head(linear(o.num_classes)),
    });
  },
});
