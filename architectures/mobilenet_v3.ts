// MobileNetV3 Large and Small (Howard et al. 2019) as torchvision builds them: channels rounded
// with _make_divisible(c * width, 8), BN eps 0.001, SE after the depthwise conv with squeeze width
// make_divisible(expanded / 4, 8), ReLU inside and a hard-sigmoid gate, blocks named
// features.i.block.j, classifier Linear-Hardswish-Dropout-Linear.
import { convNormAct, defineFamily, dropout, flatten, globalAvgPool, hardswish, linear, makeDivisible, relu, residual, se, seq, stage, type Module, seOptions, NUM_CLASSES } from '../src/dsl/index.js';

type Activation = 'RE' | 'HS';
/** input, kernel, expanded, output, SE, activation, stride (torchvision's bneck_conf rows). */
type Row = readonly [input: number, kernel: number, expanded: number, out: number, se: boolean, act: Activation, stride: number];

const LARGE: readonly Row[] = [
  [16, 3, 16, 16, false, 'RE', 1],
  [16, 3, 64, 24, false, 'RE', 2],
  [24, 3, 72, 24, false, 'RE', 1],
  [24, 5, 72, 40, true, 'RE', 2],
  [40, 5, 120, 40, true, 'RE', 1],
  [40, 5, 120, 40, true, 'RE', 1],
  [40, 3, 240, 80, false, 'HS', 2],
  [80, 3, 200, 80, false, 'HS', 1],
  [80, 3, 184, 80, false, 'HS', 1],
  [80, 3, 184, 80, false, 'HS', 1],
  [80, 3, 480, 112, true, 'HS', 1],
  [112, 3, 672, 112, true, 'HS', 1],
  [112, 5, 672, 160, true, 'HS', 2],
  [160, 5, 960, 160, true, 'HS', 1],
  [160, 5, 960, 160, true, 'HS', 1],
];

const SMALL: readonly Row[] = [
  [16, 3, 16, 16, true, 'RE', 2],
  [16, 3, 72, 24, false, 'RE', 2],
  [24, 3, 88, 24, false, 'RE', 1],
  [24, 5, 96, 40, true, 'HS', 2],
  [40, 5, 240, 40, true, 'HS', 1],
  [40, 5, 240, 40, true, 'HS', 1],
  [40, 5, 120, 48, true, 'HS', 1],
  [48, 5, 144, 48, true, 'HS', 1],
  [48, 5, 288, 96, true, 'HS', 2],
  [96, 5, 576, 96, true, 'HS', 1],
  [96, 5, 576, 96, true, 'HS', 1],
];

const CONFIGS = {
  large: { rows: LARGE, lastChannel: 1280 },
  small: { rows: SMALL, lastChannel: 1024 },
} as const;

const BN_EPS = 0.001;

/** torchvision's Conv2dNormActivation: conv (no bias), BN, then the activation if any. */
function convBnAct(out: number, kernel: number, act: Activation | undefined, options: { stride?: number; groups?: number } = {}): Module {
  return convNormAct(out, kernel, act === undefined ? undefined : act === 'HS' ? hardswish : relu, { ...options, eps: BN_EPS });
}

export const mobilenetV3Family = defineFamily({
  name: 'mobilenet_v3',
  doc: 'MobileNetV3 Large / Small (Howard et al. 2019), torchvision layout',
  options: {
    size: { type: 'enum', values: ['large', 'small'], default: 'large', doc: 'Large or Small configuration' },
    width: { type: 'number', default: 1, min: 0.01, max: 16, doc: 'width multiplier; channels are rounded to multiples of 8 as torchvision does' },
    ...seOptions({ enabled: true, where: 'of the configuration (false removes them all)', reduction: 4, reductionDoc: 'SE reduction ratio; the squeeze width is make_divisible(expanded / r, 8)', gate: 'hardsigmoid' }),
    num_classes: NUM_CLASSES,
  },
  build(o) {
    const { rows, lastChannel } = CONFIGS[o.size];
    const round = (c: number): number => makeDivisible(c * o.width, 8);
    const features: Module[] = [stage('stem', convBnAct(round(rows[0][0]), 3, 'HS', { stride: 2 }))];
    let stageIndex = 0;
    rows.forEach(([input, kernel, expanded, out, withSE, act, stride], i) => {
      if (i === 0 || stride === 2) stageIndex++;
      const [cin, cexp, cout] = [round(input), round(expanded), round(out)];
      const layers: Module[] = [
        ...(cexp !== cin ? [convBnAct(cexp, 1, act)] : []),
        convBnAct(cexp, kernel, act, { stride, groups: cexp }),
        ...(withSE && o.se ? [se({ reduction: o.reduction, divisor: 8, squeeze: o.squeeze, gate: o.gate })] : []),
        convBnAct(cout, 1, undefined),
      ];
      const body = { block: seq(layers) };
      features.push(stage(`stage${stageIndex}`, stride === 1 && cin === cout ? residual(body) : seq(body)));
    });
    const lastIn = round(rows[rows.length - 1][3]);
    features.push(stage('head', convBnAct(6 * lastIn, 1, 'HS')));
    const head = (m: Module): Module => stage('head', m);
    return seq({
      features: seq(features),
      avgpool: head(globalAvgPool()),
      flatten: head(flatten()),
      classifier: head(seq([linear(round(lastChannel)), hardswish(), dropout(0.2), linear(o.num_classes)])),
    });
  },
});
