// ts-morph is heavy (it brings the TypeScript compiler): it is required on the first request for
// a source location and shared by every later one. Files are parsed on their own (no type
// checking, no dependency resolution): syntax is all a location needs.
import { createRequire } from 'node:module';
import type { Project, SourceFile } from 'ts-morph';

type TsMorph = typeof import('ts-morph');

let loaded: { tsMorph: TsMorph; project: Project } | undefined;

/** ts-morph, loaded synchronously on first use (it is CommonJS), so an error path can use it. */
export function tsMorph(): { tsMorph: TsMorph; project: Project } {
  if (!loaded) {
    const lib = createRequire(import.meta.url)('ts-morph') as TsMorph;
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
