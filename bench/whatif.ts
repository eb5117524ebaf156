// What-if benchmarks (issue 4): configurations analysed per second in a sweep of se_resnet50, and
// the time to produce `formula resnet152` (in-process warm, and as a fresh CLI process).
import { fileURLToPath } from 'node:url';
import { formula } from '../src/whatif/formula.js';
import { whatIf } from '../src/whatif/what-if.js';
import { coldProcess, fmtMs, median, type BenchFigure } from './measure.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** 5 x 6 x 3 x 4 x 4 = 1,440 configurations, every SE option of the resnet family. */
const SE_SWEEP = {
  reduction: [2, 4, 8, 16, 32],
  se_stages: [[1], [2], [3], [4], [1, 2, 3], [1, 2, 3, 4]],
  squeeze: ['avg', 'max', 'none'],
  gate: ['sigmoid', 'hardsigmoid', 'tanh', 'relu'],
  se_position: ['standard', 'pre', 'post', 'identity'],
};

/** Median configurations per second of wall time, and per second of this process's CPU time
 * (the second is steadier on a shared machine). */
function sweepRate(runs: number): { perSecond: number; perCpuSecond: number; configs: number } {
  whatIf('se_resnet50', { sweep: { reduction: [4, 8, 16], squeeze: ['avg', 'none'] } }); // warm-up
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let configs = 0;
  for (let i = 0; i < runs; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    configs = whatIf('se_resnet50', { sweep: SE_SWEEP, convention: 'paper' }).rows.length;
    rates.push(configs / (Number(process.hrtime.bigint() - t0) / 1e9));
    const cpu = process.cpuUsage(cpu0);
    cpuRates.push(configs / ((cpu.user + cpu.system) / 1e6));
  }
  return { perSecond: median(rates), perCpuSecond: median(cpuRates), configs };
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

export async function benchWhatIf(): Promise<BenchFigure[]> {
  const sweep = sweepRate(3);
  const warm = await formulaWarmMs(7);
  const cold = coldProcess(process.execPath, [`${ROOT}bin/flopscope.js`, 'formula', 'resnet152'], 5, ROOT);
  const coldNoCheck = coldProcess(process.execPath, [`${ROOT}bin/flopscope.js`, 'formula', 'resnet152', '--no-check'], 5, ROOT);
  return [
    {
      name: `whatif se_resnet50 sweep (${sweep.configs.toLocaleString('en-US')} configurations, totals per configuration)`,
      value: `${Math.round(sweep.perSecond).toLocaleString('en-US')} configs/s (${Math.round(sweep.perCpuSecond).toLocaleString('en-US')} per CPU-second)`,
      target: '>= 2,000 configs/s',
      ok: sweep.perSecond >= 2000,
    },
    { name: 'formula resnet152 (in-process, mathjs loaded, checks included)', value: fmtMs(warm) },
    {
      name: 'node bin/flopscope.js formula resnet152 (cold process, mathjs load included)',
      value: `${fmtMs(cold.ms)}, peak RSS ${cold.peakMB.toFixed(0)} MB`,
      target: '< 1 s',
      ok: cold.ms < 1000 && cold.status === 0,
    },
    { name: 'node bin/flopscope.js formula resnet152 --no-check (cold process, mathjs not loaded)', value: fmtMs(coldNoCheck.ms) },
  ];
}
