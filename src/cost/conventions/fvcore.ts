// fvcore's FlopCountAnalysis (facebookresearch/fvcore, fvcore/nn/flop_count.py
// _DEFAULT_SUPPORTED_OPS, handles in fvcore/nn/jit_handles.py, _IGNORED_OPS in
// fvcore/nn/jit_analysis.py). Handles: aten::_convolution (transposed too: batch x prod(w) x input
// spatial), aten::addmm / aten::linear / aten::matmul / aten::bmm (one MAC each), aten::batch_norm
// (2 per element, affine, inference), aten::layer_norm (5 per element with affine, else 4),
// aten::adaptive_avg_pool2d (1 per input element), aten::upsample_nearest2d (1 per output
// element), aten::upsample_bilinear2d (4 per output element). Everything else is either in the
// ignored list (relu, clamp, cat, flatten, reshape, permute, slice, gather, expand, pad, dropout:
// "truly 0 flops") or unsupported and skipped with a warning (sigmoid, hardswish, leaky_relu,
// gelu, softmax, add, mul, sub, div, pow, sqrt, mean, max_pool2d, avg_pool2d): counted 0 either way.
import { add, mul } from '../../shape/dim.js';
import { IGNORED, MACS, NO_ARITHMETIC, counted, defineConvention } from './rule.js';

const BATCH_NORM = counted('2 per output element (affine, inference)', (l) => add(l.work.mul, l.work.add));
const ADAPTIVE_AVG_POOL = counted('1 per input element (the aten::adaptive_avg_pool2d handle)', (l) => l.inputElements);
// PyTorch's LayerNorm exports at opset 17 as this one node; at opset 13 as ReduceMean, Sub, Pow,
// Sqrt, Div, Mul, Add, each unsupported or ignored by fvcore, so there fvcore's count is not reproduced.
const LAYER_NORM = counted('5 per input element with a scale (elementwise affine), else 4 (aten::layer_norm)', (l) => mul(l.inputElements, l.attrs.scale ? 5 : 4));
// Only the 2-D handles exist: PyTorch's 1-D and 3-D upsampling (3-D and 5-D tensors) and bicubic are unsupported.
const UPSAMPLE = counted('on 4-D tensors, 1 per output element for nearest (aten::upsample_nearest2d), 4 for linear (aten::upsample_bilinear2d); cubic and other ranks unsupported (0)', (l) => {
  const { mode, sizes } = l.attrs as { mode?: string; sizes?: readonly unknown[] };
  if (sizes?.length !== 4) return 0;
  return mode === 'nearest' ? l.outputElements : mode === 'linear' ? mul(l.outputElements, 4) : 0;
});

export const fvcore = defineConvention({
  name: 'fvcore',
  title: 'fvcore-style FLOPs: conv + linear MACs, plus 2 per batch-norm element and 1 per globally pooled element',
  rule: 'conv, linear and matmul MACs, plus 2 per batch-norm output element (affine, inference), 4-5 per layer-norm element, 1 per input element of global and adaptive average pooling (the aten::adaptive_avg_pool2d handle) and 1 or 4 per upsampled output; activations, max pooling, softmax and element-wise arithmetic ignored',
  reproduces: 'fvcore FlopCountAnalysis (resnet50: about 4.11 G)',
  rules: {
    conv2d: MACS,
    // conv_flop_count(transposed=True): batch x prod(weight shape) x prod(input spatial) = our MACs.
    convtranspose2d: MACS,
    linear: MACS,
    // nn.Linear is aten::linear (prod(input) x out_features); alpha, beta and the bias are not counted.
    gemm: MACS,
    // aten::matmul: prod(A's shape) x N, our MACs unless A is broadcast over B's batch axes.
    matmul: MACS,
    batchnorm: BATCH_NORM,
    layernorm: LAYER_NORM,
    relu: IGNORED,
    relu6: IGNORED,
    leakyrelu: IGNORED,
    clip: IGNORED,
    sigmoid: IGNORED,
    hardsigmoid: IGNORED,
    hardswish: IGNORED,
    silu: IGNORED,
    tanh: IGNORED,
    erf: IGNORED,
    softmax: IGNORED,
    sqrt: IGNORED,
    maxpool: IGNORED,
    avgpool: IGNORED,
    globalavgpool: ADAPTIVE_AVG_POOL,
    globalmaxpool: IGNORED,
    adaptiveavgpool: ADAPTIVE_AVG_POOL,
    reducemean: IGNORED,
    add: IGNORED,
    sub: IGNORED,
    mul: IGNORED,
    div: IGNORED,
    pow: IGNORED,
    resize: UPSAMPLE,
    concat: NO_ARITHMETIC,
    split: NO_ARITHMETIC,
    shuffle: NO_ARITHMETIC,
    flatten: NO_ARITHMETIC,
    reshape: NO_ARITHMETIC,
    transpose: NO_ARITHMETIC,
    slice: NO_ARITHMETIC,
    gather: NO_ARITHMETIC,
    pad: NO_ARITHMETIC,
    expand: NO_ARITHMETIC,
    constant: NO_ARITHMETIC,
    identity: NO_ARITHMETIC,
    dropout: NO_ARITHMETIC,
  },
});
