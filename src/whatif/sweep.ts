// Sweep axes: which option takes which values, parsed from `--sweep key=v1,v2` or given typed by
// the library, checked against the family's option specs, and expanded as a cartesian product.
import { FlopscopeError } from '../errors.js';
import { optionSpec, parseOption, unknownOptionError, type Architecture, type OptionSpec } from '../dsl/family.js';
import { formatShape, type Shape } from '../shape/dim.js';
import { parseInputShape } from '../shape/input.js';

/** The pseudo-option that sweeps the input resolution or shape. */
export const INPUT_KEY = 'input';

/** More configurations than this are refused before anything is built. */
export const MAX_CONFIGURATIONS = 100_000;

/** One swept option and its values, already parsed (an input value is its shape text). */
export interface SweepAxis {
  readonly key: string;
  readonly values: readonly unknown[];
}

/** One configuration: option values by key (the input, when swept, under 'input'). */
export type Configuration = Readonly<Record<string, unknown>>;

function unknownKey(arch: Architecture, key: string): FlopscopeError {
  return unknownOptionError(arch, key, [INPUT_KEY]);
}

/**
 * An input sweep value as a shape text: a bare resolution R means the model's own N and C at
 * RxR (1x3xRxR for the zoo); a full shape (2x3x160x192) is taken as it is.
 */
export function inputValue(arch: Architecture, raw: unknown): string {
  const own = parseInputShape(arch.input);
  if (typeof raw === 'number' || (typeof raw === 'string' && /^\s*\d+\s*$/.test(raw))) {
    const r = Number(raw);
    if (!Number.isSafeInteger(r) || r < 1) throw new FlopscopeError('bad-input-shape', `sweep value input=${String(raw)}: a resolution must be a positive integer`);
    return formatShape([own[0], own[1], r, r]);
  }
  if (typeof raw !== 'string') throw new FlopscopeError('bad-input-shape', `sweep value input=${JSON.stringify(raw)}: expected a resolution (224) or a shape (1x3x224x224)`);
  try {
    return formatShape(parseInputShape(raw));
  } catch (e) {
    if (e instanceof FlopscopeError) throw new FlopscopeError(e.code, e.message.replace(/^invalid --input '([^']*)'/, 'invalid sweep value input=$1'));
    throw e;
  }
}

/** Splits the raw text of one sweep: ',' between values, '/' between values of a list option. */
function splitValues(spec: OptionSpec | undefined, text: string): string[] {
  return spec?.type === 'intList' ? text.split('/') : text.split(',');
}

/** Parses `key=v1,v2,...` (list options: `key=1,2,3/1,2,3,4/none`). */
export function parseSweep(arch: Architecture, text: string): SweepAxis {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new FlopscopeError('usage', `--sweep expects key=v1,v2,..., received '${text}'`);
  const key = text.slice(0, eq).trim();
  const body = text.slice(eq + 1).trim();
  const spec = optionSpec(arch, key);
  if (!spec && key !== INPUT_KEY) throw unknownKey(arch, key);
  if (body === '') throw new FlopscopeError('usage', `--sweep ${key}= has no values; expected ${key}=v1,v2,...`);
  const raws = splitValues(spec, body).map((s) => s.trim());
  if (raws.some((s) => s === '')) {
    const sep = spec?.type === 'intList' ? "'/'" : "','";
    throw new FlopscopeError('usage', `--sweep ${text}: an empty value between ${sep} separators`);
  }
  return makeAxis(arch, key, raws);
}

/** An axis from typed or string values (the library path), each value checked against its spec. */
export function makeAxis(arch: Architecture, key: string, values: readonly unknown[]): SweepAxis {
  const spec = optionSpec(arch, key);
  if (!spec && key !== INPUT_KEY) throw unknownKey(arch, key);
  if (values.length === 0) throw new FlopscopeError('usage', `sweep of '${key}' has no values`);
  const parsed = values.map((v) => (spec ? parseOption(key, spec, v) : inputValue(arch, v)));
  return { key, values: parsed };
}

/** How many configurations the axes make; refuses more than MAX_CONFIGURATIONS. */
export function countConfigurations(axes: readonly SweepAxis[]): number {
  let n = 1;
  for (const a of axes) n *= a.values.length;
  if (n > MAX_CONFIGURATIONS) {
    const sizes = axes.map((a) => `${a.values.length} ${a.key}`).join(' x ');
    throw new FlopscopeError('resource', `the sweep makes ${n.toLocaleString('en-US')} configurations (${sizes}); the limit is ${MAX_CONFIGURATIONS.toLocaleString('en-US')}: sweep fewer values`);
  }
  return n;
}

/** Checks the axes (no key twice, not also fixed by --set) and counts them. */
export function checkAxes(axes: readonly SweepAxis[], fixed: Readonly<Record<string, unknown>>): number {
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.key)) throw new FlopscopeError('usage', `option '${a.key}' is swept twice; give all its values in one --sweep`);
    if (a.key in fixed) throw new FlopscopeError('usage', `option '${a.key}' is both set and swept; drop one of them`);
    seen.add(a.key);
  }
  return countConfigurations(axes);
}

/** The cartesian product, first axis varying slowest (the order a table reads naturally). */
export function* configurations(axes: readonly SweepAxis[]): Generator<Configuration> {
  const index = axes.map(() => 0);
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  for (let done = 0; done < total; done++) {
    const config: Record<string, unknown> = {};
    axes.forEach((a, i) => { config[a.key] = a.values[index[i]]; });
    yield config;
    for (let i = axes.length - 1; i >= 0; i--) {
      if (++index[i] < axes[i].values.length) break;
      index[i] = 0;
    }
  }
}

export function inputShapeOf(config: Configuration): Shape | undefined {
  const v = config[INPUT_KEY];
  return typeof v === 'string' ? parseInputShape(v) : undefined;
}
