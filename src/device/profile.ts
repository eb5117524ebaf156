// A device profile (flopscope.device/1): the few figures of a roofline time model (peak compute,
// memory bandwidth, per-layer overhead, per-op-kind efficiency) and how each was obtained, measured
// on the machine by `flopscope calibrate` or taken from a datasheet with its source.
import { readFileSync } from 'node:fs';
import { isDtypeName, dtypeNames, type DtypeName } from '../cost/dtype.js';
import { didYouMean, FlopscopeError } from '../errors.js';
import { withoutByteOrderMark } from '../read-text.js';
import { OP_KINDS } from './kinds.js';

export const DEVICE_SCHEMA = 'flopscope.device/1';

/** How one figure was obtained: measured (and how), or a datasheet (and which). */
export type Provenance =
  | { readonly method: 'measured'; readonly how: string }
  | { readonly method: 'datasheet'; readonly source: string };

/** The engine and settings the figures were measured with (absent for a datasheet profile). */
export interface MeasuredWith {
  readonly engine: string;
  /** onnxruntime's graph optimization level: 'all' fuses as a deployed engine does. */
  readonly graphOptimization: 'all' | 'disabled';
  /** Intra-op threads of the runs. */
  readonly threads: number;
  /** Which statistic of the timed runs a figure is (e.g. 'minimum of 9 runs'). */
  readonly statistic: string;
  readonly host?: string;
  readonly date?: string;
  readonly seconds?: number;
}

export interface DeviceProfile {
  readonly schema: typeof DEVICE_SCHEMA;
  readonly name: string;
  readonly dtype: DtypeName;
  readonly peakFlopsPerSecond: number;
  readonly bandwidthBytesPerSecond: number;
  /** Fixed cost of launching one kernel (a layer, or a group of layers fused into one). */
  readonly overheadSeconds: number;
  /**
   * Whether the runtime fuses as deployed engines do: batch norm folded into the convolution
   * before it, an activation or a residual add run inside the convolution's kernel.
   */
  readonly fusion: boolean;
  /**
   * Channels a convolution kernel processes at once (a SIMD register's worth): counts that are not
   * a multiple are padded up, so 116 channels cost as much as 128 with blocks of 16. 1 when absent.
   */
  readonly channelBlock: number;
  /** Achieved / roofline speed per op kind (1 when absent); above 1 when the data stays in cache. */
  readonly efficiency: Readonly<Record<string, number>>;
  /** How each figure was obtained, keyed by field name ('efficiency.<kind>' for the factors). */
  readonly obtained: Readonly<Record<string, Provenance>>;
  readonly measuredWith?: MeasuredWith;
}

const KEYS = ['$schema', 'schema', 'name', 'dtype', 'peakFlopsPerSecond', 'bandwidthBytesPerSecond', 'overheadSeconds', 'fusion', 'channelBlock', 'efficiency', 'obtained', 'measuredWith'] as const;
const FIGURES = ['peakFlopsPerSecond', 'bandwidthBytesPerSecond', 'overheadSeconds'] as const;
const MEASURED_KEYS = ['engine', 'graphOptimization', 'threads', 'statistic', 'host', 'date', 'seconds'] as const;

const shown = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/**
 * The range each figure must fall in: far beyond any device on either side, so that a typo
 * (1e-300 for 1e13) is refused where it is read instead of predicting "Infinity s".
 */
export const FIGURE_RANGES = {
  peakFlopsPerSecond: { min: 1e3, max: 1e18, unit: 'FLOP/s' },
  bandwidthBytesPerSecond: { min: 1e3, max: 1e16, unit: 'bytes/s' },
  overheadSeconds: { min: 0, max: 1, unit: 's' },
  efficiency: { min: 1e-4, max: 100, unit: '(achieved / roofline speed)' },
  channelBlock: { min: 1, max: 4096, unit: 'channels' },
  threads: { min: 1, max: 4096, unit: 'threads' },
} as const;

class Check {
  constructor(private readonly file: string) {}

  fail(field: string, what: string): never {
    throw new FlopscopeError('device', `device profile ${this.file}: ${field}${field ? ' ' : ''}${what}`);
  }

  object(v: unknown, field: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(field, `expects an object, received ${shown(v)}`);
    return v as Record<string, unknown>;
  }

  known(o: Record<string, unknown>, keys: readonly string[], where: string): void {
    for (const k of Object.keys(o)) {
      if (keys.includes(k)) continue;
      const hint = didYouMean(k, keys, 1);
      this.fail(where, `has an unknown key '${k}'${hint ? `; ${hint}` : ''} (known keys: ${keys.filter((x) => x !== '$schema').join(', ')})`);
    }
  }

  text(v: unknown, field: string): string {
    if (typeof v !== 'string' || v.trim() === '') this.fail(field, `expects a non-empty string, received ${shown(v)}`);
    return v;
  }

  positive(v: unknown, field: string, allowZero = false): number {
    const ok = typeof v === 'number' && Number.isFinite(v) && (allowZero ? v >= 0 : v > 0);
    if (!ok) this.fail(field, `expects a ${allowZero ? 'non-negative' : 'positive'} number, received ${shown(v)}`);
    return v as number;
  }

  /** A figure within its range (FIGURE_RANGES); `whole` for a count. */
  figure(v: unknown, field: string, range: { readonly min: number; readonly max: number; readonly unit: string }, whole = false): number {
    const ok = typeof v === 'number' && Number.isFinite(v) && v >= range.min && v <= range.max && (!whole || Number.isInteger(v));
    if (!ok) this.fail(field, `expects ${whole ? 'a whole number' : 'a number'} from ${range.min} to ${range.max} ${range.unit}, received ${shown(v)}`);
    return v as number;
  }

  provenance(v: unknown, field: string): Provenance {
    const o = this.object(v, field);
    if (o.method === 'measured') {
      this.known(o, ['method', 'how'], field);
      return { method: 'measured', how: this.text(o.how, `${field}.how`) };
    }
    if (o.method === 'datasheet') {
      this.known(o, ['method', 'source'], field);
      return { method: 'datasheet', source: this.text(o.source, `${field}.source`) };
    }
    return this.fail(`${field}.method`, `expects "measured" (with "how") or "datasheet" (with "source"), received ${shown(o.method)}`);
  }

  measuredWith(v: unknown): MeasuredWith {
    const o = this.object(v, 'measuredWith');
    this.known(o, MEASURED_KEYS, 'measuredWith');
    const level = o.graphOptimization;
    if (level !== 'all' && level !== 'disabled') this.fail('measuredWith.graphOptimization', `expects "all" or "disabled", received ${shown(level)}`);
    const threads = this.figure(o.threads, 'measuredWith.threads', FIGURE_RANGES.threads, true);
    return {
      engine: this.text(o.engine, 'measuredWith.engine'),
      graphOptimization: level,
      threads,
      statistic: this.text(o.statistic, 'measuredWith.statistic'),
      ...(o.host !== undefined ? { host: this.text(o.host, 'measuredWith.host') } : {}),
      ...(o.date !== undefined ? { date: this.text(o.date, 'measuredWith.date') } : {}),
      ...(o.seconds !== undefined ? { seconds: this.positive(o.seconds, 'measuredWith.seconds') } : {}),
    };
  }
}

/** Checks a parsed device profile; every problem is one line naming the file and the field. */
export function parseDeviceProfile(raw: unknown, file: string): DeviceProfile {
  const c: Check = new Check(file);
  const o = c.object(raw, '');
  c.known(o, KEYS, '');
  if (o.schema !== DEVICE_SCHEMA) c.fail('schema', `expects "${DEVICE_SCHEMA}", received ${shown(o.schema)}`);
  const dtype = c.text(o.dtype, 'dtype');
  if (!isDtypeName(dtype)) c.fail('dtype', `expects one of ${dtypeNames().join(', ')}, received ${shown(dtype)}`);
  const efficiency: Record<string, number> = {};
  if (o.efficiency !== undefined) {
    for (const [kind, v] of Object.entries(c.object(o.efficiency, 'efficiency'))) {
      if (!OP_KINDS.includes(kind)) {
        const hint = didYouMean(kind, OP_KINDS, 1);
        c.fail(`efficiency.${kind}`, `is not an op kind${hint ? `; ${hint}` : ''} (op kinds: ${OP_KINDS.join(', ')})`);
      }
      efficiency[kind] = c.figure(v, `efficiency.${kind}`, FIGURE_RANGES.efficiency);
    }
  }
  const obtainedRaw = c.object(o.obtained, 'obtained');
  const obtained: Record<string, Provenance> = {};
  for (const [k, v] of Object.entries(obtainedRaw)) {
    const known = (FIGURES as readonly string[]).includes(k) || (k === 'channelBlock' && o.channelBlock !== undefined) || (k.startsWith('efficiency.') && k.slice(11) in efficiency);
    if (!known) c.fail(`obtained.${k}`, `describes no figure of this profile (figures: ${[...FIGURES, ...(o.channelBlock !== undefined ? ['channelBlock'] : []), ...Object.keys(efficiency).map((e) => `efficiency.${e}`)].join(', ')})`);
    obtained[k] = c.provenance(v, `obtained.${k}`);
  }
  for (const f of FIGURES) if (!obtained[f]) c.fail(`obtained.${f}`, 'is missing: say how the figure was obtained ({"method": "measured", "how": ...} or {"method": "datasheet", "source": ...})');
  if (o.fusion !== undefined && typeof o.fusion !== 'boolean') c.fail('fusion', `expects true or false, received ${shown(o.fusion)}`);
  let channelBlock = 1;
  if (o.channelBlock !== undefined) {
    channelBlock = c.figure(o.channelBlock, 'channelBlock', FIGURE_RANGES.channelBlock, true);
    if (!obtained.channelBlock) c.fail('obtained.channelBlock', 'is missing: say how the figure was obtained');
  }
  return {
    schema: DEVICE_SCHEMA,
    name: c.text(o.name, 'name'),
    dtype,
    peakFlopsPerSecond: c.figure(o.peakFlopsPerSecond, 'peakFlopsPerSecond', FIGURE_RANGES.peakFlopsPerSecond),
    bandwidthBytesPerSecond: c.figure(o.bandwidthBytesPerSecond, 'bandwidthBytesPerSecond', FIGURE_RANGES.bandwidthBytesPerSecond),
    overheadSeconds: c.figure(o.overheadSeconds, 'overheadSeconds', FIGURE_RANGES.overheadSeconds),
    fusion: o.fusion !== false,
    channelBlock,
    efficiency,
    obtained,
    ...(o.measuredWith !== undefined ? { measuredWith: c.measuredWith(o.measuredWith) } : {}),
  };
}

/** Reads and checks a device profile file; `shownPath` is how errors name it. */
export function loadDeviceProfile(path: string, shownPath = path): DeviceProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FlopscopeError('device', `device profile ${shownPath}: ${code === 'ENOENT' ? 'no such file (write one with flopscope calibrate -o FILE)' : (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(withoutByteOrderMark(text));
  } catch (e) {
    throw new FlopscopeError('device', `device profile ${shownPath}: not valid JSON (${(e as Error).message})`);
  }
  return parseDeviceProfile(raw, shownPath);
}
