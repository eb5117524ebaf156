// BN-Inception (Ioffe & Szegedy 2015, Inception v2 with batch normalization) as Cadene's
// pretrainedmodels builds it from the Caffe model: convolutions with biases, ceil_mode pooling,
// and the Caffe layer names, flat as Cadene's module has them (inception_3a_1x1,
// inception_3a_1x1_bn, inception_3a_relu_1x1). Each Inception module is a flat concat named
// inception_3a_output, the name Cadene's forward gives the concatenation; a stage tag per module
// keeps --by stage meaningful (the flat names give --by module one row per layer, as the
// reference's own hierarchy would). SE-BN-Inception (SENet) adds squeeze-and-excitation on each
// module's output, named inception_3a_se with Cadene SEModule's layers (avg_pool, fc1, relu, fc2,
// sigmoid).
import { avgpool, bn, cadeneSE, concat, conv, defineFamily, flatten, globalAvgPool, linear, maxpool, relu, seOptions, seq, stage, type Module, NUM_CLASSES } from '../src/dsl/index.js';

/** One Inception module: the widths of its convolutions and what its pool branch is. */
interface InceptionSpec {
  /** Output channels of the 1x1 branch (none in the grid-reduction modules 3c and 4e). */
  readonly b1x1?: number;
  readonly reduce3x3: number;
  readonly c3x3: number;
  readonly reduceDouble: number;
  readonly double: number;
  /** Stride of the last conv of the 3x3 and double-3x3 branches and of the pool. */
  readonly stride: 1 | 2;
  readonly pool: 'avg' | 'max';
  /** Output channels of the 1x1 conv after the pool (none: the pool passes its input through). */
  readonly poolProj?: number;
}

/** Cadene's bninception.py, module by module. */
const MODULES: Readonly<Record<string, InceptionSpec>> = {
  '3a': { b1x1: 64, reduce3x3: 64, c3x3: 64, reduceDouble: 64, double: 96, stride: 1, pool: 'avg', poolProj: 32 },
  '3b': { b1x1: 64, reduce3x3: 64, c3x3: 96, reduceDouble: 64, double: 96, stride: 1, pool: 'avg', poolProj: 64 },
  '3c': { reduce3x3: 128, c3x3: 160, reduceDouble: 64, double: 96, stride: 2, pool: 'max' },
  '4a': { b1x1: 224, reduce3x3: 64, c3x3: 96, reduceDouble: 96, double: 128, stride: 1, pool: 'avg', poolProj: 128 },
  '4b': { b1x1: 192, reduce3x3: 96, c3x3: 128, reduceDouble: 96, double: 128, stride: 1, pool: 'avg', poolProj: 128 },
  '4c': { b1x1: 160, reduce3x3: 128, c3x3: 160, reduceDouble: 128, double: 160, stride: 1, pool: 'avg', poolProj: 128 },
  '4d': { b1x1: 96, reduce3x3: 128, c3x3: 192, reduceDouble: 160, double: 192, stride: 1, pool: 'avg', poolProj: 128 },
  '4e': { reduce3x3: 128, c3x3: 192, reduceDouble: 192, double: 256, stride: 2, pool: 'max' },
  '5a': { b1x1: 352, reduce3x3: 192, c3x3: 320, reduceDouble: 160, double: 224, stride: 1, pool: 'avg', poolProj: 128 },
  // The Caffe model's last module pools with max, not average (kept as in the reference).
  '5b': { b1x1: 352, reduce3x3: 192, c3x3: 320, reduceDouble: 192, double: 224, stride: 1, pool: 'max', poolProj: 128 },
};

/** Caffe's conv, BN, ReLU triple of module `m`: `m_part`, `m_part_bn`, `m_relu_part`. */
function convBnRelu(m: string, part: string, out: number, kernel: number, stride = 1): Record<string, Module> {
  return {
    [`${m}_${part}`]: conv(out, kernel, { stride, padding: (kernel - 1) / 2 }),
    [`${m}_${part}_bn`]: bn(),
    [`${m}_relu_${part}`]: relu(),
  };
}

/** Inception module `m` (e.g. inception_3a), its layers named flat as Cadene's are. */
function inception(m: string, s: InceptionSpec, seBlock: (() => Module) | undefined): Module {
  const pool = s.pool === 'avg'
    ? avgpool(3, { stride: 1, padding: 1, ceilMode: true, countIncludePad: true })
    : s.stride === 2
      ? maxpool(3, { stride: 2, ceilMode: true })
      : maxpool(3, { stride: 1, padding: 1, ceilMode: true });
  return concat({
    ...(s.b1x1 !== undefined ? { b1x1: seq(convBnRelu(m, '1x1', s.b1x1, 1)) } : {}),
    b3x3: seq({ ...convBnRelu(m, '3x3_reduce', s.reduce3x3, 1), ...convBnRelu(m, '3x3', s.c3x3, 3, s.stride) }),
    double3x3: seq({
      ...convBnRelu(m, 'double_3x3_reduce', s.reduceDouble, 1),
      ...convBnRelu(m, 'double_3x3_1', s.double, 3),
      ...convBnRelu(m, 'double_3x3_2', s.double, 3, s.stride),
    }),
    pool: seq({ [`${m}_pool`]: pool, ...(s.poolProj !== undefined ? convBnRelu(m, 'pool_proj', s.poolProj, 1) : {}) }),
  }, { flat: true, ...(seBlock ? { after: { [`${m}_se`]: seBlock() } } : {}) });
}

export const bnInceptionFamily = defineFamily({
  name: 'bn_inception',
  doc: 'BN-Inception (Ioffe & Szegedy 2015) as in Cadene pretrainedmodels, with SE-BN-Inception (Hu et al. 2018)',
  options: {
    ...seOptions({ enabled: false, where: 'on the output of each Inception module', reduction: 16 }),
    num_classes: NUM_CLASSES,
  },
  build(o) {
    const seBlock = o.se ? (): Module => cadeneSE(o) : undefined;
    const stem = (m: Module): Module => stage('stem', m);
    const head = (m: Module): Module => stage('head', m);
    const modules = Object.fromEntries(Object.entries(MODULES).map(([id, spec]) => {
      const m = `inception_${id}`;
      return [`${m}_output`, stage(m, inception(m, spec, seBlock))];
    }));
    return seq({
      conv1_7x7_s2: stem(conv(64, 7, { stride: 2, padding: 3 })), conv1_7x7_s2_bn: stem(bn()), conv1_relu_7x7: stem(relu()),
      pool1_3x3_s2: stem(maxpool(3, { stride: 2, ceilMode: true })),
      conv2_3x3_reduce: stem(conv(64, 1)), conv2_3x3_reduce_bn: stem(bn()), conv2_relu_3x3_reduce: stem(relu()),
      conv2_3x3: stem(conv(192, 3, { padding: 1 })), conv2_3x3_bn: stem(bn()), conv2_relu_3x3: stem(relu()),
      pool2_3x3_s2: stem(maxpool(3, { stride: 2, ceilMode: true })),
      ...modules,
      // Cadene's logits average with a kernel as wide as the final map (F.avg_pool2d, no module):
      // a global average, under a name of its own.
      global_pool: head(globalAvgPool()),
      flatten: head(flatten()),
      last_linear: head(linear(o.num_classes)),
    });
  },
});
