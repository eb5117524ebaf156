// What-if benchmarks (issues 4 and 13): configurations analysed per second in a sweep of every SE
// option of se_resnet50, and the time to produce `formula resnet152` (in-process warm, and as a
// fresh CLI process next to Node's own start-up).
import { zooArchitecture } from '../src/zoo.js';
import { resolveOptions } from '../src/dsl/family.js';
import { formula } from '../src/whatif/formula.js';
import { whatIf } from '../src/whatif/what-if.js';
import { BIN, coldProcesses, fmtMs, median, ROOT, type BenchFigure } from './measure.js';

/** 5 x 6 x 3 x 4 x 4 = 1,440 configurations, every SE option of the resnet family. */
const SE_SWEEP = {
  reduction: [2, 4, 8, 16, 32],
  se_stages: [[1], [2], [3], [4], [1, 2, 3], [1, 2, 3, 4]],
  squeeze: ['avg', 'max', 'none'],
  gate: ['sigmoid', 'hardsigmoid', 'tanh', 'relu'],
  se_position: ['standard', 'pre', 'post', 'identity'],
};

interface Rate {
  /** Configurations per second of wall time. */
  readonly perSecond: number;
  /** Per second of this process's CPU time (steadier on a shared machine). */
  readonly perCpuSecond: number;
}

function sweepOnce(): Rate & { configs: number } {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const configs = whatIf('se_resnet50', { sweep: SE_SWEEP, convention: 'paper' }).rows.length;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { configs, perSecond: configs / seconds, perCpuSecond: configs / ((cpu.user + cpu.system) / 1e6) };
}

/**
 * The first sweep in this process (the JIT still compiling), then the median of `runs` more.
 * Each sweep starts from nothing: every whatIf call analyses its configurations afresh.
 */
function sweepRates(runs: number): { first: Rate; steady: Rate; configs: number } {
  const first = sweepOnce();
  const rest = Array.from({ length: runs }, sweepOnce);
  return {
    first,
    steady: { perSecond: median(rest.map((r) => r.perSecond)), perCpuSecond: median(rest.map((r) => r.perCpuSecond)) },
    configs: first.configs,
  };
}

/** The floor under any sweep: the family's own code building one configuration's module tree. */
function familyBuildMs(samples = 2000): number {
  const arch = zooArchitecture('se_resnet50');
  const options = resolveOptions(arch, {});
  for (let i = 0; i < 500; i++) arch.family.build(options);
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < samples; i++) arch.family.build(options);
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1000 / samples;
}

async function formulaWarmMs(runs: number): Promise<number> {
  await formula('resnet152'); // loads mathjs once
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await formula('resnet152');
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(samples);
}

const rate = (r: Rate): string => `${Math.round(r.perSecond).toLocaleString('en-US')} configs/s (${Math.round(r.perCpuSecond).toLocaleString('en-US')} per CPU-second)`;

export async function benchWhatIf(): Promise<BenchFigure[]> {
  const sweepRuns = 5;
  const sweep = sweepRates(sweepRuns);
  const build = familyBuildMs();
  const warm = await formulaWarmMs(7);
  const bin = BIN;
  const [bare, cold, coldNoCheck] = coldProcesses([
    { command: process.execPath, args: ['-e', '1'] },
    { command: process.execPath, args: [bin, 'formula', 'resnet152'] },
    { command: process.execPath, args: [bin, 'formula', 'resnet152', '--no-check'] },
  ], 7, ROOT);
  return [
    {
      name: `whatif se_resnet50 sweep (${sweep.configs.toLocaleString('en-US')} configurations, every SE option; median of ${sweepRuns} after one)`,
      value: rate(sweep.steady),
      target: '>= 10,000 configs/s',
      ok: sweep.steady.perSecond >= 10_000,
    },
    { name: '  same, the first sweep in the process (JIT warming up)', value: rate(sweep.first) },
    { name: '  floor: se_resnet50 family build alone (module tree of one configuration)', value: `${fmtMs(build)} CPU (at most ${Math.round(1000 / build).toLocaleString('en-US')} configs/s)` },
    { name: 'formula resnet152 (in-process, mathjs loaded, checks included)', value: fmtMs(warm) },
    {
      name: 'node bin/flopscope.js formula resnet152 (cold process, mathjs check included)',
      value: `${fmtMs(cold.ms)} (node -e 1: ${fmtMs(bare.ms)}), peak RSS ${cold.peakMB.toFixed(0)} MB`,
      target: '< 500 ms',
      ok: cold.ms < 500 && cold.status === 0,
    },
    { name: 'node bin/flopscope.js formula resnet152 --no-check (cold process, mathjs not loaded)', value: fmtMs(coldNoCheck.ms) },
  ];
}

// `node dist/bench/whatif.js` prints the figures.
if (process.argv[1]?.endsWith('whatif.js')) {
  for (const f of await benchWhatIf()) console.log(`${f.name}: ${f.value}${f.target ? ` (target ${f.target}: ${f.ok ? 'ok' : 'MISSED'})` : ''}`);
}
