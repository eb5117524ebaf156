// Benchmarks of `flopscope check`, each from a cold process (the way CI runs it):
// ten zoo budgets (target under 1 s), and one user TypeScript file whose budget fails, so the
// file is loaded with jiti and the top layers are located with ts-morph (target under 2 s).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BudgetBenchFigure {
  readonly name: string;
  /** Median wall-clock time of the runs, in milliseconds. */
  readonly ms: number;
  readonly targetMs: number;
  readonly runs: readonly number[];
  readonly exitCode: number | null;
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'bin', 'flopscope.js'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench/budget: cannot find bin/flopscope.js above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

const ZOO_BUDGETS = ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'resnet50_v1', 'se_resnet50', 'se_resnet101', 'resnext50_32x4d', 'se_resnext50_32x4d'];

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeCheck(root: string, config: string, runs: number): { runs: number[]; exitCode: number | null } {
  const times: number[] = [];
  let exitCode: number | null = null;
  const env = { ...process.env };
  for (const k of ['GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY']) delete env[k];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'bin', 'flopscope.js'), 'check', '--config', config], { cwd: root, env, encoding: 'utf8' });
    times.push(performance.now() - t0);
    exitCode = r.status;
    if (r.status === 2) throw new Error(`bench/budget: check failed to run: ${r.stderr}`);
  }
  return { runs: times, exitCode };
}

export async function benchBudget(runs = 3): Promise<BudgetBenchFigure[]> {
  const root = repoRoot();
  mkdirSync(join(root, '.flopscope-tmp'), { recursive: true });
  // Inside the repository, so the user file's `import 'flopscope'` resolves.
  const dir = mkdtempSync(join(root, '.flopscope-tmp', 'bench-'));
  try {
    const zooConfig = join(dir, 'zoo.config.json');
    writeFileSync(zooConfig, JSON.stringify({ budgets: ZOO_BUDGETS.map((model) => ({ name: model, model, limits: { macs: '20 G', params: '100 M' } })) }, null, 2));
    const userConfig = join(dir, 'user.config.json');
    const model = join(root, 'examples', 'ci', 'models', 'mobile.ts');
    // A limit the model exceeds: the report then locates its top layers in the source.
    writeFileSync(userConfig, JSON.stringify({ budgets: [{ name: 'mobile', model: `${model}#mobile`, limits: { macs: '10 M' } }] }, null, 2));
    const zoo = timeCheck(root, zooConfig, runs);
    const user = timeCheck(root, userConfig, runs);
    return [
      { name: 'check: ten zoo budgets, cold process', ms: median(zoo.runs), targetMs: 1000, runs: zoo.runs, exitCode: zoo.exitCode },
      { name: 'check: one user .ts file with source locations, cold process', ms: median(user.runs), targetMs: 2000, runs: user.runs, exitCode: user.exitCode },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node dist/bench/budget.js` prints the figures.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of await benchBudget()) {
    console.log(`${f.name}: ${f.ms.toFixed(0)} ms (target < ${f.targetMs} ms; runs ${f.runs.map((t) => t.toFixed(0)).join(', ')}; exit ${f.exitCode})`);
  }
}
