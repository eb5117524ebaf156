// ts-morph is heavy (it brings the TypeScript compiler): it is required on the first request for
// a source location and shared by every later one. Files are parsed on their own (no type
// checking, no dependency resolution): syntax is all a location needs.
import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import type { Project, SourceFile } from 'ts-morph';
import { compileCached } from '../code-cache.js';

type TsMorph = typeof import('ts-morph');

let loaded: { tsMorph: TsMorph; project: Project } | undefined;

/**
 * The TypeScript compiler ts-morph bundles (8.8 MB of JavaScript) put in require's cache from
 * V8's cached code (code-cache.ts): compiling it took about 250 ms of every run that shows a
 * location, from the cache about 75 ms. Without a cache folder it is required as usual.
 */
function preloadCompiler(require: NodeJS.Require): void {
  const file = require.resolve('@ts-morph/common/dist/typescript.js', { paths: [dirname(require.resolve('ts-morph'))] });
  if (require.cache[file]) return;
  const cached = compileCached(file, Module.wrap(readFileSync(file, 'utf8')), 'typescript');
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  const wrapper = cached.script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  require.cache[file] = mod;
  cached.save();
}

/** ts-morph, loaded synchronously on first use (it is CommonJS), so an error path can use it. */
export function tsMorph(): { tsMorph: TsMorph; project: Project } {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    preloadCompiler(require);
    const lib = require('ts-morph') as TsMorph;
    loaded = {
      tsMorph: lib,
      project: new lib.Project({
        skipAddingFilesFromTsConfig: true,
        skipFileDependencyResolution: true,
        skipLoadingLibFiles: true,
        compilerOptions: { allowJs: true, noLib: true },
      }),
    };
  }
  return loaded;
}

/** The parsed file as it is on disk now (parsed again when its text changed). */
export function sourceFile(file: string): SourceFile {
  const { project } = tsMorph();
  const existing = project.getSourceFile(file);
  if (existing) {
    existing.refreshFromFileSystemSync();
    return existing;
  }
  return project.addSourceFileAtPath(file);
}
