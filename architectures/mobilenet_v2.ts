// MobileNetV2 (Sandler et al. 2018) as torchvision builds it: channels rounded with
// _make_divisible(c * width, 8), ReLU6, inverted residual blocks named features.i.conv.j, the
// 1280-channel last conv (never narrowed below 1280), dropout + linear classifier.
import { bn, conv, convNormAct, defineFamily, dropout, flatten, globalAvgPool, linear, makeDivisible, relu6, residual, seq, stage, type Module, NUM_CLASSES } from '../src/dsl/index.js';

/** Expansion t, output channels c, repeats n, first stride s (paper Table 2). */
const SETTINGS: readonly (readonly [t: number, c: number, n: number, s: number])[] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

/** torchvision's Conv2dNormActivation with ReLU6. */
const convBnReLU6 = (out: number, kernel: number, options: { stride?: number; groups?: number } = {}): Module => convNormAct(out, kernel, relu6, options);

export const mobilenetV2Family = defineFamily({
  name: 'mobilenet_v2',
  doc: 'MobileNetV2 (Sandler et al. 2018), torchvision layout',
  options: {
    width: { type: 'number', default: 1, min: 0.01, max: 16, doc: 'width multiplier; channels are rounded to multiples of 8 as torchvision does' },
    num_classes: NUM_CLASSES,
  },
  build(o) {
    const round = (c: number): number => makeDivisible(c * o.width, 8);
    let channelsIn = round(32);
    const lastChannel = makeDivisible(1280 * Math.max(1, o.width), 8);
    const features: Module[] = [stage('stem', convBnReLU6(channelsIn, 3, { stride: 2 }))];
    SETTINGS.forEach(([t, c, n, s], row) => {
      const out = round(c);
      for (let i = 0; i < n; i++) {
        const stride = i === 0 ? s : 1;
        const hidden = Math.round(channelsIn * t);
        const layers: Module[] = [
          ...(t !== 1 ? [convBnReLU6(hidden, 1)] : []),
          convBnReLU6(hidden, 3, { stride, groups: hidden }),
          conv(out, 1, { bias: false }),
          bn(),
        ];
        const body = { conv: seq(layers) };
        const block = stride === 1 && channelsIn === out ? residual(body) : seq(body);
        features.push(stage(`stage${row + 1}`, block));
        channelsIn = out;
      }
    });
    features.push(stage('head', convBnReLU6(lastChannel, 1)));
    const head = (m: Module): Module => stage('head', m);
    return seq({
      features: seq(features),
      avgpool: head(globalAvgPool()),
      flatten: head(flatten()),
      classifier: head(seq([dropout(0.2), linear(o.num_classes)])),
    });
  },
});
