// What `flopscope describe` says about an architecture: its family, its default input, and every
// option with its type, the family's default, the value in force, what it accepts, its doc and
// the option it depends on. Plain data: the report layer renders it as a table or JSON.
import { resolveOptions, type Architecture, type OptionSpec, type OptionSpecs } from './family.js';

export interface OptionDescription {
  readonly name: string;
  readonly type: OptionSpec['type'];
  /** The family's default. */
  readonly default: unknown;
  /** The value in force for this architecture (its own options, then the overrides). */
  readonly value: unknown;
  /** What the option accepts, in words: 'one of 18, 34, 50', 'an integer, at least 1'. */
  readonly accepts: string;
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly doc: string;
  /** The option only matters while another one has this value. */
  readonly dependsOn?: { readonly option: string; readonly is: unknown };
  /** True when the option it depends on is off, so its value changes nothing. */
  readonly inert: boolean;
}

export interface ArchitectureDescription {
  readonly name: string;
  readonly description: string;
  readonly family: string;
  readonly familyDoc: string;
  /** The input the architecture is meant for, e.g. '1x3x224x224'. */
  readonly input: string;
  readonly options: readonly OptionDescription[];
  /** Where an imported model came from (an ONNX file: versions, input, ops). */
  readonly source?: Readonly<Record<string, string | number>>;
}

function range(spec: { min?: number; max?: number }): string {
  if (spec.min !== undefined && spec.max !== undefined) return `${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `at least ${spec.min}`;
  if (spec.max !== undefined) return `at most ${spec.max}`;
  return '';
}

/** What a spec accepts, in words. */
export function acceptsText(spec: OptionSpec): string {
  const within = (s: { min?: number; max?: number }) => (range(s) ? `, ${range(s)}` : '');
  switch (spec.type) {
    case 'enum':
      return `one of ${spec.values.join(', ')}`;
    case 'bool':
      return 'true or false';
    case 'int':
      return `an integer${within(spec)}`;
    case 'number':
      return `a number${within(spec)}`;
    case 'intList':
      return `comma-separated integers${range(spec) ? ` (each ${range(spec)})` : ''}, or none`;
  }
}

export function describeArchitecture(arch: Architecture, overrides: Readonly<Record<string, unknown>> = {}): ArchitectureDescription {
  const specs = arch.family.options as OptionSpecs;
  const resolved = resolveOptions(arch, overrides);
  const options = Object.entries(specs).map(([name, spec]): OptionDescription => ({
    name,
    type: spec.type,
    default: spec.default,
    value: resolved[name],
    accepts: acceptsText(spec),
    ...(spec.type === 'enum' ? { values: spec.values } : {}),
    ...('min' in spec && spec.min !== undefined ? { min: spec.min } : {}),
    ...('max' in spec && spec.max !== undefined ? { max: spec.max } : {}),
    doc: spec.doc,
    ...(spec.when ? { dependsOn: { option: spec.when.option, is: spec.when.is } } : {}),
    inert: spec.when !== undefined && resolved[spec.when.option] !== spec.when.is,
  }));
  return { name: arch.name, description: arch.description, family: arch.family.name, familyDoc: arch.family.doc, input: arch.input, options, ...(arch.source ? { source: arch.source } : {}) };
}
