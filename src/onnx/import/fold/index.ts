// Folding at import time: nodes whose inputs are all known (shape subgraphs: Shape, Gather,
// Unsqueeze, Concat, ConstantOfShape, Equal, Expand, Where, Cast, Range, arithmetic on sizes) are
// evaluated here, symbolically where sizes are symbols, and cost nothing. Size-preserving
// transforms of a weight keep the weight's key (transforms.ts).
import { Constant } from '../values.js';
import { ARITHMETIC } from './arithmetic.js';
import type { Folder, FoldInput } from './common.js';
import { SOURCES } from './sources.js';
import { TABLES } from './tables.js';
import { TRANSFORMS } from './transforms.js';

export { SMALL, type FoldInput } from './common.js';
export { squeezeDims, unsqueezeDims } from './transforms.js';

const FOLDERS: Readonly<Record<string, Folder>> = { ...SOURCES, ...TRANSFORMS, ...TABLES, ...ARITHMETIC };

/**
 * The constants a node of the default domain (the walk refuses others before folding) computes,
 * or undefined when it is not folded (it becomes a layer).
 */
export function foldNode(f: FoldInput): Constant[] | undefined {
  const folder = FOLDERS[f.node.op_type];
  if (!folder) return undefined;
  // Only Shape and Size read an activation (its shape); the rest fold constants only.
  if (f.node.op_type !== 'Shape' && f.node.op_type !== 'Size' && f.node.op_type !== 'Constant') {
    if (!f.inputs.some((x) => x !== undefined) || f.inputs.some((x) => x !== undefined && !(x instanceof Constant))) return undefined;
  }
  // Computing with a learned tensor (expanding a class token, slicing an embedding) would make a
  // new constant and lose the parameter: such a node stays a layer, reading the weight.
  if (!Object.hasOwn(TRANSFORMS, f.node.op_type) && f.inputs.some((x) => x instanceof Constant && x.learned)) return undefined;
  return folder(f);
}
