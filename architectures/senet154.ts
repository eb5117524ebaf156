// SENet-154 (Hu et al. 2018, the ILSVRC 2017 winner) as Cadene's pretrainedmodels builds it, with
// its module names (layer0.conv1, layer1.0.se_module.fc1, layer2.0.downsample.0, last_linear):
// a stem of three 3x3 convs and a ceil_mode max pool, 64-group bottlenecks (widths 2p, 4p, 4p
// for planes p) with SE before the residual add, 3x3 stride-2 projections from layer2 on, and
// dropout before the classifier.
import { FlopscopeError } from '../src/errors.js';
import { bn, conv, defineFamily, dropout, flatten, globalAvgPool, linear, maxpool, relu, residual, se, seOptions, seq, stage, type Module, NUM_CLASSES } from '../src/dsl/index.js';

const LAYERS = [3, 8, 36, 3] as const;

export const senetFamily = defineFamily({
  name: 'senet',
  doc: 'SENet-154 (Hu et al. 2018) as in Cadene pretrainedmodels',
  options: {
    ...seOptions({ enabled: true, where: 'before the residual add', reduction: 16 }),
    groups: { type: 'int', default: 64, min: 1, doc: 'cardinality of the 3x3 convs' },
    dropout: { type: 'number', default: 0.2, min: 0, max: 0.99, doc: 'dropout before the classifier (0: no dropout layer)' },
    num_classes: NUM_CLASSES,
  },
  build(o) {
    // The narrowest grouped conv (layer1) has 64 * 2 = 128 input channels; the others are multiples.
    if (128 % o.groups !== 0) {
      throw new FlopscopeError('bad-option', `option 'groups' must divide 128 (the input channels of layer1's grouped 3x3 convs), received ${o.groups}`);
    }
    const seBlock = (): Module => se({ reduction: o.reduction, squeeze: o.squeeze, gate: o.gate });
    let inplanes = 128;

    const block = (planes: number, stride: number, projection: { kernel: number; padding: number }): Module => {
      const out = planes * 4;
      const shortcut = stride !== 1 || inplanes !== out
        ? seq([conv(out, projection.kernel, { stride, padding: projection.padding, bias: false }), bn()])
        : undefined;
      inplanes = out;
      return residual({
        conv1: conv(planes * 2, 1, { bias: false }), bn1: bn(), relu: relu(),
        conv2: conv(planes * 4, 3, { stride, padding: 1, groups: o.groups, bias: false }), bn2: bn(), relu_1: relu(),
        conv3: conv(out, 1, { bias: false }), bn3: bn(),
        ...(o.se ? { se_module: seBlock() } : {}),
      }, { ...(shortcut ? { shortcut } : {}), after: { relu: relu() } });
    };

    // layer1 projects with a 1x1 conv; layer2..4 downsample with a 3x3 stride-2 conv, padding 1.
    const layer = (index: number, planes: number, stride: number): Module => stage(`layer${index}`, seq(
      Array.from({ length: LAYERS[index - 1] }, (_, i) => block(planes, i === 0 ? stride : 1, index === 1 ? { kernel: 1, padding: 0 } : { kernel: 3, padding: 1 })),
    ));
    const head = (m: Module): Module => stage('head', m);
    return seq({
      layer0: stage('layer0', seq({
        conv1: conv(64, 3, { stride: 2, padding: 1, bias: false }), bn1: bn(), relu1: relu(),
        conv2: conv(64, 3, { padding: 1, bias: false }), bn2: bn(), relu2: relu(),
        conv3: conv(inplanes, 3, { padding: 1, bias: false }), bn3: bn(), relu3: relu(),
        // ceil_mode instead of padding, as the Caffe model has it.
        pool: maxpool(3, { stride: 2, ceilMode: true }),
      })),
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
