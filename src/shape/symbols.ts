// The symbols of an input shape (N, H, W) end up in formulas printed in mathjs syntax, and as
// keys of plain objects when a formula is evaluated. So a symbol is a plain identifier that means
// nothing else to mathjs (a function, constant, type or keyword) or to JavaScript objects.

/** A letter, then letters, digits or underscores. */
export const SYMBOL_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Words the mathjs parser reads as operators or literals rather than names. */
export const MATHJS_KEYWORDS = ['and', 'end', 'false', 'in', 'mod', 'not', 'or', 'to', 'true', 'undefined', 'xor', 'null', 'NaN', 'Infinity'] as const;

/** Names every plain object has: a symbol named so would read the object's own machinery. */
export const OBJECT_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

/**
 * Every name the full mathjs namespace defines (functions, constants, types), from mathjs 15; the
 * bad-input tests compare it with the installed mathjs, so an upgrade that adds names fails there.
 */
export const MATHJS_NAMES: readonly string[] = [
  'AccessorNode', 'ArgumentsError', 'ArrayNode', 'AssignmentNode', 'BigNumber', 'BlockNode',
  'Chain', 'Complex', 'ConditionalNode', 'ConstantNode', 'DenseMatrix', 'DimensionError', 'E',
  'FibonacciHeap', 'Fraction', 'FunctionAssignmentNode', 'FunctionNode', 'Help',
  'ImmutableDenseMatrix', 'Index', 'IndexError', 'IndexNode', 'Infinity', 'LN10', 'LN2', 'LOG10E',
  'LOG2E', 'Matrix', 'NaN', 'Node', 'ObjectNode', 'OperatorNode', 'PI', 'ParenthesisNode',
  'Parser', 'Range', 'RangeNode', 'RelationalNode', 'ResultSet', 'SQRT1_2', 'SQRT2', 'Spa',
  'SparseMatrix', 'SymbolNode', 'Unit', 'abs', 'acos', 'acosh', 'acot', 'acoth', 'acsc', 'acsch',
  'add', 'addScalar', 'and', 'apply', 'arg', 'asec', 'asech', 'asin', 'asinh', 'atan', 'atan2',
  'atanh', 'atomicMass', 'avogadro', 'bellNumbers', 'bernoulli', 'bigint', 'bignumber', 'bin',
  'bitAnd', 'bitNot', 'bitOr', 'bitXor', 'bohrMagneton', 'bohrRadius', 'boltzmann', 'boolean',
  'catalan', 'cbrt', 'ceil', 'chain', 'classicalElectronRadius', 'clone', 'column', 'combinations',
  'combinationsWithRep', 'compare', 'compareNatural', 'compareText', 'compile', 'complex',
  'composition', 'concat', 'conductanceQuantum', 'config', 'conj', 'corr', 'cos', 'cosh', 'cot',
  'coth', 'coulomb', 'coulombConstant', 'count', 'create', 'createUnit', 'cross', 'csc', 'csch',
  'ctranspose', 'cube', 'cumsum', 'deepEqual', 'den', 'derivative', 'det', 'deuteronMass', 'diag',
  'diff', 'distance', 'divide', 'divideScalar', 'dot', 'dotDivide', 'dotMultiply', 'dotPow', 'e',
  'efimovFactor', 'eigs', 'electricConstant', 'electronMass', 'elementaryCharge', 'emit', 'equal',
  'equalScalar', 'equalText', 'erf', 'evaluate', 'exp', 'expm', 'expm1', 'expression', 'factorial',
  'factory', 'false', 'faraday', 'fermiCoupling', 'fft', 'filter', 'fineStructure',
  'firstRadiation', 'fix', 'flatten', 'floor', 'forEach', 'format', 'fraction', 'freqz', 'gamma',
  'gasConstant', 'gcd', 'getMatrixDataType', 'gravitationConstant', 'gravity', 'hartreeEnergy',
  'hasNumericValue', 'help', 'hex', 'hypot', 'i', 'identity', 'ifft', 'im', 'import', 'index',
  'intersect', 'inv', 'inverseConductanceQuantum', 'invmod', 'isAccessorNode', 'isArray',
  'isArrayNode', 'isAssignmentNode', 'isBigInt', 'isBigNumber', 'isBlockNode', 'isBoolean',
  'isBounded', 'isChain', 'isCollection', 'isComplex', 'isConditionalNode', 'isConstantNode',
  'isDate', 'isDenseMatrix', 'isFinite', 'isFraction', 'isFunction', 'isFunctionAssignmentNode',
  'isFunctionNode', 'isHelp', 'isIndex', 'isIndexNode', 'isInteger', 'isMap', 'isMatrix', 'isNaN',
  'isNegative', 'isNode', 'isNull', 'isNumber', 'isNumeric', 'isObject', 'isObjectNode',
  'isObjectWrappingMap', 'isOperatorNode', 'isParenthesisNode', 'isPartitionedMap', 'isPositive',
  'isPrime', 'isRange', 'isRangeNode', 'isRegExp', 'isRelationalNode', 'isResultSet',
  'isSparseMatrix', 'isString', 'isSymbolNode', 'isUndefined', 'isUnit', 'isZero', 'kldivergence',
  'klitzing', 'kron', 'larger', 'largerEq', 'lcm', 'leafCount', 'leftShift', 'lgamma', 'log',
  'log10', 'log1p', 'log2', 'loschmidt', 'lsolve', 'lsolveAll', 'lup', 'lusolve', 'lyap', 'mad',
  'magneticConstant', 'magneticFluxQuantum', 'map', 'mapSlices', 'matrix', 'matrixFromColumns',
  'matrixFromFunction', 'matrixFromRows', 'max', 'mean', 'median', 'min', 'mod', 'mode',
  'molarMass', 'molarMassC12', 'molarPlanckConstant', 'molarVolume', 'multinomial', 'multiply',
  'multiplyScalar', 'neutronMass', 'norm', 'not', 'nthRoot', 'nthRoots', 'nuclearMagneton', 'null',
  'nullish', 'num', 'number', 'numeric', 'oct', 'off', 'on', 'once', 'ones', 'or', 'parse',
  'parser', 'partitionSelect', 'permutations', 'phi', 'pi', 'pickRandom', 'pinv', 'planckCharge',
  'planckConstant', 'planckLength', 'planckMass', 'planckTemperature', 'planckTime',
  'polynomialRoot', 'pow', 'print', 'prod', 'protonMass', 'qr', 'quantileSeq',
  'quantumOfCirculation', 'random', 'randomInt', 'range', 'rationalize', 're',
  'reducedPlanckConstant', 'replacer', 'reshape', 'resize', 'resolve', 'reviver',
  'rightArithShift', 'rightLogShift', 'rotate', 'rotationMatrix', 'round', 'row', 'rydberg',
  'sackurTetrode', 'schur', 'sec', 'sech', 'secondRadiation', 'setCartesian', 'setDifference',
  'setDistinct', 'setIntersect', 'setIsSubset', 'setMultiplicity', 'setPowerset', 'setSize',
  'setSymDifference', 'setUnion', 'sign', 'simplify', 'simplifyConstant', 'simplifyCore', 'sin',
  'sinh', 'size', 'slu', 'smaller', 'smallerEq', 'solveODE', 'sort', 'sparse', 'speedOfLight',
  'splitUnit', 'sqrt', 'sqrtm', 'square', 'squeeze', 'std', 'stefanBoltzmann', 'stirlingS2',
  'string', 'subset', 'subtract', 'subtractScalar', 'sum', 'sylvester', 'symbolicEqual', 'tan',
  'tanh', 'tau', 'thomsonCrossSection', 'to', 'toBest', 'trace', 'transpose', 'true', 'typeOf',
  'typed', 'unaryMinus', 'unaryPlus', 'unequal', 'unit', 'usolve', 'usolveAll', 'vacuumImpedance',
  'variance', 'version', 'weakMixingAngle', 'wienDisplacement', 'xgcd', 'xor', 'zeros', 'zeta',
  'zpk2tf',
];

const RESERVED = new Map<string, string>([
  ...MATHJS_NAMES.map((n) => [n, 'a mathjs function, constant or type'] as const),
  ...MATHJS_KEYWORDS.map((n) => [n, 'a mathjs keyword'] as const),
  ...OBJECT_NAMES.map((n) => [n, 'a name every JavaScript object has'] as const),
]);

const RULE = `a symbol is a plain identifier (a letter, then letters, digits or _), e.g. N, H, W or batch, and none of the reserved names: the ${MATHJS_NAMES.length} names mathjs defines (floor, sqrt, pi, e, i, E, ...), the mathjs keywords ${MATHJS_KEYWORDS.join(', ')}, and the names every JavaScript object has (${OBJECT_NAMES.join(', ')})`;

/** Why `name` cannot be a symbol, or undefined when it can. */
export function symbolProblem(name: string): string | undefined {
  if (!SYMBOL_PATTERN.test(name)) return `'${name}' is not a plain identifier; ${RULE}`;
  const what = RESERVED.get(name);
  return what ? `symbol '${name}' is reserved (${what}); ${RULE}` : undefined;
}
