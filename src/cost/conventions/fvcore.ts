// fvcore's FlopCountAnalysis: handles for conv, linear (addmm), batch_norm and
// adaptive_avg_pool2d; element-wise ops, max pooling and adds are in its ignored list.
import { add } from '../../shape/dim.js';
import { IGNORED, MACS, NO_ARITHMETIC, counted, defineConvention } from './rule.js';

const BATCH_NORM = counted('2 per output element (affine, inference)', (l) => add(l.work.mul, l.work.add));
const ADAPTIVE_AVG_POOL = counted('1 per input element (the aten::adaptive_avg_pool2d handle)', (l) => l.inputElements);

export const fvcore = defineConvention({
  name: 'fvcore',
  title: 'fvcore-style FLOPs: conv + linear MACs, plus 2 per batch-norm element and 1 per globally pooled element',
  rule: 'conv + linear MACs, plus 2 per batch-norm output element (affine, inference) and 1 per input element of global and adaptive average pooling (the aten::adaptive_avg_pool2d handle); activations, max pooling and adds ignored',
  reproduces: 'fvcore FlopCountAnalysis (resnet50: about 4.11 G)',
  rules: {
    conv2d: MACS,
    linear: MACS,
    batchnorm: BATCH_NORM,
    relu: IGNORED,
    relu6: IGNORED,
    sigmoid: IGNORED,
    hardsigmoid: IGNORED,
    hardswish: IGNORED,
    silu: IGNORED,
    tanh: IGNORED,
    maxpool: IGNORED,
    avgpool: IGNORED,
    globalavgpool: ADAPTIVE_AVG_POOL,
    globalmaxpool: IGNORED,
    adaptiveavgpool: ADAPTIVE_AVG_POOL,
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
