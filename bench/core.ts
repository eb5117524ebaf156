// Core benchmarks (issues 2 and 13): in-process analysis time per zoo model, resolution
// independence, and the cold CLI next to Node's own start-up.
import { ZOO } from '../architectures/index.js';
import { analyze } from '../src/cost/analyze.js';
import { buildArchitecture } from '../src/zoo.js';
import { BIN, coldProcess, coldProcesses, fmtMs, ROOT, timeMs, timePairMs, type BenchFigure } from './measure.js';

function analysis(name: string, input?: string): () => unknown {
  const arch = ZOO.find((a) => a.name === name);
  if (!arch) throw new Error(`no zoo model ${name}`);
  return () => analyze(buildArchitecture(arch, input ? { input } : {}));
}

export async function benchCore(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const arch of ZOO) {
    const ms = timeMs(analysis(arch.name));
    const target = arch.name === 'resnet152' ? 2 : undefined;
    figures.push({ name: `analyse ${arch.name} (build + shapes + costs, warm)`, value: fmtMs(ms), ...(target ? { target: `< ${target} ms`, ok: ms < target } : {}) });
  }
  const [at224, at4096] = timePairMs(analysis('resnet50', '1x3x224x224'), analysis('resnet50', '1x3x4096x4096'));
  const ratio = at4096 / at224;
  figures.push({ name: 'resnet50 at 4096x4096 vs 224x224 (time ratio)', value: `${ratio.toFixed(2)}x (${fmtMs(at4096)} vs ${fmtMs(at224)})`, target: '<= 1.2x', ok: ratio <= 1.2 });
  const bin = BIN;
  // Node's own start-up measured alongside, runs interleaved: the target is what flopscope adds.
  const [bare, cold] = coldProcesses([
    { command: process.execPath, args: ['-e', '1'] },
    { command: process.execPath, args: [bin, 'report', 'resnet50', '--format', 'json'] },
  ], 7, ROOT);
  figures.push({ name: 'node -e 1 (cold process, for comparison)', value: fmtMs(bare.ms) });
  figures.push({
    name: 'node bin/flopscope.js report resnet50 --format json (cold process)',
    value: `${fmtMs(cold.ms)} (node -e 1 + ${fmtMs(cold.ms - bare.ms)}), peak RSS ${cold.peakMB.toFixed(0)} MB`,
    target: '<= node -e 1 + 60 ms',
    ok: cold.ms - bare.ms <= 60 && cold.status === 0,
  });
  const viaNpx = coldProcess('npx', ['--offline', 'flopscope', 'report', 'resnet50', '--format', 'json'], 3, ROOT);
  figures.push({ name: 'npx flopscope report resnet50 --format json (cold, includes npx start-up)', value: fmtMs(viaNpx.ms) });
  return figures;
}
