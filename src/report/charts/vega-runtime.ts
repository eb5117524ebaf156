// The charting library as shipped: vega, vega-lite and vega-embed's single-file builds. The HTML
// page inlines their text; Node evaluates the same files to render SVG, so a chart is drawn by
// the same code in both places. One file each loads in a fraction of the time of vega's ES
// modules (about 30 packages), which keeps `--format svg` fast.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { compileCached, type CachedScript } from '../../code-cache.js';

const require = createRequire(import.meta.url);

/** The single-file build of a package, next to the file its package entry resolves to. */
function buildFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(pkg)), file);
}

const FILES = {
  vega: () => buildFile('vega', 'vega.min.js'),
  vegaLite: () => buildFile('vega-lite', 'vega-lite.min.js'),
  vegaEmbed: () => buildFile('vega-embed', 'vega-embed.min.js'),
} as const;

/** The scripts a page needs, in load order (vega-lite and vega-embed expect the globals before them). */
export function vegaScripts(): string[] {
  return [FILES.vega(), FILES.vegaLite(), FILES.vegaEmbed()].map((f) => readFileSync(f, 'utf8'));
}

/** The parts of vega and vega-lite that rendering in Node uses. */
export interface VegaRuntime {
  readonly vega: {
    parse(spec: unknown, config?: unknown): unknown;
    View: new (runtime: unknown, options: { renderer: 'none'; logLevel?: number }) => { toSVG(): Promise<string>; finalize(): void; logger(logger: unknown): unknown };
    Warn: number;
  };
  readonly vegaLite: { compile(spec: unknown, options?: { logger?: unknown }): { spec: unknown } };
}

let runtime: VegaRuntime | undefined;
const scripts: CachedScript[] = [];

/**
 * A UMD build run as CommonJS, with `require` answering its declared dependencies. Its compiled
 * code is cached (code-cache.ts): compiling 770 KB of minified code is most of an SVG's time.
 */
function loadUmd(file: string, deps: Readonly<Record<string, unknown>>): unknown {
  const module = { exports: {} as unknown };
  const requireDep = (name: string): unknown => {
    if (!(name in deps)) throw new Error(`${file} requires '${name}', which is not provided`);
    return deps[name];
  };
  const cached = compileCached(file, `(function (module, exports, require) {${readFileSync(file, 'utf8')}\n})`, `vega-${basename(file)}`);
  scripts.push(cached);
  (cached.script.runInThisContext() as (m: unknown, e: unknown, r: unknown) => void)(module, module.exports, requireDep);
  return module.exports;
}

export function loadVega(): VegaRuntime {
  if (!runtime) {
    const vega = loadUmd(FILES.vega(), {}) as VegaRuntime['vega'];
    const vegaLite = loadUmd(FILES.vegaLite(), { vega }) as VegaRuntime['vegaLite'];
    runtime = { vega, vegaLite };
  }
  return runtime;
}

/** After a first chart, keeps the compiled code (functions compiled while drawing included). */
export function saveVegaCache(): void {
  for (const cached of scripts) cached.save();
}
