// EfficientNet B0-B7 (Tan & Le 2019) as torchvision builds them: MBConv blocks with SiLU, SE after
// the depthwise conv whose squeeze width is a quarter of the block's *input* channels (SiLU
// inside, sigmoid gate), channels rounded with _make_divisible(c * width, 8), repeats
// ceil(n * depth). Stochastic depth is the identity at inference and kept as a named node.
import { convNormAct, defineFamily, dropout, flatten, globalAvgPool, identity, linear, makeDivisible, residual, se, seq, silu, stage, type Module, seOptions, NUM_CLASSES } from '../src/dsl/index.js';

/** expand ratio, kernel, stride, input, output, repeats (torchvision's bneck_conf rows). */
const ROWS: readonly (readonly [expand: number, kernel: number, stride: number, input: number, out: number, repeats: number])[] = [
  [1, 3, 1, 32, 16, 1],
  [6, 3, 2, 16, 24, 2],
  [6, 5, 2, 24, 40, 2],
  [6, 3, 2, 40, 80, 3],
  [6, 5, 1, 80, 112, 3],
  [6, 5, 2, 112, 192, 4],
  [6, 3, 1, 192, 320, 1],
];

/** torchvision's Conv2dNormActivation with SiLU (or no activation). */
function convBnAct(out: number, kernel: number, act: boolean, options: { stride?: number; groups?: number } = {}): Module {
  return convNormAct(out, kernel, act ? silu : undefined, options);
}

export const efficientnetFamily = defineFamily({
  name: 'efficientnet',
  doc: 'EfficientNet (Tan & Le 2019), torchvision layout',
  options: {
    width: { type: 'number', default: 1, min: 0.01, max: 16, doc: 'width coefficient; channels are rounded to multiples of 8 as torchvision does' },
    depth: { type: 'number', default: 1, min: 0.01, max: 16, doc: 'depth coefficient; each stage has ceil(repeats * depth) blocks' },
    ...seOptions({ enabled: true, where: 'in every MBConv', reduction: 4, reductionDoc: "SE reduction ratio; the squeeze width is the block's input channels / r" }),
    dropout: { type: 'number', default: 0.2, min: 0, max: 1, doc: 'classifier dropout (B0: 0.2); no effect on counts' },
    num_classes: NUM_CLASSES,
  },
  build(o) {
    const round = (c: number): number => makeDivisible(c * o.width, 8);
    const features: Module[] = [stage('stem', convBnAct(round(ROWS[0][3]), 3, true, { stride: 2 }))];
    ROWS.forEach(([expand, kernel, firstStride, input, output, repeats], row) => {
      const out = round(output);
      const blocks: Module[] = [];
      for (let i = 0; i < Math.ceil(repeats * o.depth); i++) {
        const cin = i === 0 ? round(input) : out;
        const stride = i === 0 ? firstStride : 1;
        const expanded = makeDivisible(cin * expand, 8);
        const layers: Module[] = [
          ...(expanded !== cin ? [convBnAct(expanded, 1, true)] : []),
          convBnAct(expanded, kernel, true, { stride, groups: expanded }),
          ...(o.se ? [se({ reduction: o.reduction, basisChannels: cin, activation: 'silu', squeeze: o.squeeze, gate: o.gate })] : []),
          convBnAct(out, 1, false),
        ];
        blocks.push(stride === 1 && cin === out
          ? residual({ block: seq(layers), stochastic_depth: identity() })
          : seq({ block: seq(layers) }));
      }
      features.push(stage(`stage${row + 1}`, seq(blocks)));
    });
    const lastIn = round(ROWS[ROWS.length - 1][4]);
    features.push(stage('head', convBnAct(4 * lastIn, 1, true)));
    const head = (m: Module): Module => stage('head', m);
    return seq({
      features: seq(features),
      avgpool: head(globalAvgPool()),
      flatten: head(flatten()),
      classifier: head(seq([dropout(o.dropout), linear(o.num_classes)])),
    });
  },
});
