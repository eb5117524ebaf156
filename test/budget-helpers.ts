// Shared by the budget tests: fixture projects copied to a scratch folder inside the repository
// (so `import 'flopscope'` resolves through node_modules), and the CLI run in-process.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCaptured } from '../src/cli/capture.js';
import type { CapturedRun } from '../src/cli/io.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = join(REPO, 'test', 'fixtures', 'budget');

/** User files import 'flopscope', which is the compiled package (npm install builds it). */
export function requireBuild(): void {
  if (!existsSync(join(REPO, 'dist', 'src', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` before these tests');
}

/** A fresh copy of every fixture project; returns the folder holding them. */
export function copyFixtures(): string {
  const scratch = join(REPO, '.flopscope-tmp');
  mkdirSync(scratch, { recursive: true });
  const root = mkdtempSync(join(scratch, 'budget-'));
  cpSync(FIXTURES, root, { recursive: true });
  return root;
}

export const cli = (argv: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CapturedRun> => runCaptured(argv, { env, cwd });

/** 1-based line and column of the n-th (0-based) occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' occurs fewer than ${nth + 1} times`);
  }
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Exact counts of the fixture's tiny family (3 blocks, 3x3 convs, padding 1, 32x32 input), from the formulas. */
export function tinyCounts(width: number, blocks = 3, hw = 32 * 32): { macs: number; params: number; activationElements: number } {
  let macs = 3 * width * 9 * hw; // stem conv, 3 -> width
  let params = 3 * width * 9 + width; // stem weights + bias
  let activationElements = width * hw;
  for (let i = 0; i < blocks; i++) {
    const cin = i === 0 ? width : i * width;
    const cout = (i + 1) * width;
    macs += cin * cout * 9 * hw;
    params += cin * cout * 9 + 2 * cout; // conv without bias, BN gamma and beta
    activationElements += 3 * cout * hw; // conv, bn, relu outputs
  }
  const features = blocks * width;
  macs += features * 10;
  params += features * 10 + 10;
  activationElements += features + 10; // pooled features, logits (flatten is a view)
  return { macs, params, activationElements };
}

/** A copy of the fixture projects for one test file (removed afterwards) and the tiny model's source. */
export function useFixtureProjects(): { readonly root: string; readonly tinySource: string } {
  const project = { root: '', tinySource: '' };
  beforeAll(() => {
    requireBuild();
    project.root = copyFixtures();
    project.tinySource = readFileSync(join(project.root, 'models', 'tiny.ts'), 'utf8');
  });
  afterAll(() => rmSync(project.root, { recursive: true, force: true }));
  return project;
}
