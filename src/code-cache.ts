// V8's compiled code for large scripts flopscope runs (its bundled CLI, the charting library),
// kept between runs so a cold start compiles little. Cached code is code that runs, so it lives in
// flopscope's private cache folder (cache-folder.ts), never the shared temp folder; V8 itself
// rejects a cache made by another version or for other code, and then the script is compiled
// again. Plain Node, no dependencies: the binary uses it before the CLI is loaded.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { privateCacheFolder } from './cache-folder.js';

/** A short hash, to tell installs and commands apart in cache file names. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

export interface CachedScript {
  readonly script: Script;
  /** Writes the compiled code (functions compiled while running included) when there was no usable cache. */
  save(): void;
}

/** `source` (the text of `file`, perhaps wrapped) compiled with the cache named after `label`. */
export function compileCached(file: string, source: string, label: string): CachedScript {
  const dir = privateCacheFolder();
  const { size, mtimeMs } = statSync(file);
  const cache = dir && join(dir, `${label}-${shortHash(file)}-${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}.bin`);
  let cachedData: Buffer | undefined;
  try {
    if (cache) cachedData = readFileSync(cache);
  } catch {
    // No cache yet: compiled from source, cached by save().
  }
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  let fresh = cache !== undefined && (cachedData === undefined || script.cachedDataRejected === true);
  return {
    script,
    save() {
      if (!fresh || !cache) return;
      fresh = false;
      try {
        const partial = `${cache}.${process.pid}.tmp`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cache);
      } catch {
        // A cache that cannot be written only costs the compilation next time.
      }
    },
  };
}
