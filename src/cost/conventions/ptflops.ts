// ptflops' pytorch backend: module hooks for conv and linear (MACs plus bias), batch norm,
// ReLU-family activations and pooling; modules it has no hook for are not counted.
import { add } from '../../shape/dim.js';
import { IGNORED, NO_ARITHMETIC, counted, defineConvention } from './rule.js';

const MACS_AND_BIAS = counted('MACs + 1 per bias output', (l) => add(l.macs, l.work.add));
const BATCH_NORM = counted('2 per element', (l) => add(l.work.mul, l.work.add));
const PER_OUTPUT = counted('1 per output element', (l) => l.outputElements);
const PER_INPUT = counted('1 per input element', (l) => l.inputElements);

export const ptflops = defineConvention({
  name: 'ptflops',
  title: 'ptflops-style MACs: conv + linear MACs and biases, batch norm, ReLU-family activations and pooling',
  rule: 'conv + linear MACs plus 1 per bias output, 2 per batch-norm element, 1 per relu/relu6 output, 1 per pooling input element; sigmoid-type activations, adds and multiplies ignored (ptflops pytorch backend)',
  reproduces: 'ptflops get_model_complexity_info (resnet50: 4.12 GMac)',
  rules: {
    conv2d: MACS_AND_BIAS,
    linear: MACS_AND_BIAS,
    batchnorm: BATCH_NORM,
    relu: PER_OUTPUT,
    relu6: PER_OUTPUT,
    sigmoid: IGNORED,
    hardsigmoid: IGNORED,
    hardswish: IGNORED,
    silu: IGNORED,
    tanh: IGNORED,
    maxpool: PER_INPUT,
    avgpool: PER_INPUT,
    globalavgpool: PER_INPUT,
    globalmaxpool: PER_INPUT,
    adaptiveavgpool: PER_INPUT,
    add: IGNORED,
    mul: IGNORED,
    scaleby: IGNORED,
    concat: NO_ARITHMETIC,
    split: NO_ARITHMETIC,
    shuffle: NO_ARITHMETIC,
    flatten: NO_ARITHMETIC,
    identity: NO_ARITHMETIC,
    dropout: NO_ARITHMETIC,
  },
});
