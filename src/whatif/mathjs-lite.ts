// The mathjs the formula check runs: `create` and, as `all`, only the factories the check uses
// (parsing and compiling expressions, BigNumbers, and the operators and functions printed formulas
// contain: + - * / ^, unary minus, floor). Bundled on its own at build time (dist/src/whatif and
// dist/cli), tree-shaken to the few hundred kilobytes these need: mathjs's ES module build is
// hundreds of files, and its single-file browser bundle carries every function.
import {
  addDependencies,
  bignumberDependencies,
  compileDependencies,
  create,
  divideDependencies,
  floorDependencies,
  multiplyDependencies,
  powDependencies,
  subtractDependencies,
  unaryMinusDependencies,
  unaryPlusDependencies,
} from 'mathjs';

export { create };

export const all = {
  compileDependencies,
  bignumberDependencies,
  addDependencies,
  subtractDependencies,
  multiplyDependencies,
  divideDependencies,
  powDependencies,
  unaryMinusDependencies,
  unaryPlusDependencies,
  floorDependencies,
};
