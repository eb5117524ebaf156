// ptflops' pytorch backend (sovrasov/flops-counter.pytorch, ptflops/pytorch_ops.py: MODULES_MAPPING
// module hooks, FUNCTIONAL_MAPPING and TENSOR_OPS_MAPPING patched in ptflops/pytorch_engine.py when
// count_functional is on, its default). Module hooks: conv and transposed conv (MACs plus 1 per
// bias output), nn.Linear (MACs plus bias), batch norm (2 per element when affine), nn.LayerNorm
// (the same bn hook, but LayerNorm has no `affine` attribute: 1 per element), ReLU, ReLU6,
// LeakyReLU, GELU (1 per output element), pooling (1 per input element), nn.Upsample (1 per
// output element). Functional hooks: F.softmax (1 per input element), F.interpolate (1 per output
// element), torch.matmul (prod(A) x N). Modules and functions it has no hook for are not counted.
import { add } from '../../shape/dim.js';
import { IGNORED, MACS, NO_ARITHMETIC, counted, defineConvention } from './rule.js';

const MACS_AND_BIAS = counted('MACs + 1 per bias output', (l) => add(l.macs, l.work.add));
const BATCH_NORM = counted('2 per element', (l) => add(l.work.mul, l.work.add));
const PER_OUTPUT = counted('1 per output element', (l) => l.outputElements);
const PER_INPUT = counted('1 per input element', (l) => l.inputElements);

export const ptflops = defineConvention({
  name: 'ptflops',
  title: 'ptflops-style MACs: conv + linear MACs and biases, batch norm, ReLU-family activations and pooling',
  rule: 'conv, transposed conv, linear and matmul MACs plus 1 per bias output, 2 per batch-norm element, 1 per layer-norm element, 1 per relu/relu6/leaky-relu/GELU output, 1 per pooling input element, 1 per softmax element, 1 per upsampled output; sigmoid-type activations, adds, multiplies and divides ignored (ptflops pytorch backend)',
  reproduces: 'ptflops get_model_complexity_info (resnet50: 4.12 GMac)',
  rules: {
    conv2d: MACS_AND_BIAS,
    // conv_flops_counter_hook(transpose=True): kh·kw·Cin·Cout/groups per input pixel, plus bias per output.
    convtranspose2d: MACS_AND_BIAS,
    linear: MACS_AND_BIAS,
    // nn.Linear's hook: (in·out + out) per row; alpha and beta (never set by nn.Linear) are not counted.
    gemm: MACS_AND_BIAS,
    // torch.matmul's hook: prod(A) x N. A 3-D nn.Linear exports as MatMul + Add; ptflops counts its
    // bias in the module hook, here on the add layer, which it ignores.
    matmul: MACS,
    batchnorm: BATCH_NORM,
    layernorm: counted('1 per input element (the batch-norm hook; nn.LayerNorm has no `affine` attribute)', (l) => l.inputElements),
    relu: PER_OUTPUT,
    relu6: PER_OUTPUT,
    leakyrelu: PER_OUTPUT,
    clip: IGNORED,
    sigmoid: IGNORED,
    hardsigmoid: IGNORED,
    hardswish: IGNORED,
    silu: IGNORED,
    tanh: IGNORED,
    // nn.GELU: 1 per element. GELU imports as div, erf, add, mul, mul; erf carries the count, the others are ignored.
    erf: counted('1 per output element (nn.GELU, which imports as div, erf, add, mul, mul; counted once, on erf)', (l) => l.outputElements),
    softmax: counted('1 per input element (F.softmax)', (l) => l.inputElements),
    sqrt: IGNORED,
    maxpool: PER_INPUT,
    avgpool: PER_INPUT,
    globalavgpool: PER_INPUT,
    globalmaxpool: PER_INPUT,
    adaptiveavgpool: PER_INPUT,
    reducemean: IGNORED,
    add: IGNORED,
    sub: IGNORED,
    mul: IGNORED,
    div: IGNORED,
    pow: IGNORED,
    // nn.Upsample / F.interpolate: 1 per output element whatever the mode (nearest included).
    resize: counted('1 per output element (nn.Upsample, F.interpolate; any mode)', (l) => l.outputElements),
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
