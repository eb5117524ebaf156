// A family is a function of typed options; a zoo entry (an Architecture) is a named set of them.
// Option specs drive `--set key=value` parsing, validation and the list of valid keys.
import { didYouMean, FlopscopeError, type SourceSite } from '../errors.js';
import { received } from '../ops/attrs.js';
import { architectureProblem, familyProblem } from './family-check.js';
import type { Module } from './module.js';
import { callError, callSite } from './site.js';

/** An option that only matters while another option has a given value (e.g. SE's reduction needs se=true). */
interface Dependent {
  readonly when?: { readonly option: string; readonly is: unknown };
}

export type OptionSpec = Dependent & (
  | { readonly type: 'int'; readonly default: number; readonly min?: number; readonly max?: number; readonly doc: string }
  | { readonly type: 'number'; readonly default: number; readonly min?: number; readonly max?: number; readonly doc: string }
  | { readonly type: 'bool'; readonly default: boolean; readonly doc: string }
  | { readonly type: 'enum'; readonly default: string; readonly values: readonly string[]; readonly doc: string }
  | { readonly type: 'intList'; readonly default: readonly number[]; readonly min?: number; readonly max?: number; readonly doc: string });

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The classifier size option every image-classification family shares (ImageNet's 1000). */
export const NUM_CLASSES = { type: 'int', default: 1000, min: 1, doc: 'classifier outputs' } as const;

/** The option values a spec table describes. */
export type OptionValues<S extends OptionSpecs> = {
  -readonly [K in keyof S]: S[K] extends { type: 'int' | 'number' } ? number
    : S[K] extends { type: 'bool' } ? boolean
    : S[K] extends { type: 'enum'; values: readonly (infer V)[] } ? V
    : S[K] extends { type: 'intList' } ? number[]
    : never;
};

export interface Family<S extends OptionSpecs = OptionSpecs> {
  readonly kind: 'family';
  readonly name: string;
  readonly doc: string;
  readonly options: S;
  build(options: OptionValues<S>): Module;
  /** Where the family is defined (user files only): errors about what build() returns point here. */
  readonly site?: SourceSite;
}

export interface Architecture<N extends string = string> {
  readonly kind: 'architecture';
  readonly name: N;
  readonly description: string;
  readonly family: Family<any>;
  readonly options: Readonly<Record<string, unknown>>;
  /** The input the architecture is meant for, e.g. '1x3x224x224'. */
  readonly input: string;
  /** Where an imported architecture came from (an ONNX file: its versions, input and ops), for describe. */
  readonly source?: Readonly<Record<string, string | number>>;
}

export function defineFamily<const S extends OptionSpecs>(family: Omit<Family<S>, 'kind'>): Family<S> {
  const problem = familyProblem(family);
  if (problem) throw callError('load', 'defineFamily()', problem);
  const site = callSite();
  return { kind: 'family', ...family, ...(site ? { site } : {}) };
}

/** The name stays a literal type, so the zoo's names form a union (`ZooName`). */
export function defineArchitecture<const N extends string, S extends OptionSpecs>(arch: {
  name: N;
  description: string;
  family: Family<S>;
  options?: Partial<OptionValues<S>>;
  input?: string;
}): Architecture<N> {
  const problem = typeof arch === 'object' && arch !== null ? architectureProblem(arch) : `expected { name, description, family, options?, input? }, received ${received(arch)}`;
  if (problem) throw callError('load', 'defineArchitecture()', problem);
  return { kind: 'architecture', name: arch.name, description: arch.description, family: arch.family, options: arch.options ?? {}, input: arch.input ?? '1x3x224x224' };
}

/** An object of kind 'architecture' (its own `kind`: one inherited from a prototype does not count); architectureProblem says whether it is well formed. */
export function isArchitecture(x: unknown): x is Architecture {
  return typeof x === 'object' && x !== null && Object.hasOwn(x, 'kind') && (x as { kind?: string }).kind === 'architecture';
}

function describe(spec: OptionSpec): string {
  switch (spec.type) {
    case 'enum':
      return spec.values.join('|');
    case 'intList':
      return 'comma-separated integers';
    case 'bool':
      return 'true|false';
    case 'int':
      return 'an integer';
    case 'number':
      return 'a number';
  }
}

function checkRange(key: string, v: number, spec: { min?: number; max?: number }, raw: unknown): void {
  if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
    const range = spec.min !== undefined && spec.max !== undefined ? `between ${spec.min} and ${spec.max}` : spec.min !== undefined ? `at least ${spec.min}` : `at most ${spec.max}`;
    throw new FlopscopeError('bad-option', `option '${key}' must be ${range}, received ${JSON.stringify(raw)}`);
  }
}

/** Parses and checks one option value, from a string (--set) or a typed value (library, config). */
export function parseOption(key: string, spec: OptionSpec, raw: unknown): unknown {
  const bad = (): never => {
    throw new FlopscopeError('bad-option', `option '${key}' expects ${describe(spec)}, received ${JSON.stringify(raw)}`);
  };
  switch (spec.type) {
    case 'int':
    case 'number': {
      const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(v) || (spec.type === 'int' && !Number.isInteger(v))) bad();
      if (spec.type === 'int' && !Number.isSafeInteger(v)) {
        throw new FlopscopeError('bad-option', `option '${key}' expects an integer of at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1) in magnitude, the largest flopscope takes exactly, received ${JSON.stringify(raw)}`);
      }
      checkRange(key, v, spec, raw);
      return v;
    }
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1' || raw === 'yes') return true;
      if (raw === 'false' || raw === '0' || raw === 'no') return false;
      return bad();
    case 'enum':
      if (typeof raw === 'string' && spec.values.includes(raw)) return raw;
      return bad();
    case 'intList': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? (raw.trim() === '' || raw === 'none' ? [] : raw.split(',').map((s) => s.trim())) : bad();
      return items.map((item) => {
        const v = typeof item === 'number' ? item : Number(item);
        if (!Number.isSafeInteger(v) || (typeof item === 'string' && item === '')) bad();
        checkRange(key, v, spec, raw);
        return v;
      });
    }
  }
}

/** An option the family does not have: the near names, the valid ones, and where to read about them. */
export function unknownOptionError(arch: Architecture, key: string, extra: readonly string[] = []): FlopscopeError {
  const valid = [...Object.keys(arch.family.options as OptionSpecs), ...extra];
  const hint = didYouMean(key, valid);
  return new FlopscopeError('bad-option', `unknown option '${key}' for ${arch.name} (family ${arch.family.name}); ${hint ? `${hint} ` : ''}valid options: ${valid.join(', ') || 'none'} (flopscope describe shows each one's type, default and allowed values)`);
}

/**
 * The spec of option `key`, or undefined when the family has no such option. Own keys only: a
 * key such as 'toString' or '__proto__' is unknown, not something every object inherits.
 */
export function optionSpec(arch: Architecture, key: string): OptionSpec | undefined {
  const specs = arch.family.options as OptionSpecs;
  return Object.hasOwn(specs, key) ? specs[key] : undefined;
}

/** The family's defaults, then the architecture's options, then the overrides, all checked. */
export function resolveOptions(arch: Architecture, overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const specs = arch.family.options as OptionSpecs;
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) out[key] = spec.default;
  for (const [key, value] of [...Object.entries(arch.options), ...Object.entries(overrides)]) {
    const spec = optionSpec(arch, key);
    if (!spec) throw unknownOptionError(arch, key);
    out[key] = parseOption(key, spec, value);
  }
  return out;
}

/** An override that changes nothing because the option it depends on is off. */
export interface InertOverride {
  readonly option: string;
  /** The option it depends on, and that option's value in this configuration. */
  readonly dependsOn: string;
  readonly text: string;
}

/** Overrides that change nothing, e.g. "option 'reduction' has no effect on resnet50 while se=false". */
export function inertOverrides(arch: Architecture, overrides: Readonly<Record<string, unknown>>, resolved: Readonly<Record<string, unknown>>): InertOverride[] {
  const notes: InertOverride[] = [];
  for (const key of Object.keys(overrides)) {
    const when = optionSpec(arch, key)?.when;
    if (when && resolved[when.option] !== when.is) {
      notes.push({ option: key, dependsOn: when.option, text: `option '${key}' has no effect on ${arch.name} while ${when.option}=${String(resolved[when.option])}` });
    }
  }
  return notes;
}
