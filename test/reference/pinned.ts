// Reads the reference figures pinned in test/reference/*.json (schema flopscope.reference/1):
// what an independent run (PyTorch, a paper) gives for a zoo model at one input. A malformed
// file or entry throws here, naming the file and the entry, so no figure is silently skipped.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA = 'flopscope.reference/1';
export const DIR = dirname(fileURLToPath(import.meta.url));

/** An exact count: a JSON integer, or a decimal string when it is above 2^53 - 1. */
export type Count = bigint;

export interface PerElement {
  /** Elements of each SE channel-scale multiply's output. */
  readonly seScaleMultiplies: Count;
  /** Input elements of each SE global average pool (one add per element). */
  readonly sePoolAdds: Count;
  /** Elements of each residual sum. */
  readonly residualAdds: Count;
}

export interface ReferenceEntry {
  /** The file the entry came from, e.g. 'zoo.json'. */
  readonly file: string;
  readonly model: string;
  /** NxCxHxW, e.g. '1x3x224x224'. */
  readonly input: string;
  /** Option overrides (as with --set); absent for the zoo entry as listed. */
  readonly set?: Readonly<Record<string, unknown>>;
  readonly params: Count;
  readonly buffers: Count;
  readonly macs: Count;
  readonly perElement: PerElement;
  readonly outputShape: readonly number[];
  /** What produced the figures. */
  readonly source: string;
  /** A published figure they agree with. */
  readonly published?: string;
}

const ENTRY_KEYS = new Set(['model', 'input', 'set', 'params', 'buffers', 'macs', 'perElement', 'outputShape', 'source', 'published']);
const PER_ELEMENT_KEYS = ['seScaleMultiplies', 'sePoolAdds', 'residualAdds'] as const;

function count(value: unknown, where: string): Count {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && /^\d+$/.test(value) && BigInt(value) > BigInt(Number.MAX_SAFE_INTEGER)) return BigInt(value);
  throw new Error(`${where}: expected a non-negative integer (a decimal string only above 2^53 - 1), received ${JSON.stringify(value)}`);
}

function text(value: unknown, where: string): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new Error(`${where}: expected a non-empty string, received ${JSON.stringify(value)}`);
}

function entry(raw: unknown, file: string, index: number): ReferenceEntry {
  const at = `${file} entries[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${at}: expected an object`);
  const e = raw as Record<string, unknown>;
  const unknown = Object.keys(e).filter((k) => !ENTRY_KEYS.has(k));
  if (unknown.length) throw new Error(`${at}: unknown field(s) ${unknown.join(', ')}; expected ${[...ENTRY_KEYS].join(', ')}`);
  const model = text(e.model, `${at}.model`);
  const where = `${at} (${model})`;
  const input = text(e.input, `${where}.input`);
  if (!/^\d+x\d+x\d+x\d+$/.test(input)) throw new Error(`${where}.input: expected NxCxHxW with numbers, received '${input}'`);
  if (e.set !== undefined && (typeof e.set !== 'object' || e.set === null || Array.isArray(e.set))) throw new Error(`${where}.set: expected an object of option overrides`);
  const pe = e.perElement as Record<string, unknown> | undefined;
  if (typeof pe !== 'object' || pe === null) throw new Error(`${where}.perElement: expected { ${PER_ELEMENT_KEYS.join(', ')} }`);
  const extra = Object.keys(pe).filter((k) => !(PER_ELEMENT_KEYS as readonly string[]).includes(k));
  if (extra.length) throw new Error(`${where}.perElement: unknown field(s) ${extra.join(', ')}`);
  const shape = e.outputShape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isSafeInteger(d) && d > 0)) throw new Error(`${where}.outputShape: expected an array of positive integers`);
  if (e.published !== undefined) text(e.published, `${where}.published`);
  return {
    file,
    model,
    input,
    ...(e.set !== undefined ? { set: e.set as Record<string, unknown> } : {}),
    params: count(e.params, `${where}.params`),
    buffers: count(e.buffers, `${where}.buffers`),
    macs: count(e.macs, `${where}.macs`),
    perElement: {
      seScaleMultiplies: count(pe.seScaleMultiplies, `${where}.perElement.seScaleMultiplies`),
      sePoolAdds: count(pe.sePoolAdds, `${where}.perElement.sePoolAdds`),
      residualAdds: count(pe.residualAdds, `${where}.perElement.residualAdds`),
    },
    outputShape: shape as number[],
    source: text(e.source, `${where}.source`),
    ...(e.published !== undefined ? { published: e.published as string } : {}),
  };
}

/** The JSON files in test/reference, sorted by name. */
export function referenceFiles(): string[] {
  return readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
}

/** Every entry of one reference file; throws on a file that does not follow the schema. */
export function readReferenceFile(file: string): ReferenceEntry[] {
  const doc = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Record<string, unknown>;
  if (doc.schema !== SCHEMA) throw new Error(`${file}: schema is ${JSON.stringify(doc.schema)}, expected '${SCHEMA}'`);
  if (!Array.isArray(doc.entries) || doc.entries.length === 0) throw new Error(`${file}: expected a non-empty 'entries' array`);
  return doc.entries.map((raw, i) => entry(raw, file, i));
}

let cache: ReferenceEntry[] | undefined;

/** Every entry of every reference file. */
export function referenceEntries(): ReferenceEntry[] {
  cache ??= referenceFiles().flatMap(readReferenceFile);
  return cache;
}

/** The pinned figures of a zoo model as listed (no option overrides) at one input. */
export function pinned(model: string, input = '1x3x224x224'): ReferenceEntry {
  const found = referenceEntries().find((e) => e.model === model && e.input === input && e.set === undefined);
  if (!found) throw new Error(`no reference figures for ${model} at ${input} in test/reference/*.json`);
  return found;
}
