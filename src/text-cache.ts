// Texts flopscope derives from a user's files and keeps between runs (transformed code, the index
// of a file's DSL calls), so a later run skips the work. Some of it is code that will run, so the
// cache must be this user's alone: a folder of the user's own (mode 0700: no other user can plant
// or read an entry), each entry keyed by a hash of everything that made it and checked against
// the hash of its text before use (a truncated or edited entry is made again). When no such folder
// can be had, flopscope runs without a cache: slower, never wrong.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { privateCacheFolder, privateFolder } from './cache-folder.js';
import { writeFileWhole } from './files.js';

const HEADER = /^\/\/ (flopscope-[a-z]+\/\d+) sha256=([0-9a-f]{64})\n/;

/** A hash of the parts, for keys and checks. */
export function sha256(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

export interface TextCache {
  /** The cached text for `key`, or the result of `make()` (stored for next time). */
  get(key: string, make: () => string): string;
}

const NO_CACHE: TextCache = { get: (_key, make) => make() };

/**
 * The cache of one kind of entry (`format`, e.g. 'flopscope-transform/2', named in each entry's
 * header so that an entry of another format is never taken) in `dir` (the user's cache folder by
 * default); a no-op when no private folder can be had.
 */
export function textCache(format: string, extension: string, dir?: string): TextCache {
  const folder = dir === undefined ? privateCacheFolder() : privateFolder(dir);
  if (!folder) return NO_CACHE;
  return {
    get(key, make) {
      const file = join(folder, `${key}${extension}`);
      try {
        const text = readFileSync(file, 'utf8');
        const m = HEADER.exec(text);
        const body = m ? text.slice(m[0].length) : undefined;
        if (m && m[1] === format && body !== undefined && sha256(body) === m[2]) return body;
      } catch {
        // missing or unreadable: made below
      }
      const body = make();
      try {
        writeFileWhole({ file }, `// ${format} sha256=${sha256(body)}\n${body}`);
      } catch {
        // A full disk only costs the work next time.
      }
      return body;
    },
  };
}
