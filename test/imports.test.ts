// Imports run one way along the pipeline: shape -> ops -> dsl -> ir -> cost -> (exec, onnx, device,
// report, whatif, load, source, budget) -> cli, with no cycle between files or folders. Static,
// type-only and dynamic imports all count: a cycle through types is still a knot to untie.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const SRC = join(ROOT, 'src');

/** Each folder's place in the pipeline; a file may import only from its own rank or below. */
const RANK: Record<string, number> = {
  'errors.ts': 0, 'units.ts': 0, 'paths.ts': 0, 'cache-folder.ts': 0, 'code-cache.ts': 0, 'files.ts': 0, 'read-text.ts': 0, 'text-cache.ts': 0, 'version.ts': 0, shape: 0,
  ops: 1,
  dsl: 2,
  architectures: 3,
  ir: 4,
  'zoo.ts': 5,
  cost: 6,
  exec: 7, onnx: 7, device: 7, report: 7, whatif: 7, load: 7, source: 7, budget: 7,
  cli: 8, api: 8,
  'index.ts': 9,
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The first component under src/ (or 'architectures'): the unit the layering speaks of. */
function unitOf(file: string): string {
  const rel = relative(SRC, file);
  if (rel.startsWith('..')) return relative(ROOT, file).split('/')[0];
  return rel.split('/')[0];
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|^import\s+'([^']+)'/gm)]
    .map((m) => m[1] ?? m[2] ?? m[3])
    .filter((s): s is string => s !== undefined && s.startsWith('.'));
  return specs.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

const all = [...files(SRC), ...files(join(ROOT, 'architectures'))];
const graph = new Map(all.map((f) => [f, importsOf(f).filter((t) => all.includes(t))]));

/** Strongly connected components with more than one member (Tarjan). */
function cycles<T>(edges: Map<T, readonly T[]>): T[][] {
  let index = 0;
  const idx = new Map<T, number>();
  const low = new Map<T, number>();
  const stack: T[] = [];
  const on = new Set<T>();
  const out: T[][] = [];
  const visit = (v: T): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: T[] = [];
      let w: T;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc);
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('imports run one way', () => {
  it('every file and folder has a place in the pipeline', () => {
    const unplaced = [...new Set(all.map(unitOf))].filter((u) => RANK[u] === undefined);
    expect(unplaced).toEqual([]);
  });

  it('no file imports from a later stage of the pipeline', () => {
    const backwards: string[] = [];
    for (const [file, targets] of graph) {
      for (const t of targets) {
        if (RANK[unitOf(t)] > RANK[unitOf(file)]) backwards.push(`${relative(ROOT, file)} -> ${relative(ROOT, t)}`);
      }
    }
    expect(backwards).toEqual([]);
  });

  it('no cycle between files', () => {
    expect(cycles(graph).map((c) => c.map((f) => relative(ROOT, f)).sort())).toEqual([]);
  });

  it('no cycle between folders', () => {
    const folders = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      const from = unitOf(file);
      const list = folders.get(from) ?? [];
      for (const t of targets) if (unitOf(t) !== from && !list.includes(unitOf(t))) list.push(unitOf(t));
      folders.set(from, list);
    }
    expect(cycles(folders)).toEqual([]);
  });
});
