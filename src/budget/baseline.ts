// The baseline: the last accepted values of every budget, written by --update-baseline and
// compared against on later runs (the change column and maxIncrease).
import { readFileSync, statSync } from 'node:fs';
import { FlopscopeError } from '../errors.js';
import { writeFileWhole } from '../files.js';
import { parseJsonSource, plain, properties, refuseDuplicateKeys, where, type JsonNode, type JsonSource } from './json-source.js';
import { METRICS, type Metric } from './metrics.js';
import { layerValuesJson, parseLayerValues, type LayerValues } from './growth.js';

export const BASELINE_SCHEMA = 'flopscope.baseline/1';

/** What a baseline entry was measured on; a later run on something else is not compared with it. */
export interface MeasuredOn {
  readonly model: string;
  /** The input shape the values are for (older baselines did not record it). */
  readonly input?: string;
  readonly convention?: string;
  readonly dtype?: string;
  /** The device profile a latency was predicted on (deviceIdentity: name and a hash of its figures). */
  readonly device?: string;
}

export interface BaselineEntry extends MeasuredOn {
  readonly values: Readonly<Partial<Record<Metric, bigint>>>;
  /** Each layer's part of the metrics the budget constrains (baselines written since it was kept). */
  readonly layers?: LayerValues;
}

export type Baseline = ReadonlyMap<string, BaselineEntry>;

function count(raw: unknown): bigint | undefined {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return BigInt(raw);
  if (typeof raw === 'string' && /^\d+$/.test(raw)) return BigInt(raw);
  return undefined;
}

/** What an entry records it was measured on, besides the model. */
const MEASURED_ON = ['input', 'convention', 'dtype', 'device'] as const;

const REWRITE = 'restore it, or write a new one with flopscope check --update-baseline';

/** A baseline that was read but is not one (empty, truncated, edited): --update-baseline replaces it. */
export class CorruptBaselineError extends FlopscopeError {
  constructor(
    /** What is wrong with the baseline, without the advice that ends the message. */
    readonly problem: string,
  ) {
    super('config', `${problem}; ${REWRITE}`);
  }
}

/** Whether `file` is a regular file (a baseline to read); a folder, a FIFO or a device is not. */
export function isRegularFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
}

function unreadable(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file (write one with --update-baseline)';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return e.code ?? e.message;
  }
}

export function readBaseline(file: string, shown: string): Baseline {
  let text: string;
  try {
    // Only a regular file is read: a FIFO would block, a device never end.
    const st = statSync(file);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: st.isDirectory() ? 'EISDIR' : 'not a regular file' });
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new FlopscopeError('config', `cannot read the baseline ${shown}: ${unreadable(e as NodeJS.ErrnoException)}`);
  }
  let src: JsonSource;
  try {
    src = parseJsonSource(text, shown);
    refuseDuplicateKeys(src, src.root);
  } catch (e) {
    if (e instanceof FlopscopeError) throw new CorruptBaselineError(`${e.message}: the baseline is corrupt`);
    throw e;
  }
  const bad: (node: JsonNode, what: string) => never = (node, what) => {
    throw new CorruptBaselineError(`${where(src, node)}: the baseline is corrupt: ${what}`);
  };
  if (src.root.type !== 'object') bad(src.root, 'expected an object');
  const top = new Map(properties(src.root).map((p) => [p.key, p.value]));
  const schema = top.get('schema');
  if (!schema || plain(schema) !== BASELINE_SCHEMA) bad(schema ?? src.root, `expected "schema": "${BASELINE_SCHEMA}"`);
  const budgets = top.get('budgets');
  if (!budgets || budgets.type !== 'object') bad(budgets ?? src.root, 'expected "budgets": { "<name>": { "model", "values" } }');
  const out = new Map<string, BaselineEntry>();
  for (const b of properties(budgets)) {
    const entry = plain(b.value) as { model?: unknown; input?: unknown; convention?: unknown; dtype?: unknown; device?: unknown; values?: Record<string, unknown>; layers?: unknown };
    if (typeof entry !== 'object' || entry === null || typeof entry.model !== 'string' || typeof entry.values !== 'object' || entry.values === null || Array.isArray(entry.values)) {
      bad(b.value, `budget "${b.key}": expected { "model": string, "values": { ... } }`);
    }
    for (const k of MEASURED_ON) {
      if (entry[k] !== undefined && typeof entry[k] !== 'string') bad(b.value, `budget "${b.key}": "${k}" must be a string, received ${JSON.stringify(entry[k])}`);
    }
    const values: Partial<Record<Metric, bigint>> = {};
    for (const [k, v] of Object.entries(entry.values)) {
      const n = count(v);
      if (!METRICS.includes(k as Metric) || n === undefined) bad(b.value, `budget "${b.key}": bad value ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
      values[k as Metric] = n;
    }
    const measured = Object.fromEntries(MEASURED_ON.filter((k) => entry[k] !== undefined).map((k) => [k, entry[k] as string]));
    const layers = entry.layers === undefined ? undefined : parseLayerValues(entry.layers);
    if (typeof layers === 'string') bad(b.value, `budget "${b.key}": layers: ${layers}`);
    out.set(b.key, { model: entry.model, ...measured, values, ...(layers ? { layers } : {}) });
  }
  return out;
}

/** JSON numbers up to 2^53, decimal strings beyond, so nothing is rounded. */
function jsonValue(v: bigint): number | string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

export function baselineJson(entries: ReadonlyArray<{ name: string } & BaselineEntry>): string {
  const budgets: Record<string, unknown> = {};
  for (const e of entries) {
    const values: Record<string, number | string> = {};
    for (const m of METRICS) if (e.values[m] !== undefined) values[m] = jsonValue(e.values[m]!);
    const measured = Object.fromEntries(MEASURED_ON.filter((k) => e[k]).map((k) => [k, e[k]]));
    budgets[e.name] = { model: e.model, ...measured, values, ...(e.layers ? { layers: layerValuesJson(e.layers) } : {}) };
  }
  return JSON.stringify({ schema: BASELINE_SCHEMA, budgets }, null, 2) + '\n';
}

/**
 * How `now` differs from what the baseline entry was measured on, e.g. "model resnet18, input
 * 1x3x224x224"; undefined when it does not. What an older baseline did not record is not compared,
 * except the device of a latency it holds: that latency was predicted on a device it cannot name.
 */
export function measuredElsewhere(base: BaselineEntry, now: MeasuredOn & Required<Omit<MeasuredOn, 'device'>>): string | undefined {
  const recorded = (k: keyof MeasuredOn): boolean => base[k] !== undefined || (k === 'device' && base.values.latency !== undefined);
  const differs = (['model', 'input', 'convention', 'dtype', 'device'] as const).filter((k) => recorded(k) && base[k] !== now[k]);
  if (!differs.length) return undefined;
  const text = (on: MeasuredOn, k: keyof MeasuredOn): string => `${k} ${on[k] ?? (k === 'device' ? 'none (not recorded)' : 'not recorded')}`;
  const was = differs.map((k) => text(base, k)).join(', ');
  const is = differs.map((k) => text(now, k)).join(', ');
  return `the baseline was recorded for ${was}, not ${is}: maxIncrease is not applied (accept the new values with --update-baseline)`;
}

/** Written whole or not at all: a concurrent reader never sees half a baseline. */
export function writeBaseline(file: string, shown: string, entries: ReadonlyArray<{ name: string } & BaselineEntry>): void {
  writeFileWhole({ file, shown, what: 'the baseline' }, baselineJson(entries));
}
