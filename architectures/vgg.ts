// VGG (Simonyan & Zisserman 2015) as torchvision builds it: 3x3 convs with bias (optionally BN),
// ReLU, 2x2 max pools, named features.i; AdaptiveAvgPool2d(7) then a 3-layer classifier.
// SE-VGG (SENet) adds squeeze-and-excitation after each ReLU, the way BN is inserted for vgg*_bn.
import { adaptiveAvgPool, bn, conv, defineFamily, dropout, flatten, linear, maxpool, relu, se, seOptions, seq, stage, type Module, NUM_CLASSES } from '../src/dsl/index.js';

type Cfg = readonly (number | 'M')[];
/** torchvision's cfgs A, B, D, E. */
const CFGS: Readonly<Record<'11' | '13' | '16' | '19', Cfg>> = {
  '11': [64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
  '13': [64, 64, 'M', 128, 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
  '16': [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'],
  '19': [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 256, 'M', 512, 512, 512, 512, 'M', 512, 512, 512, 512, 'M'],
};

export const vggFamily = defineFamily({
  name: 'vgg',
  doc: 'VGG (Simonyan & Zisserman 2015), torchvision layout',
  options: {
    depth: { type: 'enum', values: ['11', '13', '16', '19'], default: '16', doc: 'number of weight layers (configurations A, B, D, E)' },
    batch_norm: { type: 'bool', default: false, doc: 'BatchNorm after every conv (torchvision vgg*_bn)' },
    width: { type: 'number', default: 1, min: 0.01, max: 16, doc: 'multiplier on every conv width: int(channels * width)' },
    ...seOptions({ enabled: false, where: "after each conv's ReLU (SE-VGG), as the next features.i", reduction: 16 }),
    num_classes: NUM_CLASSES,
  },
  build(o) {
    const layers: Module[] = [];
    let block = 1;
    let channels = 0;
    for (const v of CFGS[o.depth]) {
      const tagged = (m: Module): Module => stage(`block${block}`, m);
      if (v === 'M') {
        layers.push(tagged(maxpool(2, { stride: 2 })));
        block++;
        continue;
      }
      channels = Math.max(1, Math.floor(v * o.width));
      layers.push(tagged(conv(channels, 3, { padding: 1 })));
      if (o.batch_norm) layers.push(tagged(bn()));
      layers.push(tagged(relu()));
      if (o.se) layers.push(tagged(se({ reduction: o.reduction, squeeze: o.squeeze, gate: o.gate })));
    }
    const head = (m: Module): Module => stage('head', m);
    return seq({
      features: seq(layers),
      // torchvision's AdaptiveAvgPool2d((7, 7)): any feature size becomes 7x7 (an average over
      // 1x1 windows at a 224 input), so the classifier always takes channels * 7 * 7 features.
      avgpool: head(adaptiveAvgPool(7)),
      flatten: head(flatten()),
      classifier: head(seq([
        linear(4096), relu(), dropout(0.5),
        linear(4096), relu(), dropout(0.5),
        linear(o.num_classes),
      ])),
    });
  },
});
