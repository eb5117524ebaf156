// whatIf: one cost report per configuration of a sweep, each with its delta against a baseline
// (by default the model with its own options). Each row is exactly what `report` gives for that
// model with those `--set` values; only the totals are kept, so large sweeps stay small in memory.
import { analyze, type Totals } from '../cost/analyze.js';
import { getConvention, type Convention, type ConventionName } from '../cost/conventions/index.js';
import type { DtypeName } from '../cost/dtype.js';
import { optionSpec, parseOption, resolveOptions, unknownOptionError, type Architecture } from '../dsl/family.js';
import { FlopscopeError } from '../errors.js';
import type { UncountedNode } from '../ir/graph.js';
import type { Shape } from '../shape/dim.js';
import { parseInputShape } from '../shape/input.js';
import { optionValueText } from '../report/option-value.js';
import { buildArchitecture, lookupArchitecture, type ZooName } from '../zoo.js';
import { totalsDelta, type TotalsDelta } from './delta.js';
import { SweepAnalyzer } from './sweep-analysis.js';
import { checkAxes, configurations, INPUT_KEY, makeAxis, type Configuration, type SweepAxis } from './sweep.js';

export interface WhatIfOptions {
  /** Values per option, e.g. { reduction: [2, 4, 8], se_stages: [[1, 2, 3], []], input: [160, 224] }. */
  readonly sweep?: Readonly<Record<string, readonly unknown[]>> | readonly SweepAxis[];
  /** Options fixed for every configuration (not applied to the baseline). */
  readonly set?: Readonly<Record<string, unknown>>;
  /** Model to compare against; by default the swept model with its own options. */
  readonly baseline?: ZooName | Architecture;
  /** Input of the baseline and of every configuration that does not sweep `input`. */
  readonly input?: string | Shape;
  readonly convention?: ConventionName | Convention;
  readonly dtype?: DtypeName;
}

export interface WhatIfBaseline {
  readonly model: string;
  readonly input: Shape;
  readonly totals: Totals;
  readonly family?: string;
  /** The baseline's options in force. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Nodes of an imported baseline left out (--allow-unknown). */
  readonly uncounted?: readonly UncountedNode[];
}

export interface WhatIfRow {
  /** The fixed and swept option values of this configuration (input as its shape text). */
  readonly set: Readonly<Record<string, unknown>>;
  readonly input: Shape;
  readonly totals: Totals;
  readonly delta: TotalsDelta;
}

export interface WhatIfResult {
  readonly model: string;
  readonly convention: Convention;
  readonly dtype: DtypeName;
  /** Swept keys in order, then the fixed ones. */
  readonly sweptKeys: readonly string[];
  readonly fixed: Readonly<Record<string, unknown>>;
  readonly baseline: WhatIfBaseline;
  readonly rows: readonly WhatIfRow[];
  readonly family: string;
  /** Every option of the model in force before sweeping (defaults, its own, the fixed ones). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Nodes of an imported model that no configuration counts (--allow-unknown). */
  readonly uncounted?: readonly UncountedNode[];
}

function resolveModel(model: ZooName | Architecture): Architecture {
  return typeof model === 'string' ? lookupArchitecture(model) : model;
}

function toAxes(arch: Architecture, sweep: WhatIfOptions['sweep']): SweepAxis[] {
  if (!sweep) return [];
  const list = Array.isArray(sweep) ? (sweep as readonly SweepAxis[]) : Object.entries(sweep).map(([key, values]) => ({ key, values }));
  return list.map((a) => makeAxis(arch, a.key, a.values));
}

function parseFixed(arch: Architecture, set: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(set)) {
    const spec = optionSpec(arch, key);
    if (!spec) throw unknownOptionError(arch, key, [INPUT_KEY]);
    out[key] = parseOption(key, spec, value);
  }
  return out;
}

function inConfiguration<T>(config: Configuration, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof FlopscopeError)) throw e;
    const where = Object.entries(config).map(([k, v]) => `${k}=${optionValueText(v)}`).join(' ');
    throw new FlopscopeError(e.code, where ? `configuration ${where}: ${e.message}` : e.message, e.layer, e.site);
  }
}

export function whatIf(model: ZooName | Architecture, options: WhatIfOptions = {}): WhatIfResult {
  const arch = resolveModel(model);
  const convention = typeof options.convention === 'object' ? options.convention : getConvention(options.convention ?? 'macs');
  const dtype: DtypeName = options.dtype ?? 'fp32';
  const fixed = parseFixed(arch, options.set ?? {});
  const axes = toAxes(arch, options.sweep);
  checkAxes(axes, fixed);
  const baseInput: Shape = options.input === undefined ? parseInputShape(arch.input) : typeof options.input === 'string' ? parseInputShape(options.input) : options.input;

  const baseArch = options.baseline === undefined ? arch : resolveModel(options.baseline);
  const baseGraph = buildArchitecture(baseArch, { input: baseInput });
  const baseReport = analyze(baseGraph, { convention, dtype, perLayer: false });
  const baseline: WhatIfBaseline = {
    model: baseArch.name, input: baseInput, totals: baseReport.totals,
    ...(baseReport.family !== undefined ? { family: baseReport.family } : {}),
    ...(baseReport.options !== undefined ? { options: baseReport.options } : {}),
    ...(baseReport.uncounted?.length ? { uncounted: baseReport.uncounted } : {}),
  };
  // What the swept model leaves out (an imported file's nodes outside the catalogue) is the same in every configuration.
  const uncounted = baseArch === arch ? baseReport.uncounted : buildArchitecture(arch, { input: baseInput }).uncounted;

  const analyzer = new SweepAnalyzer(arch, convention, dtype);
  const rows: WhatIfRow[] = [];
  for (const swept of configurations(axes)) {
    const config = { ...swept, ...fixed };
    const { [INPUT_KEY]: inputText, ...set } = config;
    const input = typeof inputText === 'string' ? parseInputShape(inputText) : baseInput;
    const totals = inConfiguration(config, () => analyzer.totals(set, input));
    rows.push({ set: config, input, totals, delta: totalsDelta(baseline.totals, totals) });
  }
  return {
    model: arch.name, convention, dtype, sweptKeys: axes.map((a) => a.key), fixed, baseline, rows, family: arch.family.name, options: resolveOptions(arch, fixed),
    ...(uncounted?.length ? { uncounted } : {}),
  };
}
