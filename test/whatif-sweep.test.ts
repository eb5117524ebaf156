// Sweep parsing, expansion and refusals, and the equality of every row with a `report` run.
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../src/cli/capture.js';
import { FlopscopeError } from '../src/errors.js';
import { zooArchitecture } from '../src/zoo.js';
import { configurations, countConfigurations, parseSweep, MAX_CONFIGURATIONS } from '../src/whatif/sweep.js';
import { whatIf } from '../src/whatif/what-if.js';

const cli = (...argv: string[]) => runCaptured(argv);

const se50 = zooArchitecture('se_resnet50');

function errorOf(f: () => unknown): FlopscopeError {
  try {
    f();
  } catch (e) {
    if (e instanceof FlopscopeError) return e;
    throw e;
  }
  throw new Error('expected a FlopscopeError');
}

describe('parseSweep', () => {
  it("splits scalar values on ',' and checks their type", () => {
    expect(parseSweep(se50, 'reduction=2,4,8')).toEqual({ key: 'reduction', values: [2, 4, 8] });
    expect(parseSweep(se50, 'squeeze=avg,none').values).toEqual(['avg', 'none']);
    expect(parseSweep(se50, 'se=true,false').values).toEqual([true, false]);
  });

  it("splits list options on '/', with 'none' for the empty list", () => {
    expect(parseSweep(se50, 'se_stages=1,2,3/1,2,3,4/none/4').values).toEqual([[1, 2, 3], [1, 2, 3, 4], [], [4]]);
  });

  it('takes a bare resolution as 1x3xRxR and full shapes as they are', () => {
    expect(parseSweep(se50, 'input=160,2x3x192x200').values).toEqual(['1x3x160x160', '2x3x192x200']);
  });

  it('refuses unknown options, listing the valid ones (input included)', () => {
    const e = errorOf(() => parseSweep(se50, 'reductoin=2'));
    expect(e.message).toMatch(/unknown option 'reductoin'.*valid options: .*reduction.*se_stages.*input/);
  });

  it('refuses a value of the wrong type, naming the option and the value', () => {
    expect(errorOf(() => parseSweep(se50, 'reduction=2,x')).message).toMatch(/option 'reduction' expects an integer, received "x"/);
    expect(errorOf(() => parseSweep(se50, 'se_stages=1,2/5')).message).toMatch(/option 'se_stages' must be between 1 and 4/);
    expect(errorOf(() => parseSweep(se50, 'squeeze=mean')).message).toMatch(/expects avg\|max\|none, received "mean"/);
  });

  it('refuses empty values and a missing =', () => {
    expect(errorOf(() => parseSweep(se50, 'reduction=2,,4')).message).toMatch(/empty value/);
    expect(errorOf(() => parseSweep(se50, 'reduction')).message).toMatch(/key=v1,v2/);
  });
});

describe('configurations', () => {
  it('is the cartesian product, the first axis varying slowest', () => {
    const axes = [{ key: 'a', values: [1, 2] }, { key: 'b', values: ['x', 'y', 'z'] }];
    const all = [...configurations(axes)];
    expect(all).toHaveLength(6);
    expect(all.map((c) => `${c.a}${c.b}`)).toEqual(['1x', '1y', '1z', '2x', '2y', '2z']);
    expect([...configurations([])]).toEqual([{}]);
  });

  it(`refuses more than ${MAX_CONFIGURATIONS.toLocaleString('en-US')} configurations and says how many`, () => {
    const axes = [10, 10, 10, 10, 11].map((n, i) => ({ key: `k${i}`, values: Array.from({ length: n }, (_, j) => j) }));
    expect(errorOf(() => countConfigurations(axes)).message).toMatch(/110,000 configurations \(10 k0 x 10 k1 x 10 k2 x 10 k3 x 11 k4\); the limit is 100,000/);
    expect(countConfigurations(axes.slice(0, 4))).toBe(10_000);
  });
});

describe('whatIf', () => {
  it('defaults the baseline to the model with its own options', () => {
    const r = whatIf('se_resnet50', { sweep: { reduction: [16, 8] } });
    expect(r.baseline.model).toBe('se_resnet50');
    expect(r.rows[0].delta.params).toEqual({ absolute: 0, percent: 0 });
    expect(r.rows[1].delta.params!.absolute).toBe(Number(r.rows[1].totals.params) - Number(r.baseline.totals.params));
  });

  it('names the configuration and the layer when a value does not fit the architecture', () => {
    const e = errorOf(() => whatIf('se_resnet50', { sweep: { reduction: [16, 512] } }));
    expect(e.message).toMatch(/^configuration reduction=512: layer 'layer1\.0\.se\.fc1': reduction 512 leaves no channels: 256 channels \/ 512 < 1/);
  });

  it('refuses an option both set and swept, or swept twice', () => {
    expect(errorOf(() => whatIf('se_resnet50', { sweep: { reduction: [2] }, set: { reduction: 4 } })).message).toMatch(/both set and swept/);
    expect(errorOf(() => whatIf('se_resnet50', { sweep: [{ key: 'reduction', values: [2] }, { key: 'reduction', values: [4] }] })).message).toMatch(/swept twice/);
  });

  it('refuses an unknown --set option, listing the valid ones', () => {
    expect(errorOf(() => whatIf('se_resnet50', { set: { ratio: 4 } })).message).toMatch(/unknown option 'ratio' for se_resnet50.*valid options: depth, /);
  });
});

describe('sweep rows equal individual report runs', () => {
  it('se_resnet50: reduction x se_stages x input, every total identical to `flopscope report --set ...`', async () => {
    const { code, stdout } = await cli('whatif', 'se_resnet50', '--sweep', 'reduction=4,32', '--sweep', 'se_stages=1,2/none', '--sweep', 'input=160,1x3x193x255', '--convention', 'paper', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.schema).toBe('flopscope.whatif/1');
    expect(json.rows).toHaveLength(8);
    for (const row of json.rows) {
      const stages = row.set.se_stages.length ? row.set.se_stages.join(',') : 'none';
      const report = await cli('report', 'se_resnet50', '--set', `reduction=${row.set.reduction}`, '--set', `se_stages=${stages}`, '--input', row.set.input, '--convention', 'paper', '--format', 'json');
      expect(report.code).toBe(0);
      expect(row.totals).toEqual(JSON.parse(report.stdout).totals);
    }
    const base = await cli('report', 'se_resnet50', '--convention', 'paper', '--format', 'json');
    expect(json.baseline.totals).toEqual(JSON.parse(base.stdout).totals);
  });
});
