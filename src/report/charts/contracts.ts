// The JSON objects the charts are drawn from: the same objects `--format json` prints
// (flopscope.report/1, compare/1, whatif/1, profile/1, check/1). Only the fields the charts read
// are listed; the views that make them are the one source of the numbers.
import type { JsonCount } from './format.js';

export interface ReportLayerDoc {
  readonly name: string;
  readonly op: string;
  readonly stage: string;
  readonly tags?: readonly string[];
  readonly outputShape: readonly (number | string)[];
  readonly params: JsonCount;
  readonly macs: JsonCount;
  readonly flops: JsonCount;
  readonly activationBytes: JsonCount;
  readonly trafficBytes: JsonCount;
  readonly arithmeticIntensity: number | null;
  /** With --device: the layer's predicted seconds (0 when it runs inside another layer's kernel). */
  readonly predictedSeconds?: number;
  readonly bound?: 'compute' | 'memory';
  /** The layer whose kernel this one runs in (fused), with --device. */
  readonly fusedInto?: string;
}

export interface ReportDoc {
  readonly model: string;
  readonly input: readonly (number | string)[];
  readonly dtype: string;
  readonly convention: string;
  readonly conventionRule: string;
  readonly totals: Readonly<Record<string, JsonCount | null>>;
  readonly ignored: readonly { readonly op: string; readonly layers: number }[];
  /** Nodes of an imported file left out (--allow-unknown), and the file's notes. */
  readonly uncounted?: readonly UncountedDoc[];
  readonly notes?: readonly string[];
  readonly layers: readonly ReportLayerDoc[];
  /** With --device: the device profile's name; totals.predictedSeconds is then present. */
  readonly device?: string;
  /** With --device, for a model with SE blocks: their predicted seconds and shares of time and FLOPs. */
  readonly se?: { readonly predictedSeconds: number; readonly timeShare: number; readonly flopsShare: number };
}

export interface UncountedDoc {
  readonly name: string;
  readonly opType: string;
}

export interface CompareDoc {
  readonly convention: string;
  readonly conventionRule: string;
  readonly dtype: string;
  readonly reports: readonly { readonly model: string; readonly input: readonly (number | string)[]; readonly totals: Readonly<Record<string, JsonCount | null>>; readonly uncounted?: readonly UncountedDoc[]; readonly notes?: readonly string[] }[];
  /** Present with --by (compareGroupsJson). */
  readonly by?: string;
  readonly groups?: readonly { readonly model: string; readonly rows: readonly { readonly name: string; readonly params: JsonCount; readonly macs: JsonCount; readonly flops: JsonCount; readonly predictedSeconds?: number }[] }[];
}

export interface WhatIfDoc {
  readonly model: string;
  readonly convention: string;
  readonly conventionRule: string;
  readonly dtype: string;
  readonly swept: readonly string[];
  readonly fixed: Readonly<Record<string, unknown>>;
  /** Nodes of an imported model left out (--allow-unknown). */
  readonly uncounted?: readonly UncountedDoc[];
  readonly baseline: { readonly model: string; readonly input: readonly (number | string)[]; readonly totals: Readonly<Record<string, JsonCount | null>> };
  readonly rows: readonly { readonly set: Readonly<Record<string, unknown>>; readonly input: readonly (number | string)[]; readonly totals: Readonly<Record<string, JsonCount | null>> }[];
  /** With --device: the device profile's name; every row's and the baseline's totals.predictedSeconds is then present. */
  readonly device?: string;
}

export interface ProfileRowDoc {
  readonly name: string;
  readonly op: string;
  readonly layers: number;
  readonly medianMs: number;
  readonly flops: JsonCount;
  readonly trafficBytes: JsonCount;
  readonly gflopsPerSecond: number | null;
  readonly intensity: number | null;
  readonly timeShare: number | null;
  readonly flopsShare: number | null;
  /** Per layer: part of an SE block. */
  readonly se?: boolean;
}

export interface ProfileDoc {
  readonly model: string;
  readonly input: readonly number[];
  readonly backend: string;
  readonly runs: number;
  readonly convention: string;
  readonly totalMs: number;
  readonly totalFlops: JsonCount;
  readonly se?: { readonly layers: number; readonly timeShare: number; readonly flopsShare: number };
  readonly layers: readonly ProfileRowDoc[];
  readonly ops: readonly ProfileRowDoc[];
}

/** The roofline's two ceilings and where they come from. */
export interface Ceilings {
  readonly peakFlopsPerSecond: number;
  readonly bandwidthBytesPerSecond: number;
  /** One line: how they were obtained ('measured on this machine: ...' or 'device file ...'). */
  readonly source: string;
}

export interface CheckBudgetDoc {
  readonly name: string;
  readonly model: string;
  readonly status: string;
  readonly convention: string;
  readonly checks: readonly { readonly metric: string; readonly kind: string; readonly passed: boolean; readonly value: JsonCount; readonly limit?: JsonCount; readonly baseline?: JsonCount; readonly message: string }[];
}
