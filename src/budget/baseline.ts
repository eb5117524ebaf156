// The baseline: the last accepted values of every budget, written by --update-baseline and
// compared against on later runs (the change column and maxIncrease).
import { readFileSync, writeFileSync } from 'node:fs';
import { FlopscopeError } from '../errors.js';
import { parseJsonSource, plain, properties, refuseDuplicateKeys, where } from './json-source.js';
import { METRICS, type Metric } from './metrics.js';

export const BASELINE_SCHEMA = 'flopscope.baseline/1';

export interface BaselineEntry {
  readonly model: string;
  readonly values: Readonly<Partial<Record<Metric, bigint>>>;
}

export type Baseline = ReadonlyMap<string, BaselineEntry>;

function count(raw: unknown): bigint | undefined {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return BigInt(raw);
  if (typeof raw === 'string' && /^\d+$/.test(raw)) return BigInt(raw);
  return undefined;
}

export function readBaseline(file: string, shown: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new FlopscopeError('config', `cannot read baseline ${shown}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (write one with --update-baseline)' : (e as Error).message}`);
  }
  const src = parseJsonSource(text, shown);
  refuseDuplicateKeys(src, src.root);
  const bad: (node: typeof src.root, what: string) => never = (node, what) => {
    throw new FlopscopeError('config', `${where(src, node)}: baseline: ${what}`);
  };
  if (src.root.type !== 'object') bad(src.root, 'expected an object');
  const top = new Map(properties(src.root).map((p) => [p.key, p.value]));
  const schema = top.get('schema');
  if (!schema || plain(schema) !== BASELINE_SCHEMA) bad(schema ?? src.root, `expected "schema": "${BASELINE_SCHEMA}"`);
  const budgets = top.get('budgets');
  if (!budgets || budgets.type !== 'object') bad(budgets ?? src.root, 'expected "budgets": { "<name>": { "model", "values" } }');
  const out = new Map<string, BaselineEntry>();
  for (const b of properties(budgets)) {
    const entry = plain(b.value) as { model?: unknown; values?: Record<string, unknown> };
    if (typeof entry !== 'object' || entry === null || typeof entry.model !== 'string' || typeof entry.values !== 'object' || entry.values === null) {
      bad(b.value, `budget "${b.key}": expected { "model": string, "values": { ... } }`);
    }
    const values: Partial<Record<Metric, bigint>> = {};
    for (const [k, v] of Object.entries(entry.values)) {
      const n = count(v);
      if (!METRICS.includes(k as Metric) || n === undefined) bad(b.value, `budget "${b.key}": bad value ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
      values[k as Metric] = n;
    }
    out.set(b.key, { model: entry.model, values });
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
    budgets[e.name] = { model: e.model, values };
  }
  return JSON.stringify({ schema: BASELINE_SCHEMA, budgets }, null, 2) + '\n';
}

export function writeBaseline(file: string, shown: string, entries: ReadonlyArray<{ name: string } & BaselineEntry>): void {
  try {
    writeFileSync(file, baselineJson(entries));
  } catch (e) {
    throw new FlopscopeError('config', `cannot write baseline ${shown}: ${(e as Error).message}`);
  }
}
