// The charting library as shipped: vega, vega-lite and vega-embed's single-file builds. The HTML
// page inlines their text; Node evaluates the same files to render SVG, so a chart is drawn by
// the same code in both places. One file each loads in a fraction of the time of vega's ES
// modules (about 30 packages), which keeps `--format svg` fast.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

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
const scripts: Array<{ script: Script; cache: string; fresh: boolean }> = [];

/** A short hash of a path, to tell installs apart in cache file names. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/**
 * V8's compiled code for the bundles, kept beside the CLI's own code cache in the temp folder:
 * compiling 770 KB of minified code is most of the time an SVG takes. V8 rejects a cache made by
 * another version or for other code; then, or when the folder is not writable, the code is simply
 * compiled again.
 */
function cacheFile(file: string): string {
  const stat = statSync(file);
  return join(tmpdir(), 'flopscope-code-cache', `vega-${hash(file)}-${basename(file)}-${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}.bin`);
}

/** A UMD build run as CommonJS, with `require` answering its declared dependencies. */
function loadUmd(file: string, deps: Readonly<Record<string, unknown>>): unknown {
  const module = { exports: {} as unknown };
  const requireDep = (name: string): unknown => {
    if (!(name in deps)) throw new Error(`${file} requires '${name}', which is not provided`);
    return deps[name];
  };
  const cache = cacheFile(file);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cache);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (module, exports, require) {${readFileSync(file, 'utf8')}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  scripts.push({ script, cache, fresh: !cachedData || script.cachedDataRejected === true });
  (script.runInThisContext() as (m: unknown, e: unknown, r: unknown) => void)(module, module.exports, requireDep);
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
  for (const entry of scripts) {
    if (!entry.fresh) continue;
    entry.fresh = false;
    try {
      mkdirSync(dirname(entry.cache), { recursive: true });
      const temp = `${entry.cache}.${process.pid}.tmp`;
      writeFileSync(temp, entry.script.createCachedData());
      renameSync(temp, entry.cache);
    } catch {
      // A read-only install runs without the cache.
    }
  }
}
