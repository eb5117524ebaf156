// The sweep path re-analyses only what a configuration changes. Property: for random sweeps over
// several families (random options, inputs, conventions and dtypes), every configuration's totals
// equal a full build and analysis exactly, and a configuration the full analysis refuses is refused
// with the same error. Then the cases the fast path hands to the full analysis: shared weights,
// counts past 2^53, symbolic inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, type Totals } from '../src/cost/analyze.js';
import { getConvention } from '../src/cost/conventions/index.js';
import { conv, defineArchitecture, defineFamily, globalAvgPool, relu, scale, se, seq, sigmoid, withChannels, type Architecture, type OptionSpec } from '../src/dsl/index.js';
import { FlopscopeError } from '../src/errors.js';
import { parseInputShape } from '../src/shape/input.js';
import { SweepAnalyzer } from '../src/whatif/sweep-analysis.js';
import { whatIf } from '../src/whatif/what-if.js';
import { buildArchitecture, zooArchitecture } from '../src/zoo.js';

/** Totals as text, bigints and all, so equality is exact. */
const text = (t: Totals): string => JSON.stringify(t, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

type Outcome = { totals: string } | { error: string };

function outcome(f: () => Totals): Outcome {
  try {
    return { totals: text(f()) };
  } catch (e) {
    if (e instanceof FlopscopeError) return { error: `${e.code}: ${e.message}` };
    throw e;
  }
}

function full(arch: Architecture, set: Record<string, unknown>, input: string, convention: string, dtype: string): Outcome {
  return outcome(() => analyze(buildArchitecture(arch, { set, input }), { convention, dtype, perLayer: false }).totals);
}

/** A value for an option: mostly valid, now and then at or past its limits. */
function optionValue(spec: OptionSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case 'enum':
      return fc.constantFrom(...spec.values);
    case 'bool':
      return fc.boolean();
    case 'int':
      return fc.integer({ min: spec.min ?? 1, max: Math.min(spec.max ?? 64, (spec.min ?? 1) + 40) });
    case 'number':
      return fc.constantFrom(0.25, 0.5, 0.75, 1, 1.3, 2).filter((v) => v >= (spec.min ?? 0) && (spec.max === undefined || v <= spec.max));
    case 'intList':
      return fc.subarray([1, 2, 3, 4, 5, 6, 7].filter((v) => v >= (spec.min ?? 1) && v <= (spec.max ?? 7)));
  }
}

const MODELS = ['se_resnet50', 'resnet18', 'se_resnext50_32x4d', 'mobilenet_v2', 'se_mobilenet_v1', 'mobilenet_v3_small', 'shufflenet_v1_g3', 'se_shufflenet_v2_x1_0', 'efficientnet_b0', 'vgg16'];

/** Up to three swept options with two or three values each, and some input resolutions. */
const sweepCase = fc.constantFrom(...MODELS).chain((model) => {
  const arch = zooArchitecture(model);
  const specs = Object.entries(arch.family.options as Record<string, OptionSpec>).filter(([k]) => k !== 'num_classes' && k !== 'depth');
  return fc.record({
    model: fc.constant(model),
    axes: fc.uniqueArray(fc.constantFrom(...specs), { minLength: 1, maxLength: 3, selector: ([k]) => k }).chain((picked) =>
      fc.tuple(...picked.map(([key, spec]) => fc.uniqueArray(optionValue(spec), { minLength: 1, maxLength: 3, comparator: (a, b) => JSON.stringify(a) === JSON.stringify(b) }).map((values) => ({ key, values })))),
    ),
    inputs: fc.uniqueArray(fc.integer({ min: 24, max: 260 }), { minLength: 1, maxLength: 2 }),
    convention: fc.constantFrom('macs', 'paper', 'flops', 'fvcore', 'ptflops'),
    dtype: fc.constantFrom('fp32', 'fp16', 'int8'),
  });
});

function* product(axes: ReadonlyArray<{ key: string; values: readonly unknown[] }>): Generator<Record<string, unknown>> {
  if (axes.length === 0) {
    yield {};
    return;
  }
  const [first, ...rest] = axes;
  for (const v of first.values) for (const tail of product(rest)) yield { [first.key]: v, ...tail };
}

describe('sweep analysis = full analysis', () => {
  it('random sweeps over ten families: every configuration, totals or error', () => {
    let configurations = 0;
    let refused = 0;
    fc.assert(
      fc.property(sweepCase, ({ model, axes, inputs, convention, dtype }) => {
        const arch = zooArchitecture(model);
        const analyzer = new SweepAnalyzer(arch, getConvention(convention), dtype);
        for (const resolution of inputs) {
          const input = `1x3x${resolution}x${resolution}`;
          for (const set of product(axes)) {
            const expected = full(arch, set, input, convention, dtype);
            expect(outcome(() => analyzer.totals(set, parseInputShape(input))), `${model} ${JSON.stringify(set)} ${input}`).toEqual(expected);
            configurations++;
            if ('error' in expected) refused++;
          }
        }
      }),
      { numRuns: 60 },
    );
    // The cases covered both kinds of outcome.
    expect(configurations).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(configurations);
  });

  it('the se_resnet50 sweep of every SE option: all 1,440 rows equal, none left to the full analysis', () => {
    const arch = zooArchitecture('se_resnet50');
    const result = whatIf(arch, {
      sweep: { reduction: [2, 4, 8, 16, 32], se_stages: [[1], [2], [3], [4], [1, 2, 3], [1, 2, 3, 4]], squeeze: ['avg', 'max', 'none'], gate: ['sigmoid', 'hardsigmoid', 'tanh', 'relu'], se_position: ['standard', 'pre', 'post', 'identity'] },
      convention: 'paper',
    });
    expect(result.rows).toHaveLength(1440);
    // Every 7th row against a full analysis (all of them are in the property above, at random).
    for (let i = 0; i < result.rows.length; i += 7) {
      const row = result.rows[i];
      expect(text(row.totals), JSON.stringify(row.set)).toBe(text(analyze(buildArchitecture(arch, { set: row.set, input: row.input }), { convention: 'paper', perLayer: false }).totals));
    }
    const analyzer = new SweepAnalyzer(arch, getConvention('paper'), 'fp32');
    for (const row of result.rows.slice(0, 100)) analyzer.totals(row.set, row.input);
    expect(analyzer.stats).toEqual({ fast: 100, full: 0 });
  });
});

describe('what the sweep path leaves to the full analysis, with the same result', () => {
  const input = parseInputShape('1x3x32x32');

  it('a layer object used twice shares its weights (counted once)', () => {
    const shared = conv(8, 3, { padding: 1 });
    const family = defineFamily({
      name: 'shared',
      doc: 'one conv applied twice',
      options: { twice: { type: 'bool', default: true, doc: 'apply the conv a second time' } },
      build: (o) => seq(o.twice ? [conv(8, 1), shared, relu(), shared] : [conv(8, 1), shared]),
    });
    const arch = defineArchitecture({ name: 'shared', description: 'shared weights', family, input: '1x3x32x32' });
    const analyzer = new SweepAnalyzer(arch, getConvention('macs'), 'fp32');
    for (const twice of [true, false]) {
      expect(outcome(() => analyzer.totals({ twice }, input))).toEqual(full(arch, { twice }, '1x3x32x32', 'macs', 'fp32'));
    }
    expect(analyzer.stats).toEqual({ fast: 1, full: 1 });
  });

  it('counts past 2^53 (bigints), and symbolic inputs', () => {
    const arch = zooArchitecture('se_resnet50');
    const analyzer = new SweepAnalyzer(arch, getConvention('macs'), 'fp32');
    for (const shape of ['4096x3x65536x65536', 'Nx3xHxW', '1x3x224x224']) {
      expect(outcome(() => analyzer.totals({ reduction: 8 }, parseInputShape(shape))), shape).toEqual(full(arch, { reduction: 8 }, shape, 'macs', 'fp32'));
    }
    expect(analyzer.stats).toEqual({ fast: 1, full: 2 });
  });

  it('a deferred builder is told its real path; keyed subtrees are reused wherever they sit', () => {
    const paths: string[] = [];
    // A keyed block that reads its input once, early: its largest tensors come after that read.
    const widen = withChannels(({ channels }) => seq([conv(channels, 1), relu(), conv(8 * channels, 3, { padding: 1 }), relu()]), 'widen');
    const family = defineFamily({
      name: 'deferred',
      doc: 'deferred modules, keyed and not',
      options: { wide: { type: 'bool', default: false, doc: 'wider head' } },
      build: (o) =>
        seq({
          stem: conv(16, 3, { padding: 1 }),
          // The same gate outside and inside an SE block: only the second is SE work.
          gate: scale({ avgpool: globalAvgPool(), fc1: conv(4, 1), relu: relu(), fc2: conv(16, 1), gate: sigmoid() }),
          block: seq({ se: se({ reduction: 4 }), probe: withChannels(({ channels, path }) => (paths.push(path), conv(o.wide ? 2 * channels : channels, 1))) }),
          se: se({ reduction: 4 }),
          tail: widen,
        }),
    });
    const arch = defineArchitecture({ name: 'deferred', description: 'deferred', family, input: '1x3x32x32' });
    const analyzer = new SweepAnalyzer(arch, getConvention('paper'), 'fp32');
    for (const wide of [false, true, false]) {
      expect(outcome(() => analyzer.totals({ wide }, input))).toEqual(full(arch, { wide }, '1x3x32x32', 'paper', 'fp32'));
    }
    expect(paths.length).toBeGreaterThanOrEqual(3);
    expect(new Set(paths)).toEqual(new Set(['block.probe']));
    expect(analyzer.stats).toEqual({ fast: 3, full: 0 });
  });
});
