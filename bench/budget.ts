// Benchmarks of `flopscope check`, each from a cold process (the way CI runs it): ten zoo budgets
// (target under 1 s), and one user TypeScript file whose budget fails, so the file is loaded with
// jiti and its top layers are located with ts-morph (target under 2 s). The user-file figure is
// given twice: with flopscope's transform cache warm (every run after the first on a machine),
// and with it emptied (the first run: babel is loaded and the file transformed).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, coldProcess, fmtMs, ROOT, withEmptyCache, type BenchFigure } from './measure.js';

const ZOO_BUDGETS = ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'resnet50_v1', 'se_resnet50', 'se_resnet101', 'resnext50_32x4d', 'se_resnext50_32x4d'];

function figure(name: string, ms: number, targetMs: number, status: number | null, expected: number): BenchFigure {
  if (status !== expected) throw new Error(`bench/budget: '${name}' exited ${status}, expected ${expected}`);
  return { name, value: fmtMs(ms), target: `< ${targetMs} ms`, ok: ms < targetMs };
}

export async function benchBudget(runs = 5): Promise<BenchFigure[]> {
  const root = ROOT;
  const bin = BIN;
  mkdirSync(join(root, '.flopscope-tmp'), { recursive: true });
  // Inside the repository, so the user file's `import 'flopscope'` resolves.
  const dir = mkdtempSync(join(root, '.flopscope-tmp', 'bench-'));
  try {
    const zooConfig = join(dir, 'zoo.config.json');
    writeFileSync(zooConfig, JSON.stringify({ budgets: ZOO_BUDGETS.map((model) => ({ name: model, model, limits: { macs: '20 G', params: '100 M' } })) }, null, 2));
    const userConfig = join(dir, 'user.config.json');
    const model = join(root, 'examples', 'ci', 'models', 'mobile.ts');
    // A limit the model exceeds: the check then locates its top layers in the source.
    writeFileSync(userConfig, JSON.stringify({ budgets: [{ name: 'mobile', model: `${model}#mobile`, limits: { macs: '10 M' } }] }, null, 2));
    const zoo = coldProcess(process.execPath, [bin, 'check', '--config', zooConfig], runs, root);
    const firstSamples: number[] = [];
    let firstStatus: number | null = null;
    for (let i = 0; i < Math.min(runs, 3); i++) {
      // A fresh cache folder: the transform cache (with the rest of flopscope's caches) empty.
      const r = withEmptyCache((env) => coldProcess(process.execPath, [bin, 'check', '--config', userConfig], 1, root, { env }));
      firstSamples.push(r.ms);
      firstStatus = r.status;
    }
    const warm = coldProcess(process.execPath, [bin, 'check', '--config', userConfig], runs, root);
    const first = [...firstSamples].sort((a, b) => a - b)[Math.floor(firstSamples.length / 2)];
    return [
      figure('check: ten zoo budgets, cold process', zoo.ms, 1000, zoo.status, 0),
      figure('check: one user .ts file + source locations, cold process', warm.ms, 2000, warm.status, 1),
      figure('  same, transform cache empty (first run on a machine)', first, 2000, firstStatus, 1),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
