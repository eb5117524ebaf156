// A small mobile classifier, written the way a project would: imports the DSL from 'flopscope',
// a helper for the repeated block, a loop over the stage widths, and squeeze-and-excitation.
import { bn, conv, defineArchitecture, defineFamily, flatten, globalAvgPool, linear, relu6, residual, se, seq, type Module } from 'flopscope';

/** Depthwise-separable block (MobileNet v1), with SE after the depthwise conv when asked. */
function separable(inChannels: number, outChannels: number, stride: number, withSE: boolean): Module {
  const block = seq({
    dw: conv(inChannels, 3, { stride, padding: 1, groups: inChannels, bias: false }),
    dw_bn: bn(),
    dw_act: relu6(),
    ...(withSE ? { se: se({ reduction: 8 }) } : {}),
    pw: conv(outChannels, 1, { bias: false }),
    pw_bn: bn(),
  });
  // Same shape in and out: keep the identity path.
  return stride === 1 && inChannels === outChannels ? residual({ block }) : block;
}

const mobileFamily = defineFamily({
  name: 'mobile',
  doc: 'a stem and four stages of depthwise-separable blocks',
  options: {
    width: { type: 'int', default: 32, min: 8, doc: 'channels of the stem' },
    se: { type: 'bool', default: true, doc: 'squeeze-and-excitation in every block' },
    classes: { type: 'int', default: 100, min: 1, doc: 'classifier outputs' },
  },
  build: ({ width, se: withSE, classes }) => {
    const stages: Record<string, Module> = {};
    let channels = width;
    for (const [i, multiplier] of [2, 4, 8, 8].entries()) {
      const out = width * multiplier;
      stages[`stage${i + 1}`] = seq([separable(channels, out, 2, withSE), separable(out, out, 1, withSE)]);
      channels = out;
    }
    return seq({
      stem: seq({ conv: conv(width, 3, { stride: 2, padding: 1, bias: false }), bn: bn(), act: relu6() }),
      ...stages,
      pool: globalAvgPool(),
      flatten: flatten(),
      fc: linear(classes),
    });
  },
});

export const mobile = defineArchitecture({ name: 'mobile', description: 'mobile classifier with SE (example)', family: mobileFamily, input: '1x3x160x160' });

export const mobileNoSE = defineArchitecture({ name: 'mobile_no_se', description: 'the same without SE', family: mobileFamily, options: { se: false }, input: '1x3x160x160' });
