// What a family or an architecture must look like, checked where one enters: defineFamily and
// defineArchitecture (a user file calls them while it loads), and an architecture object a file
// exports without them. Each answer is the first thing wrong, in the user's words, or undefined.
import { received } from '../ops/attrs.js';

const OPTION_TYPES = ['int', 'number', 'bool', 'enum', 'intList'] as const;

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

function optionSpecProblem(key: string, spec: unknown): string | undefined {
  const at = `option '${key}'`;
  if (!isPlainObject(spec)) return `${at} must be a spec such as { type: 'int', default: 1, doc: '...' }, received ${received(spec)}`;
  const { type, default: value } = spec;
  if (typeof type !== 'string' || !(OPTION_TYPES as readonly string[]).includes(type)) return `${at}: "type" must be one of ${OPTION_TYPES.join(', ')}, received ${received(type)}`;
  for (const bound of ['min', 'max'] as const) {
    if (spec[bound] !== undefined && (typeof spec[bound] !== 'number' || Number.isNaN(spec[bound]))) return `${at}: "${bound}" must be a number, received ${received(spec[bound])}`;
  }
  const inRange = (v: number): boolean => (spec.min === undefined || v >= (spec.min as number)) && (spec.max === undefined || v <= (spec.max as number));
  const bad = (what: string) => `${at}: "default" must be ${what}, received ${received(value)}`;
  switch (type) {
    case 'int':
      return isInt(value) && inRange(value) ? undefined : bad('an integer within its min and max');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && inRange(value) ? undefined : bad('a finite number within its min and max');
    case 'bool':
      return typeof value === 'boolean' ? undefined : bad('true or false');
    case 'enum': {
      const values = spec.values;
      if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) return `${at}: "values" must be a list of strings, received ${received(values)}`;
      return typeof value === 'string' && values.includes(value) ? undefined : bad(`one of its values (${values.join(', ')})`);
    }
    default:
      return Array.isArray(value) && value.every((v) => isInt(v) && inRange(v)) ? undefined : bad('a list of integers within its min and max');
  }
}

/** What is wrong with `x` as a family (the object defineFamily makes). */
export function familyProblem(x: unknown): string | undefined {
  if (!isPlainObject(x)) return `expected a family made by defineFamily({ name, doc, options, build }), received ${received(x)}`;
  if (typeof x.name !== 'string' || x.name === '') return `a family needs "name": a non-empty string, received ${received(x.name)}`;
  if (typeof x.build !== 'function') return `family '${x.name}' needs "build": a function of its options that returns a module, received ${received(x.build)}`;
  if (!isPlainObject(x.options)) return `family '${x.name}' needs "options": an object of option specs ({} for none), received ${received(x.options)}`;
  for (const [key, spec] of Object.entries(x.options)) {
    const problem = optionSpecProblem(key, spec);
    if (problem) return `family '${x.name}': ${problem}`;
  }
  return undefined;
}

/** What is wrong with `x` as an architecture (the object defineArchitecture makes), its family included. */
export function architectureProblem(x: Record<string, unknown>): string | undefined {
  if (typeof x.name !== 'string' || x.name === '') return `an architecture needs "name": a non-empty string, received ${received(x.name)}`;
  const family = x.family;
  if (!isPlainObject(family) || !Object.hasOwn(family, 'kind') || family.kind !== 'family') {
    return `architecture '${x.name}' needs "family": a family made by defineFamily(...), received ${received(family)}`;
  }
  const problem = familyProblem(family);
  if (problem) return `architecture '${x.name}': ${problem}`;
  if (x.options !== undefined && !isPlainObject(x.options)) return `architecture '${x.name}': "options" must be an object of option values, received ${received(x.options)}`;
  if (x.input !== undefined && typeof x.input !== 'string') return `architecture '${x.name}': "input" must be a shape such as '1x3x224x224', received ${received(x.input)}`;
  return undefined;
}
