// The file's tensors as constants: initializers, and the value attributes of Constant-like nodes.
// Dims are always known; values are decoded only for small tensors, or when the model is to run.
import { FlopscopeError } from '../../errors.js';
import { SMALL } from './fold/index.js';
import type { ParsedModel } from './model.js';
import { num, type TensorMsg } from './proto.js';
import { floatValues, hasData, isFloatType, tensorValues } from './tensor-data.js';
import { Constant, type Source } from './values.js';

/** A tensor of the file as a constant; `weights` makes every value readable (to run the model). */
export function fileConstant(t: TensorMsg, model: ParsedModel, source: Source, weights: boolean): Constant {
  const dims = t.dims.map(num);
  const count = dims.reduce((a, b) => a * b, 1);
  const present = hasData(t);
  const small = present && count <= SMALL;
  const stripped = (): never => {
    throw new FlopscopeError('load', `${model.source.shown}: tensor '${t.name || source.key}' has no values in the file (a stripped model counts, but cannot run)`);
  };
  const load = small || weights
    ? () => (!present ? stripped() : isFloatType(t.data_type) && !small ? floatValues(t, count, model.source) : tensorValues(t, count, model.source))
    : undefined;
  return new Constant(t.data_type, dims, undefined, load, source, small);
}

/** An initializer: learned when it holds floats (a weight, a bias, a BN statistic). */
export function initializerConstant(t: TensorMsg, model: ParsedModel, weights: boolean): Constant {
  return fileConstant(t, model, { key: t.name, initializer: true }, weights);
}
