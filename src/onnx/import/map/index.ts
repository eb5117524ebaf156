// ONNX op type -> the mapping that turns a node into catalogue ops. An op type missing here (and
// not folded as a shape computation) is unknown: the import stops, or with --allow-unknown lists
// it as not counted.
import type { Mapping } from './context.js';
import { conv, convTranspose } from './conv.js';
import * as data from './data.js';
import { gemm, matmul } from './dense.js';
import { binaryOp, clip, hardSigmoid, leakyRelu, pow, softmax, sum, unaryOp } from './elementwise.js';
import { batchNorm, layerNorm } from './norm.js';
import { averagePool, maxPool, reduceMean } from './pool.js';

export const MAPPINGS: Readonly<Record<string, Mapping>> = {
  Conv: conv,
  ConvTranspose: convTranspose,
  Gemm: gemm,
  MatMul: matmul,
  BatchNormalization: batchNorm,
  LayerNormalization: layerNorm,
  Relu: unaryOp('relu'),
  LeakyRelu: leakyRelu,
  Clip: clip,
  Sigmoid: unaryOp('sigmoid'),
  HardSigmoid: hardSigmoid,
  HardSwish: unaryOp('hardswish'),
  Tanh: unaryOp('tanh'),
  Erf: unaryOp('erf'),
  Softmax: softmax,
  Sqrt: unaryOp('sqrt'),
  Add: binaryOp('add'),
  Sub: binaryOp('sub'),
  Mul: binaryOp('mul'),
  Div: binaryOp('div'),
  Pow: pow,
  Sum: sum,
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: unaryOp('globalavgpool'),
  GlobalMaxPool: unaryOp('globalmaxpool'),
  ReduceMean: reduceMean,
  Flatten: data.flatten,
  Reshape: data.reshape,
  Squeeze: data.squeeze,
  Unsqueeze: data.unsqueeze,
  Transpose: data.transpose,
  Concat: data.concat,
  Split: data.split,
  Slice: data.slice,
  Gather: data.gather,
  Pad: data.pad,
  Resize: data.resize,
  Expand: data.expand,
  Identity: data.identity,
  Dropout: data.dropout,
  Cast: data.cast,
};
